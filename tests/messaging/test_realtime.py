"""The chat socket: who may open it, what it delivers, and when it closes.

Each test drives the real ASGI application (werkplein.asgi) with Channels' WebsocketCommunicator
and the in-memory channel layer, inside one event loop (`run`), against a committed database.
"""

import concurrent.futures
import json
import uuid

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connections
from django.test import Client as HttpClient

from werkplein.messaging import services
from werkplein.messaging.consumers import CLOSE_NO_ACCESS, CLOSE_SESSION_ENDED
from werkplein.messaging.models import Message

TIMEOUT = 3


class WebsocketCommunicator(ApplicationCommunicator):
    """channels.testing.WebsocketCommunicator, which cannot be imported without daphne.

    The consumer does its database work in pool threads, each with its own connection (closed
    after each call: see `_in_memory_layer`), never on the test's own connection.
    """

    def __init__(self, application, path: str, headers: list) -> None:
        scope = {
            "type": "websocket",
            "path": path,
            "query_string": b"",
            "headers": headers,
            "subprotocols": [],
        }
        super().__init__(application, scope)

    async def connect(self, timeout=1) -> tuple[bool, object]:
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            return False, response.get("code", 1000)
        assert response["type"] == "websocket.accept", response
        return True, response.get("subprotocol")

    async def send_to(self, text_data: str) -> None:
        await self.send_input({"type": "websocket.receive", "text": text_data})

    async def send_json_to(self, data) -> None:
        await self.send_to(json.dumps(data))

    async def receive_from(self, timeout=1) -> str:
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return response["text"]

    async def disconnect(self, code=1000, timeout=1) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


@pytest.fixture(autouse=True)
def _in_memory_layer(settings):
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


def run(coroutine_function):
    """Runs an async test body in one event loop (pytest-asyncio is not installed).

    In a thread of its own: the browser tests' Playwright keeps an event loop in the main
    thread for the whole session, and async_to_sync refuses to run beside a running loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(async_to_sync(coroutine_function)).result()


def session_of(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return http


def socket(http: HttpClient | None, conversation_id, origin="http://127.0.0.1"):
    from werkplein.asgi import application

    headers = [(b"origin", origin.encode()), (b"host", b"127.0.0.1")]
    if http is not None:
        cookie = http.cookies["sessionid"].value
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    return WebsocketCommunicator(application, f"/ws/gesprekken/{conversation_id}/", headers=headers)


send_message = database_sync_to_async(
    lambda **kwargs: services.send_message(**{"client_token": uuid.uuid4(), **kwargs})
)


async def receive(communicator) -> dict:
    return json.loads(await communicator.receive_from(timeout=TIMEOUT))


async def closed_with(communicator) -> int:
    output = await communicator.receive_output(timeout=TIMEOUT)
    assert output["type"] == "websocket.close", output
    return output.get("code")


def test_a_participant_sees_a_message_sent_through_the_service(chat, world):
    coach, client = world.users["coach"], world.users["client"]
    http = session_of(client)

    async def body():
        ws = socket(http, chat.pk)
        connected, _ = await ws.connect(timeout=TIMEOUT)
        assert connected
        message = await send_message(actor=coach, conversation=chat, text="Welkom terug")
        event = await receive(ws)
        assert event["type"] == "message"
        assert event["id"] == message.pk
        assert "Welkom terug" in event["html"]
        assert f'id="message-{message.pk}"' in event["html"]
        await ws.disconnect()

    run(body)
    # The window was open: the message counts as read.
    participant = chat.participants.get(user=client)
    assert participant.last_read_at is not None


@pytest.mark.parametrize("who", ["teammate", "other_coach", "foreign", "anonymous"])
def test_only_participants_open_the_socket(chat, world, who):
    from tests.factories import UserFactory

    if who == "anonymous":
        http = None
    elif who == "foreign":
        http = session_of(UserFactory(username="vreemde"))
    else:
        http = session_of(world.users[who])

    async def body():
        ws = socket(http, chat.pk)
        connected, _ = await ws.connect(timeout=TIMEOUT)
        assert not connected

    run(body)


def test_an_unknown_conversation_and_a_foreign_origin_are_refused(chat, world):
    http = session_of(world.users["client"])

    async def body():
        ws = socket(http, chat.pk + 1000)
        assert not (await ws.connect(timeout=TIMEOUT))[0]
        ws = socket(http, chat.pk, origin="https://evil.example")
        assert not (await ws.connect(timeout=TIMEOUT))[0]

    run(body)


def test_a_message_typed_in_the_socket_reaches_the_other_window_once(chat, world):
    coach_http, client_http = session_of(world.users["coach"]), session_of(world.users["client"])
    token = str(uuid.uuid4())

    async def body():
        coach_ws, client_ws = socket(coach_http, chat.pk), socket(client_http, chat.pk)
        assert (await coach_ws.connect(timeout=TIMEOUT))[0]
        assert (await client_ws.connect(timeout=TIMEOUT))[0]
        frame = {"type": "send", "text": "<b>Hallo</b>\nTot morgen", "client_token": token}
        # A double click: the same token twice.
        await coach_ws.send_json_to(frame)
        await coach_ws.send_json_to(frame)
        first, second = await receive(coach_ws), await receive(coach_ws)
        assert first["type"] == second["type"] == "message"
        assert first["id"] == second["id"]
        assert first["client_token"] == token
        seen = await receive(client_ws)
        assert seen["id"] == first["id"]
        # HTML typed is shown as text.
        assert "&lt;b&gt;Hallo&lt;/b&gt;" in seen["html"]
        assert "<b>" not in seen["html"]
        assert await client_ws.receive_nothing(timeout=0.3)
        await coach_ws.disconnect()
        await client_ws.disconnect()

    run(body)
    assert Message.objects.filter(conversation=chat).count() == 1


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        ("niet-json{", "kon niet worden gelezen"),
        ("[1, 2]", "kon niet worden gelezen"),
        (json.dumps({"type": "delete", "id": 1}), "Onbekende opdracht"),
        (
            json.dumps(
                {
                    "type": "send",
                    "text": "   ",
                    "client_token": "00000000-0000-4000-8000-000000000001",
                }
            ),
            "Schrijf",
        ),
        (
            json.dumps(
                {
                    "type": "send",
                    "text": "x" * 5001,
                    "client_token": "00000000-0000-4000-8000-000000000002",
                }
            ),
            "te lang",
        ),
        (
            json.dumps({"type": "send", "text": "Hoi", "client_token": "geen-uuid"}),
            "Laad de pagina",
        ),
        (
            json.dumps(
                {
                    "type": "send",
                    "text": ["Hoi"],
                    "client_token": "00000000-0000-4000-8000-000000000003",
                }
            ),
            "Schrijf",
        ),
    ],
)
def test_bad_frames_get_a_dutch_error_and_store_nothing(chat, world, frame, expected):
    http = session_of(world.users["client"])

    async def body():
        ws = socket(http, chat.pk)
        assert (await ws.connect(timeout=TIMEOUT))[0]
        await ws.send_to(text_data=frame)
        answer = await receive(ws)
        assert answer["type"] == "error"
        assert expected in answer["message"]
        # The socket stays open and still works.
        await ws.send_json_to(
            {"type": "send", "text": "Nog één", "client_token": str(uuid.uuid4())}
        )
        assert (await receive(ws))["type"] == "message"
        await ws.disconnect()

    run(body)
    assert list(Message.objects.filter(conversation=chat).values_list("text", flat=True)) == [
        "Nog één"
    ]


def test_the_flood_limit_answers_in_dutch(chat, world, settings):
    settings.WERKPLEIN_MESSAGE_RATE = "2/m"
    http = session_of(world.users["client"])

    async def body():
        ws = socket(http, chat.pk)
        assert (await ws.connect(timeout=TIMEOUT))[0]
        for n in range(3):
            await ws.send_json_to(
                {"type": "send", "text": f"{n}", "client_token": str(uuid.uuid4())}
            )
        answers = [await receive(ws) for _ in range(3)]
        assert [a["type"] for a in answers] == ["message", "message", "error"]
        assert "te veel berichten" in answers[2]["message"]
        await ws.disconnect()

    run(body)
    assert Message.objects.filter(conversation=chat).count() == 2


def test_logging_out_closes_the_socket(chat, world):
    http = session_of(world.users["client"])

    async def body():
        ws = socket(http, chat.pk)
        assert (await ws.connect(timeout=TIMEOUT))[0]
        await database_sync_to_async(http.post)("/accounts/logout/")
        assert await closed_with(ws) == CLOSE_SESSION_ENDED

    run(body)


def test_logging_out_elsewhere_leaves_this_session_open(chat, world):
    """Only the sockets of the session that logged out close."""
    client = world.users["client"]
    here, elsewhere = session_of(client), session_of(client)

    async def body():
        ws = socket(here, chat.pk)
        assert (await ws.connect(timeout=TIMEOUT))[0]
        await database_sync_to_async(elsewhere.post)("/accounts/logout/")
        assert await ws.receive_nothing(timeout=0.3)
        await ws.disconnect()

    run(body)


def test_a_revoked_session_closes_the_socket_at_the_next_event(chat, world):
    coach, client = world.users["coach"], world.users["client"]
    http = session_of(client)

    async def body():
        ws = socket(http, chat.pk)
        assert (await ws.connect(timeout=TIMEOUT))[0]
        await database_sync_to_async(Session.objects.all().delete)()
        await send_message(actor=coach, conversation=chat, text="Geheim")
        assert await closed_with(ws) == CLOSE_SESSION_ENDED

    run(body)


def test_a_revoked_session_cannot_send(chat, world):
    http = session_of(world.users["client"])

    async def body():
        ws = socket(http, chat.pk)
        assert (await ws.connect(timeout=TIMEOUT))[0]
        await database_sync_to_async(Session.objects.all().delete)()
        await ws.send_json_to({"type": "send", "text": "Hoi", "client_token": str(uuid.uuid4())})
        assert await closed_with(ws) == CLOSE_SESSION_ENDED

    run(body)
    assert not Message.objects.filter(conversation=chat).exists()


def test_a_deactivated_user_is_dropped_at_the_next_event(chat, world):
    coach, client = world.users["coach"], world.users["client"]
    http = session_of(client)

    async def body():
        ws = socket(http, chat.pk)
        assert (await ws.connect(timeout=TIMEOUT))[0]
        client.is_active = False
        await database_sync_to_async(client.save)(update_fields=["is_active"])
        await send_message(actor=coach, conversation=chat, text="Geheim")
        assert await closed_with(ws) == CLOSE_NO_ACCESS

    run(body)


def test_a_coach_who_loses_the_client_is_dropped(chat, world):
    """The coach's socket is open; the client moves to another coach outside his reach."""
    coach, client = world.users["coach"], world.users["client"]
    http = session_of(coach)
    record = world.client_user_client

    async def body():
        ws = socket(http, chat.pk)
        assert (await ws.connect(timeout=TIMEOUT))[0]
        record.coach = world.users["other_coach"]
        record.team = world.team_private
        await database_sync_to_async(record.save)(update_fields=["coach", "team"])
        await send_message(actor=client, conversation=chat, text="Hallo?")
        assert await closed_with(ws) == CLOSE_NO_ACCESS

    run(body)


def test_drop_user_sockets_closes_every_socket_of_the_user(chat, world):
    from werkplein.messaging.realtime import drop_user_sockets

    client = world.users["client"]
    first, second = session_of(client), session_of(client)

    async def body():
        a, b = socket(first, chat.pk), socket(second, chat.pk)
        assert (await a.connect(timeout=TIMEOUT))[0]
        assert (await b.connect(timeout=TIMEOUT))[0]
        await database_sync_to_async(drop_user_sockets)(client.pk)
        assert await closed_with(a) == CLOSE_SESSION_ENDED
        assert await closed_with(b) == CLOSE_SESSION_ENDED

    run(body)


def test_messages_of_another_conversation_are_not_delivered(chat, world):
    coach, client = world.users["coach"], world.users["client"]
    http = session_of(client)

    async def body():
        other = await database_sync_to_async(services.start_conversation)(
            actor=coach, client=world.client_user_client, subject="Anders"
        )
        ws = socket(http, chat.pk)
        assert (await ws.connect(timeout=TIMEOUT))[0]
        await send_message(actor=coach, conversation=other, text="Elders")
        assert await ws.receive_nothing(timeout=0.3)
        await ws.disconnect()

    run(body)
