"""Across processes: two server processes share one Redis channel layer, so a message sent to
one reaches a window connected to the other within a second."""

import asyncio
import concurrent.futures
import json
import time
import uuid

import pytest
import redis
from websockets.asyncio.client import connect

from tests.live_site import (  # noqa: F401
    demo_conversation,
    free_port,
    http_login,
    live_site,
    redis_test_url,
)
from werkplein.messaging.models import Message

REDIS_URL = redis_test_url()


def open_socket(port: int, conversation_id: int, cookies: dict):
    return connect(
        f"ws://127.0.0.1:{port}/ws/gesprekken/{conversation_id}/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"sessionid={cookies['sessionid']}"},
        open_timeout=5,
    )


@pytest.fixture
def redis_layer():
    try:
        connection = redis.Redis.from_url(REDIS_URL)
        connection.flushdb()
    except redis.RedisError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    yield {"REDIS_URL": REDIS_URL}
    connection.flushdb()


def test_a_message_through_one_server_reaches_a_window_on_the_other(live_site, redis_layer):  # noqa: F811
    first, second = free_port(), free_port()
    servers = [live_site.start_server(port, env=redis_layer) for port in (first, second)]
    coach = http_login(f"http://127.0.0.1:{first}", "coach1")
    client = http_login(f"http://127.0.0.1:{second}", "client1")
    conversation = demo_conversation(live_site, "client1")
    token = str(uuid.uuid4())

    async def chat():
        async with (
            open_socket(first, conversation, coach) as coach_ws,
            open_socket(second, conversation, client) as client_ws,
        ):
            started = time.monotonic()
            frame = {"type": "send", "text": "Tot morgen om tien uur", "client_token": token}
            await coach_ws.send(json.dumps(frame))
            await coach_ws.send(json.dumps(frame))  # a double click
            seen = json.loads(await asyncio.wait_for(client_ws.recv(), timeout=1.0))
            elapsed = time.monotonic() - started
            assert seen["type"] == "message"
            assert "Tot morgen om tien uur" in seen["html"]
            # The double click made one message: nothing else arrives.
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(client_ws.recv(), timeout=0.5)
            return elapsed

    try:
        elapsed = in_own_loop(chat)
    except Exception:
        for server in servers:
            print(live_site.log(server))
        raise
    assert elapsed < 1.0
    table = Message._meta.db_table
    count = live_site.sql(
        f"SELECT count(*) FROM {table} WHERE client_token = %s",  # noqa: S608
        [uuid.UUID(token).hex],
    )
    assert count == [(1,)]


def test_an_idle_window_still_hears_of_a_message(live_site, redis_layer):  # noqa: F811
    port = free_port()
    server = live_site.start_server(port, env=redis_layer)
    base = f"http://127.0.0.1:{port}"
    coach, client = http_login(base, "coach1"), http_login(base, "client1")
    conversation = demo_conversation(live_site, "client1")

    async def chat():
        async with (
            open_socket(port, conversation, coach) as coach_ws,
            open_socket(port, conversation, client) as client_ws,
        ):
            await asyncio.sleep(7)  # nobody writes for a while
            frame = {"type": "send", "text": "Nog daar?", "client_token": str(uuid.uuid4())}
            await coach_ws.send(json.dumps(frame))
            seen = json.loads(await asyncio.wait_for(client_ws.recv(), timeout=2.0))
            assert "Nog daar?" in seen["html"]

    try:
        in_own_loop(chat)
    finally:
        live_site.stop(server)


def in_own_loop(coroutine_function):
    """asyncio.run in a thread of its own: another test may leave an event loop running in the
    main thread (Playwright's keeps one for the whole session), and asyncio.run refuses that."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine_function()).result()
