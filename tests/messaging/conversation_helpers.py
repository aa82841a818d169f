"""Shared set-up for the conversation tests (tests/messaging/test_conversations*.py)."""

import uuid

import pytest

from werkplein.messaging import services


@pytest.fixture(autouse=True)
def _fresh_rate_limit(monkeypatch):
    """The flood limit counts in the cache per user id, and ids repeat between tests: each test
    counts under a group of its own (a shared Redis cache is never flushed)."""
    monkeypatch.setattr(services, "RATE_GROUP", f"test-{uuid.uuid4()}")


def start(world, client=None, actor=None, subject="Sollicitatie bij de bakker", **kwargs):
    client = client or world.client_user_client
    actor = actor or world.users["coach"]
    return services.start_conversation(actor=actor, client=client, subject=subject, **kwargs)


def send(conversation, actor, text="Hallo", token=None, **kwargs):
    return services.send_message(
        actor=actor,
        conversation=conversation,
        text=text,
        client_token=token or uuid.uuid4(),
        **kwargs,
    )
