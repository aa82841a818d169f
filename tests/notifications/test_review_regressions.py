"""Regressions found in the review of issue 4 (notifications)."""

import pytest

from werkplein.notifications.models import OutgoingMessage

from . import outbox_notices  # noqa: F401
from .test_gateways import post, sent_sms  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_a_signed_callback_nested_too_deep_is_a_400_not_a_500(client, sent_sms):  # noqa: F811
    before = OutgoingMessage.objects.values().get(pk=sent_sms.pk)
    response = post(client, b"[" * 100_000)
    assert response.status_code == 400
    assert "error" in response.json()
    assert OutgoingMessage.objects.values().get(pk=sent_sms.pk) == before
