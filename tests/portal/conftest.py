"""Fixtures for Mijn Werkplein: the client account of world.client_user_client, logged in."""

import pytest

from werkplein.clients.models import Client


@pytest.fixture
def me(world):
    """The client's own record, fresh from the database."""
    return Client.objects.get(pk=world.client_user_client.pk)


@pytest.fixture
def http(world, login):
    return login(world.users["client"])


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Runs on-commit callbacks (e-mails, through the outbox) of what happens inside the block,
    once, as a commit does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
