"""Regressions found in the review of issue 4 (messaging)."""

import json
import uuid

import pytest

from tests.messaging.sockets import (
    TIMEOUT,
    assert_bad_frame_refused_and_socket_kept,
    receive,
    run,
    session_of,
    socket,
)
from werkplein.messaging import services
from werkplein.messaging.models import Message

pytestmark = pytest.mark.usefixtures("in_memory_layer")


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        # Nested deeper than the JSON parser recurses: not a crash of the socket.
        ("[" * 50_000, "kon niet worden gelezen"),
        # A lone surrogate is valid JSON but no text the database can store.
        (
            json.dumps(
                {
                    "type": "send",
                    "text": "Hoi \ud800",
                    "client_token": "00000000-0000-4000-8000-000000000004",
                }
            ),
            "niet is toegestaan",
        ),
    ],
)
def test_garbled_frames_get_a_dutch_error_and_keep_the_socket(chat, world, frame, expected):
    http = session_of(world.users["client"])
    assert_bad_frame_refused_and_socket_kept(http, chat, frame, expected)


def test_a_lone_surrogate_in_a_message_is_refused_in_dutch(db, world):
    conversation = services.start_conversation(
        actor=world.users["coach"], client=world.client_user_client, subject="Sollicitatie"
    )
    with pytest.raises(services.ValidationError) as refused:
        services.send_message(
            actor=world.users["client"],
            conversation=conversation,
            text=json.loads('"Hoi \\udc80"'),
            client_token=uuid.uuid4(),
        )
    assert "niet is toegestaan" in " ".join(refused.value.messages)
    assert not Message.objects.filter(conversation=conversation).exists()


def test_a_channel_layer_failure_does_not_lose_the_unread_notice(
    db, world, monkeypatch, django_capture_on_commit_callbacks
):
    """Redis down: the message is stored and its sender gets no error for it; the open chat
    windows miss it, but the recipients are still told by e-mail or SMS."""
    from werkplein.messaging import realtime
    from werkplein.notifications.models import OutgoingMessage

    def layer_down(message):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(realtime, "broadcast_message", layer_down)
    conversation = services.start_conversation(
        actor=world.users["coach"], client=world.client_user_client, subject="Sollicitatie"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(
            actor=world.users["client"],
            conversation=conversation,
            text="Is er iemand?",
            client_token=uuid.uuid4(),
        )
    assert Message.objects.filter(conversation=conversation).count() == 1
    rows = OutgoingMessage.objects.filter(recipient_user=world.users["coach"])
    assert list(rows.values_list("notice", flat=True)) == ["messaging.new_message"]


def test_logging_out_works_while_the_channel_layer_is_down(db, world, monkeypatch):
    from django.contrib.sessions.models import Session

    from werkplein.messaging import realtime

    def layer_down(group, event):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(realtime, "_send", layer_down)
    http = session_of(world.users["client"])
    key = http.cookies["sessionid"].value
    response = http.post("/accounts/logout/")
    assert response.status_code in (200, 302)
    assert not Session.objects.filter(session_key=key).exists()


def test_a_message_sent_over_the_socket_is_logged_as_a_change(chat, world):
    """As a post of the page form is: the access log shows who changed the dossier."""
    from werkplein.audit.models import AccessEvent

    http = session_of(world.users["client"])

    async def body():
        ws = socket(http, chat.pk)
        assert (await ws.connect(timeout=TIMEOUT))[0]
        await ws.send_json_to({"type": "send", "text": "Hallo", "client_token": str(uuid.uuid4())})
        assert (await receive(ws))["type"] == "message"
        await ws.disconnect()

    run(body)
    actions = list(
        AccessEvent.objects.filter(user=world.users["client"], detail=f"gesprek {chat.pk}")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["read", "update"]  # opening the socket, then the message
