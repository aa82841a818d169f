"""The client's appointments under /api/v1/me/: the same selectors, rules and services as the
pages of Mijn Werkplein. Only a client account reaches them; anyone else gets a 404."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from werkplein.appointments import ics, selectors, services
from werkplein.appointments.models import Appointment
from werkplein.audit.models import Action
from werkplein.portal.selectors import own_dossier

me_router = Router(tags=["me"])


class AppointmentOut(Schema):
    id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    kind: str
    location: str
    status: str
    version: int
    may_change: bool = Field(description="Of de klant hem nu nog zelf mag verzetten of annuleren")
    ics_url: str


class AppointmentList(Schema):
    upcoming: list[AppointmentOut]
    past: list[AppointmentOut]
    cutoff_hours: int


class SlotOut(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    kind: str
    location: str


class SlotList(Schema):
    first_day: datetime.date
    last_day: datetime.date
    slots: list[SlotOut]


class BookIn(Schema):
    starts_at: datetime.datetime


class RescheduleIn(Schema):
    starts_at: datetime.datetime
    version: int


class CancelIn(Schema):
    version: int
    reason: str = ""


class SlotFilter(Schema):
    first_day: datetime.date | None = Field(None, alias="from")
    last_day: datetime.date | None = Field(None, alias="to")


def _out(request: HttpRequest, appointment: Appointment) -> dict[str, Any]:
    return {
        "id": appointment.pk,
        "starts_at": appointment.starts_at,
        "ends_at": appointment.ends_at,
        "kind": appointment.kind,
        "location": appointment.location,
        "status": appointment.status,
        "version": appointment.version,
        "may_change": request.auth.has_perm("appointments.change_own_now", appointment),
        "ics_url": reverse("portal:ics", args=[appointment.pk]),
    }


@me_router.get("/appointments/", response=AppointmentList, summary="Mijn afspraken")
def list_appointments(request: HttpRequest) -> dict[str, Any]:
    client = own_dossier(request.auth, detail="afspraken")
    return {
        "upcoming": [_out(request, a) for a in selectors.upcoming_for(client, limit=50)],
        "past": [_out(request, a) for a in selectors.past_for(client)],
        "cutoff_hours": settings.WERKPLEIN_APPOINTMENT_CUTOFF_HOURS,
    }


@me_router.post(
    "/appointments/", response={201: AppointmentOut}, summary="Afspraak maken in een vrij tijdstip"
)
def book(request: HttpRequest, payload: BookIn) -> Status:
    client = own_dossier(request.auth, Action.UPDATE, detail="afspraak maken")
    appointment = services.book_slot(actor=request.auth, client=client, starts_at=payload.starts_at)
    appointment.client = client
    return Status(201, _out(request, appointment))


@me_router.get("/appointments/{appointment_id}/", response=AppointmentOut, summary="Eén afspraak")
def get_appointment(request: HttpRequest, appointment_id: int) -> dict[str, Any]:
    client = own_dossier(request.auth, detail="afspraak")
    return _out(request, selectors.own_appointment(client, appointment_id))


@me_router.post(
    "/appointments/{appointment_id}/reschedule/",
    response=AppointmentOut,
    summary="Afspraak verzetten naar een ander vrij tijdstip",
)
def reschedule(request: HttpRequest, appointment_id: int, payload: RescheduleIn) -> dict:
    client = own_dossier(request.auth, Action.UPDATE, detail="afspraak verzetten")
    appointment = services.reschedule_appointment(
        actor=request.auth,
        appointment=selectors.own_appointment(client, appointment_id),
        starts_at=payload.starts_at,
        expected_version=payload.version,
    )
    return _out(request, appointment)


@me_router.post(
    "/appointments/{appointment_id}/cancel/", response=AppointmentOut, summary="Afspraak annuleren"
)
def cancel(request: HttpRequest, appointment_id: int, payload: CancelIn) -> dict:
    client = own_dossier(request.auth, Action.UPDATE, detail="afspraak annuleren")
    appointment = services.cancel_appointment(
        actor=request.auth,
        appointment=selectors.own_appointment(client, appointment_id),
        expected_version=payload.version,
        reason=payload.reason,
    )
    return _out(request, appointment)


@me_router.get(
    "/appointments/{appointment_id}/ics/",
    summary="Afspraak als .ics-bestand",
    openapi_extra={"responses": {200: {"description": "text/calendar"}}},
)
def appointment_ics(request: HttpRequest, appointment_id: int) -> HttpResponse:
    client = own_dossier(request.auth, Action.DOWNLOAD, detail="afspraak .ics")
    appointment = selectors.own_appointment(client, appointment_id)
    return HttpResponse(ics.client_ics(appointment), content_type="text/calendar")


@me_router.get(
    "/slots/",
    response=SlotList,
    summary="Vrije tijden van mijn werkcoach (from/to als jjjj-mm-dd, hoogstens 62 dagen)",
)
def slots(request: HttpRequest, filters: Query[SlotFilter]) -> dict[str, Any]:
    client = own_dossier(request.auth, detail="vrije tijden")
    today = timezone.localdate()
    first_day = filters.first_day or today
    if filters.last_day is not None:
        last_day = filters.last_day
    elif first_day <= datetime.date.max - datetime.timedelta(days=6):
        last_day = first_day + datetime.timedelta(days=6)
    else:  # from=9999-12-31: a week on would overflow (a 500); nothing there to book anyway
        last_day = datetime.date.max
    if last_day < first_day:
        raise ValidationError({"to": [_("De einddatum moet op of na de begindatum liggen.")]})
    if (last_day - first_day).days >= selectors.MAX_SLOT_RANGE_DAYS:
        raise ValidationError(
            {
                "to": [
                    _("Vraag hoogstens %(days)s dagen tegelijk op.")
                    % {"days": selectors.MAX_SLOT_RANGE_DAYS}
                ]
            }
        )
    return {
        "first_day": first_day,
        "last_day": last_day,
        "slots": selectors.free_slots_for(client, first_day, last_day),
    }
