"""Calendar files (.ics) for appointments, built with the `icalendar` library.

Times are written in UTC; each appointment keeps one UID for its whole life (moving it raises
SEQUENCE), so a calendar updates the event instead of adding a second one.

What an event says (a decision on minimal data, because calendars are often synced to services
outside the Werkplein):
- for the client: "Afspraak met uw werkcoach", the kind and the location or video link he
  needs to get there; his own download, behind his login.
- for the coach's download (behind his login): "Afspraak met klant J.J. (#123)": the client's
  initials and client number, the kind, the location, and a link to the dossier.
- for the coach's private feed (a secret URL, often handed to Google or Outlook): the same
  summary and dossier link, but no location at all (it may be a client's home address) and
  never a BSN or full name. Everything else is one click away, behind the login.
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from werkplein.appointments.models import Appointment, AppointmentKind, AppointmentStatus
from werkplein.clients.models import Client

PRODID = "-//Werkplein//Afspraken//NL"


def _uid(appointment: Appointment) -> str:
    host = urlsplit(settings.WERKPLEIN_BASE_URL).hostname or "werkplein"
    return f"afspraak-{appointment.pk}@{host}"


def client_initials(client: Client) -> str:
    """ "Jan Jansen" → "J.J."; enough for a coach to recognise, too little to identify."""
    parts = [client.first_name, client.last_name]
    return "".join(f"{p.strip()[0].upper()}." for p in parts if p and p.strip())


def staff_summary(appointment: Appointment) -> str:
    return _("Afspraak met klant %(initials)s (#%(id)s)") % {
        "initials": client_initials(appointment.client),
        "id": appointment.client_id,
    }


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(
    appointment: Appointment, summary: str, *, location: str = "", description: str = ""
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", _uid(appointment))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", appointment.starts_at.astimezone(datetime.UTC))
    event.add("dtend", appointment.ends_at.astimezone(datetime.UTC))
    event.add("sequence", appointment.version)
    event.add("summary", summary)
    cancelled = appointment.status == AppointmentStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    return event


def _kind(appointment: Appointment) -> str:
    return str(AppointmentKind(appointment.kind).label)


def client_ics(appointment: Appointment) -> bytes:
    """The .ics a client downloads for his own appointment."""
    calendar = _calendar(_("Werkplein"))
    link = settings.WERKPLEIN_BASE_URL + reverse("portal:appointments")
    calendar.add_component(
        _event(
            appointment,
            _("Afspraak met uw werkcoach (%(kind)s)") % {"kind": _kind(appointment).lower()},
            location=appointment.location,
            description=_("Uw afspraken: %(link)s") % {"link": link},
        )
    )
    return calendar.to_ical()


def _dossier_link(appointment: Appointment) -> str:
    return settings.WERKPLEIN_BASE_URL + reverse("clients:dossier", args=[appointment.client_id])


def staff_ics(appointment: Appointment) -> bytes:
    """The .ics a coach downloads for an appointment of a client he reaches."""
    calendar = _calendar(_("Werkplein"))
    calendar.add_component(
        _event(
            appointment,
            f"{staff_summary(appointment)} · {_kind(appointment)}",
            location=appointment.location,
            description=_("Dossier: %(link)s") % {"link": _dossier_link(appointment)},
        )
    )
    return calendar.to_ical()


def feed_ics(appointments: list[Appointment]) -> bytes:
    """The coach's private feed: summary, kind and dossier link; no location, no names."""
    calendar = _calendar(_("Werkplein: mijn afspraken"))
    calendar.add("x-published-ttl", "PT1H")
    for appointment in appointments:
        calendar.add_component(
            _event(
                appointment,
                f"{staff_summary(appointment)} · {_kind(appointment)}",
                description=_("Dossier: %(link)s") % {"link": _dossier_link(appointment)},
            )
        )
    return calendar.to_ical()
