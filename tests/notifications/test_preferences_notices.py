"""The notices follow each person's preferences: appointments by SMS (held back in the quiet
hours), plan changes and the coach's new logbook lines for the client; never personal content;
no module but the outbox's delivery sends mail itself."""

import datetime
import pathlib
import re
import zoneinfo

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

import werkplein
from werkplein.accounts import services as account_services
from werkplein.accounts.models import User
from werkplein.appointments import services as appointment_services
from werkplein.appointments import tasks as appointment_tasks
from werkplein.clients.models import Client
from werkplein.logbook import services as logbook_services
from werkplein.logbook.models import EntryKind, LogEntry, Visibility
from werkplein.notifications import delivery, sms
from werkplein.notifications.models import (
    Channel,
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
    OutboxStatus,
    OutgoingMessage,
)
from werkplein.plans import services as plan_services

from ..appointments.conftest import OFFICE, add_rule, at, make_appointment, working_day

LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)
MOBILE = "+31612345678"


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Runs the block and then what it left for after commit (tasks, outbox), once."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def coach(world):
    return world.users["coach"]


@pytest.fixture
def client_user(world):
    return world.users["client"]


@pytest.fixture
def day(coach):
    for weekday in range(5):
        add_rule(coach, weekday=weekday)
    return working_day(10)


def choose(user, kind, channel, *, mobile=MOBILE, quiet=None):
    """Saves a preference, with quiet hours (from, until) or, by default, ones far from now."""
    NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"channel": channel}
    )
    if quiet is None:
        later = timezone.localtime(timezone.now(), LOCAL) + datetime.timedelta(hours=3)
        quiet = (
            later.time().replace(second=0, microsecond=0),
            (later + datetime.timedelta(hours=1)).time().replace(second=0, microsecond=0),
        )
    NotificationSettings.objects.update_or_create(
        user=user, defaults={"mobile": mobile, "quiet_from": quiet[0], "quiet_until": quiet[1]}
    )


def assert_nothing_personal(text: str, client: Client) -> None:
    for word in (client.first_name, client.last_name, client.bsn, OFFICE, client.street):
        if word:
            assert word not in text, word


# --- appointments by SMS -------------------------------------------------------------------------


def test_a_client_who_chose_sms_gets_his_booking_confirmed_by_sms(
    world, coach, client_user, day, run
):
    choose(client_user, NotificationKind.APPOINTMENT, Channel.SMS)

    with run():
        appointment = appointment_services.book_slot(
            actor=client_user, client=world.client_user_client, starts_at=at(day, 9)
        )

    assert [message.to for message in sms.outbox] == [MOBILE]
    text = sms.outbox[0].text
    assert "09:00" in text
    assert "/mijn/afspraken/" in text
    assert len(text) <= 320  # two SMS parts at most
    assert_nothing_personal(text, world.client_user_client)
    # The coach chose nothing: his notice comes by e-mail; the client gets no e-mail.
    assert [m.to for m in mail.outbox] == [[coach.email]]
    row = OutgoingMessage.objects.get(channel=Channel.SMS)
    assert row.params == {"appointment_id": appointment.pk, "event": "booked"}
    assert row.status == OutboxStatus.SENT


def test_no_sms_in_the_quiet_hours_until_they_end(world, client_user, day, run):
    now = timezone.localtime(timezone.now(), LOCAL)
    quiet_from = (now - datetime.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    quiet_until = (now + datetime.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    choose(client_user, NotificationKind.APPOINTMENT, Channel.SMS, quiet=(quiet_from, quiet_until))

    with run():
        appointment_services.book_slot(
            actor=client_user, client=world.client_user_client, starts_at=at(day, 9)
        )

    assert sms.outbox == []
    row = OutgoingMessage.objects.get(channel=Channel.SMS)
    assert row.status == OutboxStatus.QUEUED
    end = delivery.quiet_hours_end(timezone.now(), quiet_from, quiet_until)
    assert row.next_attempt_at == end

    delivery.drain(now=end - datetime.timedelta(minutes=1))
    assert sms.outbox == []

    delivery.drain(now=end + datetime.timedelta(seconds=1))
    assert [message.to for message in sms.outbox] == [MOBILE]
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT


def test_e_mail_is_not_held_by_the_quiet_hours(world, client_user, day, run):
    now = timezone.localtime(timezone.now(), LOCAL)
    choose(
        client_user,
        NotificationKind.APPOINTMENT,
        Channel.EMAIL,
        quiet=(
            (now - datetime.timedelta(hours=1)).time().replace(second=0, microsecond=0),
            (now + datetime.timedelta(hours=1)).time().replace(second=0, microsecond=0),
        ),
    )

    with run():
        appointment_services.book_slot(
            actor=client_user, client=world.client_user_client, starts_at=at(day, 9)
        )

    assert [m.subject for m in mail.outbox if m.to == [client_user.email]] == [
        "Uw afspraak is gemaakt"
    ]


def test_the_reminder_goes_by_sms_once(world, client_user, day, run):
    choose(client_user, NotificationKind.APPOINTMENT, Channel.SMS)
    appointment = make_appointment(world.client_user_client, at(day, 9))
    starts = appointment.starts_at.isoformat()

    with run():
        assert appointment_tasks.send_reminder.call(appointment_id=appointment.pk, starts_at=starts)
    with run():
        assert not appointment_tasks.send_reminder.call(
            appointment_id=appointment.pk, starts_at=starts
        )

    assert len(sms.outbox) == 1
    assert "herinnering" in sms.outbox[0].text.lower()
    assert_nothing_personal(sms.outbox[0].text, world.client_user_client)
    assert mail.outbox == []


def test_a_confirmation_cancelled_before_it_left_is_not_sent(world, coach, client_user, day, run):
    choose(client_user, NotificationKind.APPOINTMENT, Channel.SMS)
    appointment = make_appointment(world.client_user_client, at(day, 9))
    with run():
        appointment_tasks.send_confirmation.call(appointment_id=appointment.pk, event="booked")
    assert len(sms.outbox) == 1
    sms.outbox.clear()
    # Queued, then the appointment is cancelled before the worker sends the booking notice.
    with run():
        appointment_services.cancel_appointment(
            actor=coach, appointment=appointment, expected_version=appointment.version
        )
        row = OutgoingMessage.objects.create(
            channel=Channel.SMS,
            recipient=MOBILE,
            recipient_user=client_user,
            notice="appointments.confirmation",
            params={"appointment_id": appointment.pk, "event": "booked"},
        )
    row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED
    assert [message.text for message in sms.outbox if "gemaakt" in message.text] == []


def test_a_client_who_chose_none_hears_nothing_of_appointments(world, client_user, day, run):
    choose(client_user, NotificationKind.APPOINTMENT, "none")

    with run():
        appointment_services.book_slot(
            actor=client_user, client=world.client_user_client, starts_at=at(day, 9)
        )

    assert sms.outbox == []
    assert not [m for m in mail.outbox if m.to == [client_user.email]]


# --- plan changes --------------------------------------------------------------------------------


@pytest.fixture
def plan(world, coach):
    return plan_services.create_plan(actor=coach, client=world.client_user_client)


def test_a_plan_change_by_the_coach_tells_the_client_with_a_link(world, coach, plan, run):
    with run():
        plan_services.add_goal(actor=coach, plan=plan, text="Heftruckcertificaat halen bij Bolk")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.users["client"].email]
    assert message.subject == "Uw plan is gewijzigd"
    assert settings.WERKPLEIN_BASE_URL + "/mijn/plan/" in message.body
    assert "Heftruck" not in message.body + message.subject
    assert "Bolk" not in message.body
    assert_nothing_personal(message.body, world.client_user_client)


def test_a_plan_change_goes_by_sms_when_the_client_chose_it(world, coach, plan, run):
    choose(world.users["client"], NotificationKind.PLAN_CHANGE, Channel.SMS)

    with run():
        plan_services.set_obligation(
            actor=coach,
            plan=plan,
            applications_required=4,
            obligation_weeks=4,
            expected_version=plan.version,
        )

    assert mail.outbox == []
    assert [message.to for message in sms.outbox] == [MOBILE]
    assert "/mijn/plan/" in sms.outbox[0].text


def test_the_clients_own_progress_tells_no_one(world, coach, plan, run):
    activity = plan_services.add_activity(actor=coach, plan=plan, description="Cv bijwerken")

    with run():
        plan_services.mark_activity(actor=world.users["client"], activity=activity)

    assert mail.outbox == [] and sms.outbox == []


def test_a_client_without_an_account_is_not_told(world, coach, run):
    plan = plan_services.create_plan(actor=coach, client=world.own_client)

    with run():
        plan_services.add_goal(actor=coach, plan=plan, text="Taalcursus")

    assert mail.outbox == [] and sms.outbox == []
    assert not OutgoingMessage.objects.exists()


def test_a_failed_plan_change_tells_no_one(world, coach, plan, run):
    with run(), pytest.raises(Exception):  # noqa: B017 - the refusal itself is tested elsewhere
        plan_services.add_goal(actor=coach, plan=plan, text="   ")

    assert not OutgoingMessage.objects.exists()


# --- new logbook entries -------------------------------------------------------------------------

SECRET_TEXT = "Gesprek over schulden bij de Rabobank en de rechter"


def test_a_coachs_entry_for_the_client_tells_him_without_its_text(world, coach, run):
    with run():
        logbook_services.add_log_entry(
            actor=coach, client=world.client_user_client, text=SECRET_TEXT
        )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.users["client"].email]
    assert settings.WERKPLEIN_BASE_URL + "/mijn/logboek/" in message.body
    for word in ("schulden", "Rabobank", "rechter"):
        assert word not in message.body + message.subject
    assert_nothing_personal(message.body, world.client_user_client)
    assert OutgoingMessage.objects.get().params == {
        "entry_id": LogEntry.objects.get(text=SECRET_TEXT).pk
    }


def test_a_coachs_entry_goes_by_sms_when_chosen(world, coach, run):
    choose(world.users["client"], NotificationKind.LOGBOOK_ENTRY, Channel.SMS)

    with run():
        logbook_services.add_log_entry(
            actor=coach, client=world.client_user_client, text=SECRET_TEXT
        )

    assert mail.outbox == []
    assert len(sms.outbox) == 1
    assert "/mijn/logboek/" in sms.outbox[0].text
    assert "schulden" not in sms.outbox[0].text


def test_an_internal_entry_tells_no_one(world, coach, run):
    with run():
        logbook_services.add_log_entry(
            actor=coach,
            client=world.client_user_client,
            text=SECRET_TEXT,
            visibility=Visibility.INTERNAL,
        )

    assert mail.outbox == [] and not OutgoingMessage.objects.exists()


def test_the_clients_own_entry_tells_no_one(world, run):
    with run():
        logbook_services.add_log_entry(
            actor=world.users["client"], client=world.client_user_client, text="Mijn notitie"
        )

    assert mail.outbox == [] and not OutgoingMessage.objects.exists()


def test_generated_entries_and_messages_have_no_logbook_notice(world, coach, run):
    with run():
        logbook_services.record_event(
            actor=coach, client=world.client_user_client, text="Afspraak gemaakt"
        )
        logbook_services.add_log_entry(
            actor=coach,
            client=world.client_user_client,
            text="Een bericht",
            kind=EntryKind.MESSAGE,
        )

    assert not OutgoingMessage.objects.filter(notice="logbook.new_entry").exists()


def test_an_entry_for_a_client_without_an_account_tells_no_one(world, coach, run):
    with run():
        logbook_services.add_log_entry(actor=coach, client=world.own_client, text=SECRET_TEXT)

    assert not OutgoingMessage.objects.exists()


def test_an_entry_made_internal_before_the_notice_left_is_not_sent(world, coach, run):
    choose(world.users["client"], NotificationKind.LOGBOOK_ENTRY, Channel.SMS)
    quiet = NotificationSettings.objects.get(user=world.users["client"])
    now = timezone.localtime(timezone.now(), LOCAL)
    quiet.quiet_from = (now - datetime.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    quiet.quiet_until = (now + datetime.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    quiet.save()
    with run():
        entry = logbook_services.add_log_entry(
            actor=coach, client=world.client_user_client, text=SECRET_TEXT
        )
    LogEntry.objects.filter(pk=entry.pk).update(visibility=Visibility.INTERNAL)

    delivery.drain(now=timezone.now() + datetime.timedelta(hours=2))

    assert sms.outbox == []
    assert OutgoingMessage.objects.get().status == OutboxStatus.FAILED


# --- the invitation keeps its secret out of the outbox ------------------------------------------


def test_the_invitation_row_holds_no_secret(world, coach, run):
    with run():
        account_services.invite_client(actor=coach, client=world.own_client)

    row = OutgoingMessage.objects.get()
    assert set(row.params) == {"invitation_id"}
    token = re.search(r"/accounts/uitnodiging/([^/\s]+)/", mail.outbox[0].body)[1]
    assert token not in str(row.params) + row.last_error
    assert account_services.check_invitation(token)


# --- one way out ---------------------------------------------------------------------------------

SENDING = re.compile(
    r"\b(send_mail|send_mass_mail|mail_admins|mail_managers|EmailMessage|"
    r"EmailMultiAlternatives|get_connection)\b"
)


def test_no_module_but_the_outbox_delivery_sends_mail():
    root = pathlib.Path(werkplein.__file__).parent
    allowed = {root / "notifications" / "delivery.py"}
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path not in allowed and SENDING.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_a_client_without_an_active_account_is_told_at_his_dossier_address(world, day, run):
    User.objects.filter(pk=world.users["client"].pk).update(is_active=False)
    appointment = make_appointment(world.client_user_client, at(day, 9))

    with run():
        appointment_tasks.send_confirmation.call(appointment_id=appointment.pk, event="booked")

    assert [m.to for m in mail.outbox] == [[world.client_user_client.email]]
    assert sms.outbox == []
