"""The chat socket: who may open it, what it delivers, and when it closes.

Each test drives the real ASGI application (werkplein.asgi) with Channels' WebsocketCommunicator
and the in-memory channel layer, inside one event loop (`run`), against a committed database
(the helpers: tests/messaging/sockets.py).
"""

import json
import uuid

import pytest
from channels.db import database_sync_to_async
from django.contrib.sessions.models import Session

from tests.messaging.sockets import (
    TIMEOUT,
    assert_bad_frame_refused_and_socket_kept,
    closed_with,
    receive,
    run,
    send_message,
    session_of,
    socket,
)
from werkplein.messaging import services
from werkplein.messaging.consumers import CLOSE_NO_ACCESS, CLOSE_SESSION_ENDED
from werkplein.messaging.models import Message

pytestmark = pytest.mark.usefixtures("in_memory_layer")


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
    assert_bad_frame_refused_and_socket_kept(http, chat, frame, expected)


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
