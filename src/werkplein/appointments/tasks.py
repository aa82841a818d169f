"""E-mails about appointments, sent by the task worker after the change has been committed.

They carry no personal content: the date and time and a link (no client name, no address, no
location: a home visit's address must never sit in a mailbox). The link leads to the page and
to the .ics file, both behind the login.

Reminders: booking, moving or scheduling enqueues `send_reminder` deferred to 24 hours before
the start (`run_after`) on a backend that supports deferred tasks (django_tasks_db's
DatabaseBackend, used in production). The task sends only if the appointment is still planned
at the same start, and claims it with a conditional UPDATE of `reminder_sent_at`, so a reminder
goes out once however many tasks run. `send_due_reminders_now` does the same for every
appointment in the next 24 hours: run it from cron (`werkplein send_appointment_reminders`)
where the task backend cannot defer, or as a safety net.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from werkplein.appointments import selectors
from werkplein.appointments.models import Appointment, AppointmentStatus

REMINDER_BEFORE = datetime.timedelta(hours=24)
EVENTS = ("booked", "moved", "cancelled")


def _when(appointment: Appointment) -> str:
    local = timezone.localtime(appointment.starts_at)
    return formats.date_format(local, "l j F Y") + " " + formats.time_format(local, "H:i")


def _client_address(appointment: Appointment) -> str:
    client = appointment.client
    if client.user_id and client.user.email:
        return client.user.email
    return client.email or ""


def _links_for_client(appointment: Appointment) -> str:
    base = settings.WERKPLEIN_BASE_URL
    return _("Bekijk uw afspraken: %(page)s\nVoor uw agenda: %(ics)s") % {
        "page": base + reverse("portal:appointments"),
        "ics": base + reverse("portal:ics", args=[appointment.pk]),
    }


@task()
def send_confirmation(*, appointment_id: int, event: str) -> None:
    """Tells the client his appointment was booked, moved or cancelled."""
    appointment = selectors.appointment_for_notice(appointment_id)
    if appointment is None or event not in EVENTS:
        return
    address = _client_address(appointment)
    if not address:
        return
    with translation.override(settings.LANGUAGE_CODE):
        when = _when(appointment)
        subject, text = {
            "booked": (
                _("Uw afspraak is gemaakt"),
                _("U heeft een afspraak met uw werkcoach op %(when)s."),
            ),
            "moved": (
                _("Uw afspraak is verzet"),
                _("Uw afspraak met uw werkcoach is verzet naar %(when)s."),
            ),
            "cancelled": (
                _("Uw afspraak is geannuleerd"),
                _("Uw afspraak met uw werkcoach op %(when)s gaat niet door."),
            ),
        }[event]
        body = text % {"when": when} + "\n\n" + _links_for_client(appointment)
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[address])


@task()
def send_coach_notice(*, appointment_id: int, event: str) -> None:
    """Tells the coach that a client booked, moved or cancelled an appointment himself."""
    appointment = selectors.appointment_for_notice(appointment_id)
    if appointment is None or event not in EVENTS or not appointment.coach.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        when = _when(appointment)
        subject, text = {
            "booked": (
                _("Een klant heeft een afspraak gemaakt"),
                _("Een klant heeft een afspraak met u gemaakt op %(when)s."),
            ),
            "moved": (
                _("Een klant heeft een afspraak verzet"),
                _("Een klant heeft een afspraak met u verzet naar %(when)s."),
            ),
            "cancelled": (
                _("Een klant heeft een afspraak geannuleerd"),
                _("De afspraak op %(when)s gaat niet door."),
            ),
        }[event]
        link = settings.WERKPLEIN_BASE_URL + reverse(
            "clients:dossier", args=[appointment.client_id]
        )
        body = text % {"when": when} + "\n\n" + _("Bekijk het dossier: %(link)s") % {"link": link}
        send_mail(
            subject=subject, message=body, from_email=None, recipient_list=[appointment.coach.email]
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
    address = _client_address(appointment)
    if not address:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = (
            _("Herinnering: u heeft morgen een afspraak met uw werkcoach, op %(when)s.")
            % {"when": _when(appointment)}
            + "\n\n"
            + _("Kunt u niet komen? Bel dan uw werkcoach.")
            + "\n\n"
            + _links_for_client(appointment)
        )
        send_mail(
            subject=_("Herinnering: uw afspraak van morgen"),
            message=body,
            from_email=None,
            recipient_list=[address],
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
