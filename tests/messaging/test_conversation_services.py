"""Starting conversations and sending messages: validation, idempotency, flood limit, logbook."""

import datetime
import threading
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from werkplein.clients.models import Client
from werkplein.core.access import ClientNotFound
from werkplein.logbook.models import EntryKind, LogEntry, Visibility
from werkplein.messaging import selectors, services, tasks
from werkplein.messaging.models import Absence, Conversation, Message, Participant

from .conversation_helpers import _fresh_rate_limit, send, start  # noqa: F401

pytestmark = pytest.mark.django_db


def test_start_takes_in_client_and_coach(world):
    conversation = start(world)
    people = set(conversation.participants.values_list("user__username", flat=True))
    assert people == {"coach", "client"}
    assert conversation.werkplein_id == world.client_user_client.werkplein_id


def test_start_with_teammate_who_reaches_the_client(world):
    conversation = start(world, participants=[world.users["teammate"]])
    assert conversation.participants.filter(user=world.users["teammate"]).exists()


@pytest.mark.parametrize("name", ["other_coach", "provider_staff", "quality_officer", "employer"])
def test_start_refuses_people_who_do_not_reach_the_client(world, name):
    with pytest.raises(ValidationError) as caught:
        start(world, participants=[world.users[name]])
    assert "participants" in caught.value.message_dict
    assert not Conversation.objects.exists()


def test_start_refuses_a_foreign_client(world):
    with pytest.raises(ClientNotFound):
        start(world, client=world.private_team_client)
    with pytest.raises(ClientNotFound):
        start(world, client=world.own_client, actor=world.users["client"])
    assert not Conversation.objects.exists()


@pytest.mark.parametrize("subject", ["", "   ", "x" * 121])
def test_start_needs_a_subject(world, subject):
    with pytest.raises(ValidationError) as caught:
        start(world, subject=subject)
    assert "subject" in caught.value.message_dict


def test_first_conversation_is_made_once(world):
    client = world.client_user_client
    first = services.first_conversation(actor=world.users["client"], client=client)
    assert first is not None
    assert services.first_conversation(actor=world.users["coach"], client=client) is None
    assert services.first_conversation(actor=world.users["teammate"], client=client) is None
    assert Conversation.objects.count() == 1


def test_send_message_writes_logbook_and_times(world, django_capture_on_commit_callbacks):
    conversation = start(world)
    with django_capture_on_commit_callbacks(execute=True):
        message = send(conversation, world.users["client"], "  Goedemorgen  ")
    assert message.text == "Goedemorgen"
    entry = message.log_entry
    assert entry.kind == EntryKind.MESSAGE
    assert entry.visibility == Visibility.CLIENT
    assert conversation.subject in entry.text
    assert "Goedemorgen" not in entry.text  # the logbook says a message went, not what it said
    conversation.refresh_from_db()
    assert conversation.last_message_at == message.created_at
    mine = Participant.objects.get(conversation=conversation, user=world.users["client"])
    assert mine.last_read_at == message.created_at
    assert selectors.unread_count(world.users["client"]) == 0
    assert selectors.unread_count(world.users["coach"]) == 1


def test_unread_messages_of_a_client_no_longer_reached_are_not_counted(
    world, django_capture_on_commit_callbacks
):
    conversation = start(world)
    with django_capture_on_commit_callbacks(execute=True):
        send(conversation, world.users["client"], "Hallo?")
    coach = world.users["coach"]
    assert selectors.unread_count(coach) == 1
    # The client moves to another team's coach; his old coach no longer reaches him.
    Client.objects.filter(pk=conversation.client_id).update(
        coach=world.users["other_coach"], team=world.team_private
    )

    assert selectors.unread_count(coach) == 0


def test_internal_conversation_has_internal_logbook_entry(world):
    conversation = start(world, client=world.own_client, participants=[world.users["teammate"]])
    message = send(conversation, world.users["coach"])
    assert message.log_entry.visibility == Visibility.INTERNAL


def test_same_token_makes_one_message(world, django_capture_on_commit_callbacks):
    conversation = start(world)
    token = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        first = send(conversation, world.users["coach"], "Een", token)
    with django_capture_on_commit_callbacks() as callbacks:
        again = send(conversation, world.users["coach"], "Een", token)
    assert first.pk == again.pk
    assert callbacks == []  # no second broadcast or notice
    assert Message.objects.count() == 1
    assert LogEntry.objects.filter(kind=EntryKind.MESSAGE).count() == 1


def test_same_token_other_author_is_another_message(world):
    conversation = start(world)
    token = uuid.uuid4()
    send(conversation, world.users["coach"], "Een", token)
    send(conversation, world.users["client"], "Twee", token)
    assert Message.objects.count() == 2


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Schrijf een bericht"),
        ("   \n  ", "Schrijf een bericht"),
        ("a" * 5001, "te lang"),
        ("nul\x00byte", "niet is toegestaan"),
        (None, "Schrijf een bericht"),
    ],
)
def test_bad_text_is_refused_in_dutch(world, text, fragment):
    conversation = start(world)
    with pytest.raises(ValidationError) as caught:
        send(conversation, world.users["coach"], text)
    assert fragment in " ".join(caught.value.message_dict["text"])
    assert not Message.objects.exists()
    assert not LogEntry.objects.filter(kind=EntryKind.MESSAGE).exists()


def test_length_limit_follows_setting(world, settings):
    settings.WERKPLEIN_MESSAGE_MAX_LENGTH = 10
    conversation = start(world)
    send(conversation, world.users["coach"], "a" * 10)
    with pytest.raises(ValidationError):
        send(conversation, world.users["coach"], "a" * 11)


@pytest.mark.parametrize("token", ["", "niet-een-uuid", None, "123"])
def test_garbage_token_is_refused(world, token):
    conversation = start(world)
    with pytest.raises(ValidationError) as caught:
        services.send_message(
            actor=world.users["coach"], conversation=conversation, text="Hoi", client_token=token
        )
    assert "client_token" in caught.value.message_dict
    assert not Message.objects.exists()


def test_flood_limit_stops_sender_keeps_sent_messages(world, settings):
    settings.WERKPLEIN_MESSAGE_RATE = "3/m"
    conversation = start(world)
    for n in range(3):
        send(conversation, world.users["coach"], f"Bericht {n}")
    with pytest.raises(services.TooManyMessages) as caught:
        send(conversation, world.users["coach"], "Nog een")
    assert "te veel berichten" in " ".join(caught.value.message_dict["text"])
    assert Message.objects.count() == 3
    # Someone else is not held back by the coach's flood.
    send(conversation, world.users["client"], "Ik mag nog")
    # A retry of a message already sent is not a new one and passes.
    first = Message.objects.order_by("pk").first()
    assert send(conversation, world.users["coach"], "Bericht 0", first.client_token) == first


def test_non_participant_cannot_send(world):
    conversation = start(world)
    with pytest.raises(ClientNotFound):
        send(conversation, world.users["teammate"])
    assert not Message.objects.exists()


def test_mark_read_clears_unread(world):
    conversation = start(world)
    send(conversation, world.users["client"])
    send(conversation, world.users["client"])
    assert selectors.unread_count(world.users["coach"]) == 2
    services.mark_read(user=world.users["coach"], conversation=conversation)
    assert selectors.unread_count(world.users["coach"]) == 0


def test_stand_in_takes_part_while_coach_is_absent(world, django_capture_on_commit_callbacks):
    conversation = start(world)
    coach, teammate = world.users["coach"], world.users["teammate"]
    today = timezone.localdate()
    Absence.objects.create(
        werkplein_id=coach.werkplein_id,
        coach=coach,
        stand_in=teammate,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=3),
        created_by=coach,
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(conversation, world.users["client"], "Is er iemand?")
    stand_in = Participant.objects.get(conversation=conversation, user=teammate)
    assert stand_in.standing_in_for == coach
    assert selectors.unread_count(teammate) == 1
    assert selectors.conversation_for(teammate, conversation.pk) == conversation


def test_unread_notice_once_per_unread_stretch(world, django_capture_on_commit_callbacks):
    conversation = start(world)
    with django_capture_on_commit_callbacks(execute=True):
        send(conversation, world.users["client"], "Een")
        send(conversation, world.users["client"], "Twee")
    coach_part = Participant.objects.get(conversation=conversation, user=world.users["coach"])
    assert coach_part.notified_at is not None
    from werkplein.notifications.models import OutgoingMessage

    rows = OutgoingMessage.objects.filter(recipient_user=world.users["coach"])
    assert rows.count() == 1
    assert rows.get().notice == "messaging.new_message"
    # After he reads, the next message may be told again.
    services.mark_read(user=world.users["coach"], conversation=conversation)
    with django_capture_on_commit_callbacks(execute=True):
        send(conversation, world.users["client"], "Drie")
    assert rows.count() == 2


def test_no_notice_when_read_before_the_task_runs(world):
    conversation = start(world)
    message = send(conversation, world.users["client"])
    services.mark_read(user=world.users["coach"], conversation=conversation)
    assert tasks.notify_unread.call(message_id=message.pk, user_id=world.users["coach"].pk) is False


def test_notice_has_no_content(world):
    from werkplein.notifications.notices import render

    rendered = render("messaging.new_message", {"conversation_id": 7, "portal": True}, "email")
    assert "/mijn/berichten/7/" in rendered.text
    rendered = render("messaging.new_message", {"conversation_id": 7, "portal": False}, "sms")
    assert "/berichten/7/" in rendered.text and "/mijn/" not in rendered.text
    assert mail.outbox == []


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_posts_at_once_make_one_message(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    conversation = start(world)
    token = uuid.uuid4()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def post():
        try:
            barrier.wait()
            results.append(send(conversation, world.users["coach"], "Tegelijk", token).pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(results)) == 1
    assert Message.objects.count() == 1
    assert LogEntry.objects.filter(kind=EntryKind.MESSAGE).count() == 1


def test_unread_per_conversation_and_in_total(world):
    coach, client, teammate = world.users["coach"], world.users["client"], world.users["teammate"]
    first = start(world, participants=[teammate])
    second = start(world, subject="Tweede")
    send(first, client, "1")
    send(first, coach, "2")
    send(second, client, "3")
    send(second, client, "4")
    send(second, client, "5")
    rows = {c.subject: c.unread for c in selectors.inbox_for(coach).object_list}
    # Writing in a conversation counts as having read it up to there.
    assert rows == {first.subject: 0, "Tweede": 3}
    assert selectors.unread_count(coach) == 3
    # The teammate never opened the first conversation: everything by others is unread.
    assert selectors.unread_count(teammate) == 2
    assert {c.unread for c in selectors.conversations_for_client(teammate, first.client)} == {2}
    # The client has read nothing of the coach's: one.
    assert selectors.unread_count(client) == 1


def test_messages_page_cursor(world, settings):
    settings.WERKPLEIN_MESSAGE_RATE = "1000/m"
    conversation = start(world)
    sent = [send(conversation, world.users["coach"], f"m{n}") for n in range(65)]
    newest = selectors.messages_page(world.users["coach"], conversation)
    assert [m.pk for m in newest.messages] == [m.pk for m in sent[-30:]]
    middle = selectors.messages_page(world.users["coach"], conversation, newest.older_than)
    assert [m.pk for m in middle.messages] == [m.pk for m in sent[5:35]]
    oldest = selectors.messages_page(world.users["coach"], conversation, middle.older_than)
    assert [m.pk for m in oldest.messages] == [m.pk for m in sent[:5]]
    assert oldest.older_than is None


def test_message_for_checks_participation_and_reach(world):
    conversation = start(world)
    message = send(conversation, world.users["client"], "Hallo")
    assert selectors.message_for(world.users["coach"], message.pk) == message
    assert selectors.message_for(world.users["client"], message.pk) == message
    for name in ("teammate", "team_lead", "other_coach", "provider_staff", "back_office"):
        with pytest.raises(ClientNotFound):
            selectors.message_for(world.users[name], message.pk)
    with pytest.raises(ClientNotFound):
        selectors.message_for(world.users["coach"], "abc")


def test_unread_notice_waits_two_minutes_where_the_backend_can_defer(
    world, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    conversation = start(world, participants=[world.users["teammate"]])
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        send(conversation, world.users["client"], "Hallo")
    queued = [r for r in default_task_backend.results if r.task.name == "notify_unread"]
    assert sorted(r.kwargs["user_id"] for r in queued) == sorted(
        [world.users["coach"].pk, world.users["teammate"].pk]
    )
    for result in queued:
        assert result.task.run_after >= before + datetime.timedelta(minutes=2)


def test_inbox_puts_conversations_without_messages_last(world):
    quiet = start(world, subject="Nog stil")
    busy = start(world, subject="Druk")
    send(busy, world.users["client"], "Hallo")
    assert [c.pk for c in selectors.inbox_for(world.users["coach"]).object_list] == [
        busy.pk,
        quiet.pk,
    ]
