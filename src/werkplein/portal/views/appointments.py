"""The client's appointments: his list, booking a free slot of his coach, moving, cancelling,
and the .ics file. Every view starts with own_dossier; an appointment id is looked up among
his own appointments only (any other is a 404)."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from werkplein.appointments import ics as appointment_ics
from werkplein.appointments import selectors, services
from werkplein.appointments.forms import CancelForm
from werkplein.audit.models import Action
from werkplein.core.forms import service_message
from werkplein.core.http import posted_version, requested_action
from werkplein.portal.decorators import client_required
from werkplein.portal.selectors import own_dossier


def _parse_start(text: str | None) -> datetime.datetime | None:
    """The start of the chosen slot, as the page wrote it (ISO 8601); None if garbled."""
    try:
        return datetime.datetime.fromisoformat((text or "").strip()[:40])
    except ValueError:
        return None


def _week_context(request: HttpRequest, client) -> dict:
    """One week of free slots of the client's coach, grouped by day, with links to the weeks
    before and after inside the booking horizon."""
    first_allowed, last_allowed = selectors.booking_window()
    first_monday = first_allowed - datetime.timedelta(days=first_allowed.weekday())
    last_monday = last_allowed - datetime.timedelta(days=last_allowed.weekday())
    try:
        asked = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        asked = first_allowed
    monday = asked - datetime.timedelta(days=asked.weekday())
    monday = min(max(monday, first_monday), last_monday)
    sunday = monday + datetime.timedelta(days=6)
    slots = selectors.free_slots_for(client, monday, sunday)
    days: dict[datetime.date, list] = {}
    for slot in slots:
        days.setdefault(timezone.localdate(slot.starts_at), []).append(slot)
    return {
        "week_start": monday,
        "week_end": sunday,
        "days": sorted(days.items()),
        "previous_week": monday - datetime.timedelta(days=7) if monday > first_monday else None,
        "next_week": monday + datetime.timedelta(days=7) if monday < last_monday else None,
        "has_coach": client.coach_id is not None,
        "has_availability": bool(slots) or selectors.has_published_availability(client),
        "horizon_days": settings.WERKPLEIN_BOOKING_HORIZON_DAYS,
    }


@client_required
@require_GET
def appointments(request: HttpRequest) -> HttpResponse:
    client = own_dossier(request.user, detail="afspraken")
    upcoming = selectors.upcoming_for(client, limit=20)
    for appointment in upcoming:
        appointment.may_change = request.user.has_perm("appointments.change_own_now", appointment)
    context = {
        "client": client,
        "upcoming": upcoming,
        "past": selectors.past_for(client),
        "cutoff_hours": settings.WERKPLEIN_APPOINTMENT_CUTOFF_HOURS,
    }
    return render(request, "portal/appointments.html", context)


@client_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest) -> HttpResponse:
    client = own_dossier(request.user, requested_action(request), detail="afspraak maken")
    if request.method == "POST":
        try:
            services.book_slot(
                actor=request.user,
                client=client,
                starts_at=_parse_start(request.POST.get("starts_at")),
            )
        except ValidationError as exc:
            messages.error(request, service_message(exc))
            week = request.POST.get("week", "")
            return redirect(reverse("portal:book") + (f"?week={week}" if week else ""))
        messages.success(
            request, _("Uw afspraak is gemaakt. U krijgt een e-mail met de datum en tijd.")
        )
        return redirect("portal:appointments")
    context = {"client": client, **_week_context(request, client)}
    return render(request, "portal/appointments_book.html", context)


@client_required
@require_http_methods(["GET", "POST"])
def reschedule(request: HttpRequest, appointment_id: int) -> HttpResponse:
    client = own_dossier(request.user, requested_action(request), detail="afspraak verzetten")
    appointment = selectors.own_appointment(client, appointment_id)
    if request.method == "POST":
        try:
            services.reschedule_appointment(
                actor=request.user,
                appointment=appointment,
                starts_at=_parse_start(request.POST.get("starts_at")),
                expected_version=posted_version(request),
            )
        except ValidationError as exc:
            messages.error(request, service_message(exc))
            if not request.user.has_perm("appointments.change_own_now", appointment):
                return redirect("portal:appointments")
            week = request.POST.get("week", "")
            url = reverse("portal:reschedule", args=[appointment.pk])
            return redirect(url + (f"?week={week}" if week else ""))
        messages.success(
            request, _("Uw afspraak is verzet. U krijgt een e-mail met de nieuwe datum en tijd.")
        )
        return redirect("portal:appointments")
    if not request.user.has_perm("appointments.change_own_now", appointment):
        messages.error(request, service_message(_cannot_change(appointment)))
        return redirect("portal:appointments")
    context = {"client": client, "appointment": appointment, **_week_context(request, client)}
    return render(request, "portal/appointments_reschedule.html", context)


def _cannot_change(appointment) -> ValidationError:
    if appointment.status != "planned":
        return ValidationError(services.NOT_PLANNED)
    hours = settings.WERKPLEIN_APPOINTMENT_CUTOFF_HOURS
    return ValidationError(services.AFTER_CUTOFF % {"hours": hours})


@client_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, appointment_id: int) -> HttpResponse:
    client = own_dossier(request.user, requested_action(request), detail="afspraak annuleren")
    appointment = selectors.own_appointment(client, appointment_id)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_appointment(
                actor=request.user,
                appointment=appointment,
                expected_version=posted_version(request),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, service_message(exc))
        else:
            messages.success(request, _("Uw afspraak is geannuleerd. U krijgt een e-mail."))
        return redirect("portal:appointments")
    if request.method == "GET" and not request.user.has_perm(
        "appointments.change_own_now", appointment
    ):
        messages.error(request, service_message(_cannot_change(appointment)))
        return redirect("portal:appointments")
    context = {"client": client, "appointment": appointment, "form": form}
    return render(request, "portal/appointments_cancel.html", context)


@client_required
@require_GET
def ics(request: HttpRequest, appointment_id: int) -> HttpResponse:
    client = own_dossier(request.user, Action.DOWNLOAD, detail="afspraak .ics")
    appointment = selectors.own_appointment(client, appointment_id)
    response = HttpResponse(appointment_ics.client_ics(appointment), content_type="text/calendar")
    stamp = timezone.localtime(appointment.starts_at).strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="afspraak-{stamp}.ics"'
    return response
