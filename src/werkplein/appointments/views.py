"""Staff pages for appointments: the coach's availability and feed, and appointments planned
from the dossier. Thin: parse, call a selector or service, render or redirect."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from werkplein.appointments import ics, selectors, services
from werkplein.appointments.forms import AvailabilityRuleForm, CancelForm, LeaveForm, ScheduleForm
from werkplein.appointments.selectors import local_tz
from werkplein.audit.models import Action
from werkplein.clients import selectors as client_selectors
from werkplein.core.forms import add_service_errors, service_message
from werkplein.core.http import posted_version, requested_action, stated_purpose


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _to_dossier(client_id: int, purpose: str | None) -> HttpResponse:
    url = reverse("clients:dossier", args=[client_id])
    if purpose:
        url += f"?doel={purpose}"
    return redirect(url + "#appointments")


# --- availability --------------------------------------------------------------------------------


def _render_availability(request, *, rule_form=None, leave_form=None, feed_url="", status=200):
    context = {
        **selectors.availability_of(request.user),
        "rule_form": rule_form or AvailabilityRuleForm(),
        "leave_form": leave_form or LeaveForm(),
        "feed_url": feed_url,
    }
    return render(request, "appointments/availability.html", context, status=status)


@login_required
@require_GET
def availability(request: HttpRequest) -> HttpResponse:
    _require(request, "appointments.manage_availability")
    return _render_availability(request)


def _add(request: HttpRequest, form_class, service, done: str, form_name: str) -> HttpResponse:
    """Adds a weekly block or a leave period from its form; the form again with errors."""
    _require(request, "appointments.manage_availability")
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("appointments:availability")
    return _render_availability(request, **{form_name: form}, status=422)


def _remove(request: HttpRequest, item, done: str, context: dict) -> HttpResponse:
    """Asks to confirm (GET), then removes the coach's own block or leave period (POST)."""
    if request.method == "POST":
        services.remove_availability(actor=request.user, item=item)
        messages.success(request, done)
        return redirect("appointments:availability")
    return render(request, "appointments/confirm_remove.html", context)


@login_required
@require_POST
def rule_add(request: HttpRequest) -> HttpResponse:
    return _add(
        request,
        AvailabilityRuleForm,
        services.add_availability_rule,
        _("Het blok is toegevoegd."),
        "rule_form",
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_remove(request: HttpRequest, rule_id: int) -> HttpResponse:
    _require(request, "appointments.manage_availability")
    rule = selectors.own_rule(request.user, rule_id)
    done = _("Het blok is verwijderd. Gemaakte afspraken blijven staan.")
    return _remove(request, rule, done, {"rule": rule})


@login_required
@require_POST
def leave_add(request: HttpRequest) -> HttpResponse:
    done = _(
        "Uw afwezigheid is opgeslagen. Afspraken die al op deze dagen staan, "
        "blijven staan: verzet of annuleer ze zelf."
    )
    return _add(request, LeaveForm, services.add_availability_exception, done, "leave_form")


@login_required
@require_http_methods(["GET", "POST"])
def leave_remove(request: HttpRequest, leave_id: int) -> HttpResponse:
    _require(request, "appointments.manage_availability")
    leave = selectors.own_leave(request.user, leave_id)
    return _remove(request, leave, _("De afwezigheid is verwijderd."), {"leave": leave})


@login_required
@require_POST
def feed_renew(request: HttpRequest) -> HttpResponse:
    """Makes a new feed URL and shows it in this response only: it is not stored."""
    _require(request, "appointments.manage_availability")
    token = services.renew_calendar_feed(actor=request.user)
    url = request.build_absolute_uri(reverse("appointments:feed", args=[token]))
    return _render_availability(request, feed_url=url)


@login_required
@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    _require(request, "appointments.manage_availability")
    services.revoke_calendar_feed(actor=request.user)
    messages.success(request, _("Het agenda-abonnement is gestopt. De oude link werkt niet meer."))
    return redirect("appointments:availability")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The coach's private calendar feed: no login, the secret URL is the key."""
    coach = selectors.feed_coach(token)
    if coach is None:
        raise Http404
    response = HttpResponse(
        ics.feed_ics(selectors.feed_appointments(coach)), content_type="text/calendar"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- appointments from the dossier ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, client_pk: int) -> HttpResponse:
    """The coach plans an appointment with a client directly, at any free time of his."""
    purpose = stated_purpose(request)
    client = client_selectors.dossier_for_change(
        request.user,
        client_pk,
        purpose,
        permitted=request.user.has_perm("appointments.schedule_appointment"),
        detail="afspraak plannen niet toegestaan",
        action=requested_action(request),
    )
    form = ScheduleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        tz = local_tz()
        try:
            services.schedule_appointment(
                actor=request.user,
                client=client,
                starts_at=datetime.datetime.combine(data["date"], data["start_time"], tzinfo=tz),
                ends_at=datetime.datetime.combine(data["date"], data["end_time"], tzinfo=tz),
                kind=data["kind"],
                location=data["location"],
            )
        except ValidationError as exc:
            errors = exc.message_dict
            for source, target in (("starts_at", "start_time"), ("ends_at", "end_time")):
                if source in errors:
                    errors[target] = errors.pop(source)
            add_service_errors(form, ValidationError(errors))
        else:
            messages.success(request, _("De afspraak is gepland. De klant krijgt een e-mail."))
            return _to_dossier(client.pk, purpose)
    context = {"client": client, "form": form, "purpose": purpose or ""}
    status = 422 if request.method == "POST" else 200
    return render(request, "appointments/schedule.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    purpose = stated_purpose(request)
    appointment = selectors.appointment_for(
        request.user,
        pk,
        purpose,
        permitted=request.user.has_perm("appointments.schedule_appointment"),
        detail="afspraak annuleren niet toegestaan",
        action=requested_action(request),
    )
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
            messages.success(request, _("De afspraak is geannuleerd. De klant krijgt een e-mail."))
        return _to_dossier(appointment.client_id, purpose)
    context = {"appointment": appointment, "form": form, "purpose": purpose or ""}
    return render(request, "appointments/cancel.html", context)


def _outcome(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    purpose = stated_purpose(request)
    appointment = selectors.appointment_for(
        request.user,
        pk,
        purpose,
        permitted=request.user.has_perm("appointments.register_outcome"),
        detail="afspraak afronden niet toegestaan",
        action=Action.UPDATE,
    )
    try:
        service(actor=request.user, appointment=appointment)
    except ValidationError as exc:
        messages.error(request, service_message(exc))
    else:
        messages.success(request, done)
    return _to_dossier(appointment.client_id, purpose)


@login_required
@require_POST
def no_show(request: HttpRequest, pk: int) -> HttpResponse:
    return _outcome(request, pk, services.register_no_show, _("Vastgelegd: niet verschenen."))


@login_required
@require_POST
def held(request: HttpRequest, pk: int) -> HttpResponse:
    return _outcome(request, pk, services.mark_held, _("Vastgelegd: de afspraak is gehouden."))


@login_required
@require_GET
def appointment_ics(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = selectors.appointment_for(request.user, pk, stated_purpose(request))
    response = HttpResponse(ics.staff_ics(appointment), content_type="text/calendar")
    stamp = timezone.localtime(appointment.starts_at).strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="afspraak-{stamp}.ics"'
    return response
