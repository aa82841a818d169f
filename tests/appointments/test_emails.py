"""E-mails about appointments: confirmation, the coach's notice, and the reminder the day before
(deferred on the database task backend, sent once, never for a cancelled or moved appointment)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from werkplein.appointments import services, tasks
from werkplein.appointments.models import AppointmentKind

from .conftest import OFFICE, at, make_appointment

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def run_on_commit(committed):
    def run(function, **kwargs):
        with committed():
            return function(**kwargs)

    return run


def assert_no_personal_content(message, client):
    text = message.subject + message.body
    assert client.first_name not in text
    assert client.last_name not in text
    assert client.bsn not in text
    assert OFFICE not in text
    assert client.street not in text


def test_booking_by_the_client_confirms_and_tells_the_coach(
    world, coach, weekdays_available, day, run_on_commit
):
    client = world.client_user_client
    appointment = run_on_commit(
        services.book_slot, actor=world.users["client"], client=client, starts_at=at(day, 9)
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.users["client"].email, coach.email]
    )
    confirmation = next(m for m in mail.outbox if m.to == [world.users["client"].email])
    assert confirmation.subject == "Uw afspraak is gemaakt"
    assert "09:00" in confirmation.body
    assert f"/mijn/afspraken/{appointment.pk}/afspraak.ics" in confirmation.body
    notice = next(m for m in mail.outbox if m.to == [coach.email])
    assert f"/klanten/{client.pk}/" in notice.body
    for message in mail.outbox:
        assert_no_personal_content(message, client)


def test_moving_and_cancelling_send_mail(world, coach, weekdays_available, day, run_on_commit):
    client_user = world.users["client"]
    appointment = run_on_commit(
        services.book_slot, actor=client_user, client=world.client_user_client, starts_at=at(day, 9)
    )
    mail.outbox.clear()
    run_on_commit(
        services.reschedule_appointment,
        actor=client_user,
        appointment=appointment,
        starts_at=at(day, 11),
        expected_version=1,
    )
    assert {m.subject for m in mail.outbox} == {
        "Uw afspraak is verzet",
        "Een klant heeft een afspraak verzet",
    }
    assert any("11:00" in m.body for m in mail.outbox)
    mail.outbox.clear()
    run_on_commit(
        services.cancel_appointment,
        actor=client_user,
        appointment=appointment,
        expected_version=2,
        reason="Ik heb een sollicitatiegesprek bij Bakkerij Jansen",
    )
    assert {m.subject for m in mail.outbox} == {
        "Uw afspraak is geannuleerd",
        "Een klant heeft een afspraak geannuleerd",
    }
    assert all("Bakkerij" not in m.body for m in mail.outbox)


def test_the_coach_planning_himself_gets_no_notice(world, coach, day, run_on_commit):
    run_on_commit(
        services.schedule_appointment,
        actor=coach,
        client=world.client_user_client,
        starts_at=at(day, 15),
        ends_at=at(day, 15, 45),
        kind=AppointmentKind.OFFICE,
        location="Bij de klant thuis, Dorpsstraat 1",
    )
    assert [m.to for m in mail.outbox] == [[world.users["client"].email]]
    assert "Dorpsstraat" not in mail.outbox[0].body


def test_nothing_is_sent_when_the_booking_fails(world, weekdays_available, day, run_on_commit):
    make_appointment(world.own_client, at(day, 9))
    with pytest.raises(Exception):  # noqa: B017 - the ValidationError itself is tested elsewhere
        run_on_commit(
            services.book_slot,
            actor=world.users["client"],
            client=world.client_user_client,
            starts_at=at(day, 9),
        )
    assert mail.outbox == []


# --- the reminder --------------------------------------------------------------------------------


def test_the_reminder_is_sent_once(world, day, committed):
    appointment = make_appointment(world.client_user_client, at(day, 9))
    starts = appointment.starts_at.isoformat()
    with committed():
        assert tasks.send_reminder.call(appointment_id=appointment.pk, starts_at=starts) is True
    with committed():
        assert tasks.send_reminder.call(appointment_id=appointment.pk, starts_at=starts) is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Herinnering: uw afspraak van morgen"
    assert_no_personal_content(mail.outbox[0], world.client_user_client)
    appointment.refresh_from_db()
    assert appointment.reminder_sent_at is not None


def test_no_reminder_for_a_cancelled_or_moved_appointment(
    world, coach, weekdays_available, day, committed
):
    appointment = make_appointment(world.client_user_client, at(day, 9))
    with committed():
        moved = services.reschedule_appointment(
            actor=coach, appointment=appointment, starts_at=at(day, 10), expected_version=1
        )
    with committed():
        assert (
            tasks.send_reminder.call(
                appointment_id=appointment.pk, starts_at=at(day, 9).isoformat()
            )
            is False
        )
    with committed():
        services.cancel_appointment(actor=coach, appointment=moved, expected_version=2)
    with committed():
        assert (
            tasks.send_reminder.call(
                appointment_id=appointment.pk, starts_at=at(day, 10).isoformat()
            )
            is False
        )
    assert mail.outbox  # the move and the cancellation were told, so mail does go out
    assert not [m for m in mail.outbox if m.subject.startswith("Herinnering")]


def test_the_immediate_backend_cannot_defer_so_nothing_is_enqueued(world, day, committed):
    appointment = make_appointment(world.client_user_client, at(day, 9))
    with committed():
        assert tasks.schedule_reminder(appointment) is False
    assert mail.outbox == []


def test_due_reminders_command_sends_each_once(world, coach, committed):
    client = world.client_user_client
    soon = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=20)
    later = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    make_appointment(client, soon)
    make_appointment(client, later)
    make_appointment(world.own_client, soon + datetime.timedelta(hours=1), status="cancelled")
    with committed():
        call_command("send_appointment_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with committed():
        call_command("send_appointment_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_reminder_is_deferred_on_the_database_backend_and_run_by_the_worker(
    world, coach, weekdays_available, day, settings
):
    """Production's backend defers the reminder to 24 hours before the start; the worker runs
    it then. A move enqueues a new one; the old one finds the start changed and sends nothing."""
    settings.TASKS = DB_TASKS
    client_user = world.users["client"]
    appointment = services.book_slot(
        actor=client_user, client=world.client_user_client, starts_at=at(day, 9)
    )
    reminders = DBTaskResult.objects.filter(task_path="werkplein.appointments.tasks.send_reminder")
    assert reminders.count() == 1
    assert reminders.get().run_after == at(day, 9) - datetime.timedelta(hours=24)
    assert DBTaskResult.objects.filter(
        task_path="werkplein.appointments.tasks.send_confirmation"
    ).exists()

    services.reschedule_appointment(
        actor=client_user, appointment=appointment, starts_at=at(day, 11), expected_version=1
    )
    assert reminders.count() == 2

    # Run everything as if the day before had come (twice: the second run has nothing to do).
    DBTaskResult.objects.update(run_after=timezone.now() - datetime.timedelta(minutes=1))
    for _ in range(2):
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0",
            verbosity=0,
        )
    reminder_mails = [m for m in mail.outbox if m.subject.startswith("Herinnering")]
    assert len(reminder_mails) == 1
    assert "11:00" in reminder_mails[0].body
    assert {m.subject for m in mail.outbox} >= {"Uw afspraak is gemaakt", "Uw afspraak is verzet"}
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
