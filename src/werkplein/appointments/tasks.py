"""Notices about appointments, queued in the outbox by the task worker after the change has been
committed: by e-mail or SMS, as the person chose for appointments (notifications preferences).

What they say is in appointments/notices.py (no personal content: the date and time and a link).

Reminders: booking, moving or scheduling enqueues `send_reminder` deferred to 24 hours before
the start (`run_after`) on a backend that supports deferred tasks (django_tasks_db's
DatabaseBackend, used in production). The task sends only if the appointment is still planned
at the same start, and claims it with a conditional UPDATE of `reminder_sent_at`, so a reminder
goes out once however many tasks run. `send_due_reminders_now` does the same for every
appointment in the next 24 hours: run it from cron (`werkplein send_appointment_reminders`)
where the task backend cannot defer, or as a safety net.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks import task

from werkplein.appointments import notices, selectors
from werkplein.appointments.models import Appointment, AppointmentStatus
from werkplein.notifications.models import NotificationKind
from werkplein.notifications.services import notify, queue_email

REMINDER_BEFORE = datetime.timedelta(hours=24)
EVENTS = notices.EVENTS


def _tell_client(appointment: Appointment, notice: str, params: dict) -> None:
    """By the client's preference when he has an active account; else by e-mail to the address
    in his dossier, as before he had one."""
    client = appointment.client
    if client.user_id is not None and client.user.is_active:
        notify(user=client.user, kind=NotificationKind.APPOINTMENT, notice=notice, params=params)
    elif client.email:
        try:
            queue_email(to=client.email, notice=notice, params=params)
        except ValidationError:
            return


@task()
def send_confirmation(*, appointment_id: int, event: str) -> None:
    """Tells the client his appointment was booked, moved or cancelled."""
    appointment = selectors.appointment_for_notice(appointment_id)
    if appointment is None or event not in EVENTS:
        return
    _tell_client(
        appointment, notices.CONFIRMATION, {"appointment_id": appointment.pk, "event": event}
    )


@task()
def send_coach_notice(*, appointment_id: int, event: str) -> None:
    """Tells the coach that a client booked, moved or cancelled an appointment himself."""
    appointment = selectors.appointment_for_notice(appointment_id)
    if appointment is None or event not in EVENTS:
        return
    notify(
        user=appointment.coach,
        kind=NotificationKind.APPOINTMENT,
        notice=notices.COACH_NOTICE,
        params={"appointment_id": appointment.pk, "event": event},
    )


def _claim_reminder(appointment_id: int, starts_at: datetime.datetime) -> bool:
    """Marks the reminder as sent, only if the appointment is still planned at that start and
    no reminder went out yet. True for exactly one caller."""
    return bool(
        Appointment.objects.filter(
            pk=appointment_id,
            status=AppointmentStatus.PLANNED,
            starts_at=starts_at,
            reminder_sent_at__isnull=True,
        ).update(reminder_sent_at=timezone.now())
    )


def _send_reminder_mail(appointment: Appointment) -> None:
    _tell_client(
        appointment,
        notices.REMINDER,
        {"appointment_id": appointment.pk, "starts_at": appointment.starts_at.isoformat()},
    )


@task()
def send_reminder(*, appointment_id: int, starts_at: str) -> bool:
    """The reminder the day before, for the appointment as it was when the task was enqueued.
    A cancelled or moved appointment, or one already reminded, gets nothing."""
    start = datetime.datetime.fromisoformat(starts_at)
    if not _claim_reminder(appointment_id, start):
        return False
    appointment = selectors.appointment_for_notice(appointment_id)
    if appointment is not None:
        _send_reminder_mail(appointment)
    return True


def send_due_reminders_now(now: datetime.datetime | None = None) -> int:
    """Sends the reminder of every planned appointment in the next 24 hours that has none yet."""
    now = now or timezone.now()
    sent = 0
    for pk, starts_at in selectors.due_reminders(now, REMINDER_BEFORE):
        if _claim_reminder(pk, starts_at):
            appointment = selectors.appointment_for_notice(pk)
            if appointment is not None:
                _send_reminder_mail(appointment)
                sent += 1
    return sent


def schedule_reminder(appointment: Appointment, now: datetime.datetime | None = None) -> bool:
    """Enqueues the reminder for 24 hours before the start. Call after commit.

    Nothing is enqueued when the start is less than 24 hours away (the confirmation has just
    gone out), or when the backend cannot defer tasks (then `send_due_reminders_now` covers it).
    """
    now = now or timezone.now()
    remind_at = appointment.starts_at - REMINDER_BEFORE
    if remind_at <= now or not send_reminder.get_backend().supports_defer:
        return False
    send_reminder.using(run_after=remind_at).enqueue(
        appointment_id=appointment.pk, starts_at=appointment.starts_at.isoformat()
    )
    return True
