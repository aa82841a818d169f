"""Fixtures of the chat socket tests (helpers: tests/messaging/sockets.py)."""

import pytest
from channels.layers import channel_layers
from django.core.cache import cache
from django.db import connections

from werkplein.messaging import services


@pytest.fixture
def in_memory_layer(settings):
    """The in-memory channel layer for the socket tests (tests/messaging/sockets.py)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends = {}
    cache.clear()  # the flood limit counts in the cache
    # The consumer's pool threads close their connections after each call, so none is left
    # open when the test database is dropped (PostgreSQL).
    database = connections.settings["default"]
    max_age = database.get("CONN_MAX_AGE", 0)
    database["CONN_MAX_AGE"] = 0
    yield
    database["CONN_MAX_AGE"] = max_age
    channel_layers.backends = {}
    cache.clear()


@pytest.fixture
def chat(transactional_db, world):
    """The client's conversation with his coach."""
    return services.start_conversation(
        actor=world.users["coach"], client=world.client_user_client, subject="Sollicitatie"
    )
