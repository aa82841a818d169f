"""Generated data shared by the tests of a module: made once, rolled back when the module ends."""

import pytest
from django.db import transaction

from werkplein.core import seeding

SCALE_CLIENTS = 300


def _quiet(line: str) -> None:
    pass


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield seeding.seed_demo(out=_quiet)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def scale(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield seeding.seed_scale(SCALE_CLIENTS, out=_quiet)
        transaction.set_rollback(True)
