"""Settings switches for the account tests."""

import pytest


@pytest.fixture
def require_2fa(settings):
    settings.WERKPLEIN_REQUIRE_2FA = True
