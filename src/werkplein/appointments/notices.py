"""The notices about appointments: the client's confirmation, the coach's notice of a change the
client made himself, and the reminder the day before. By e-mail or SMS, as the person chose.

No personal content: the date and time and a link (no client name, no address, no location: a
home visit's address must never sit in a mailbox or on a phone's lock screen). The links lead
to pages behind the login.

They are rendered when the outbox sends them (an SMS held back by the quiet hours goes out
later), so each reads the appointment again: a confirmation of a booking or move, or a reminder,
for an appointment that has since been cancelled or moved is not sent.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from werkplein.appointments import selectors
from werkplein.appointments.models import Appointment, AppointmentStatus
from werkplein.notifications.models import Channel
from werkplein.notifications.notices import Rendered, notice

CONFIRMATION = "appointments.confirmation"
COACH_NOTICE = "appointments.coach_notice"
REMINDER = "appointments.reminder"
EVENTS = ("booked", "moved", "cancelled")


def _when(appointment: Appointment) -> str:
    local = timezone.localtime(appointment.starts_at)
    return formats.date_format(local, "l j F Y") + " " + formats.time_format(local, "H:i")


def _page() -> str:
    return settings.WERKPLEIN_BASE_URL + reverse("portal:appointments")


def _links_for_client(appointment: Appointment) -> str:
    return _("Bekijk uw afspraken: %(page)s\nVoor uw agenda: %(ics)s") % {
        "page": _page(),
        "ics": settings.WERKPLEIN_BASE_URL + reverse("portal:ics", args=[appointment.pk]),
    }


def _still_relevant(appointment: Appointment | None, event: str) -> bool:
    if appointment is None or event not in EVENTS:
        return False
    # A booking or move that was cancelled before the notice went out is no news any more.
    return event == "cancelled" or appointment.status == AppointmentStatus.PLANNED


@notice(CONFIRMATION)
def confirmation(params: dict, channel: str) -> Rendered | None:
    """Tells the client his appointment was booked, moved or cancelled."""
    event = params.get("event")
    appointment = selectors.appointment_for_notice(params.get("appointment_id"))
    if not _still_relevant(appointment, event):
        return None
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
    text = text % {"when": _when(appointment)}
    if channel == Channel.SMS:
        return Rendered(subject=subject, text=f"Werkplein: {text} {_page()}")
    return Rendered(subject=subject, text=text + "\n\n" + _links_for_client(appointment))


@notice(COACH_NOTICE)
def coach_notice(params: dict, channel: str) -> Rendered | None:
    """Tells the coach that a client booked, moved or cancelled an appointment himself."""
    event = params.get("event")
    appointment = selectors.appointment_for_notice(params.get("appointment_id"))
    if not _still_relevant(appointment, event):
        return None
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
    text = text % {"when": _when(appointment)}
    link = settings.WERKPLEIN_BASE_URL + reverse("clients:dossier", args=[appointment.client_id])
    if channel == Channel.SMS:
        return Rendered(subject=subject, text=f"Werkplein: {text} {link}")
    return Rendered(
        subject=subject,
        text=text + "\n\n" + _("Bekijk het dossier: %(link)s") % {"link": link},
    )


@notice(REMINDER)
def reminder(params: dict, channel: str) -> Rendered | None:
    """The reminder the day before, for the appointment at the start it was claimed for."""
    appointment = selectors.appointment_for_notice(params.get("appointment_id"))
    if appointment is None or appointment.status != AppointmentStatus.PLANNED:
        return None
    try:
        claimed_start = datetime.datetime.fromisoformat(str(params.get("starts_at")))
    except ValueError:
        return None
    if appointment.starts_at != claimed_start:
        return None  # moved since: the new start gets its own reminder
    when = _when(appointment)
    subject = _("Herinnering: uw afspraak van morgen")
    if channel == Channel.SMS:
        text = _("Werkplein: herinnering aan uw afspraak met uw werkcoach op %(when)s.") % {
            "when": when
        }
        return Rendered(subject=subject, text=f"{text} {_page()}")
    text = (
        _("Herinnering: u heeft morgen een afspraak met uw werkcoach, op %(when)s.")
        % {"when": when}
        + "\n\n"
        + _("Kunt u niet komen? Bel dan uw werkcoach.")
        + "\n\n"
        + _links_for_client(appointment)
    )
    return Rendered(subject=subject, text=text)
