"""Pages of registration (public and at the counter), the registration queue, the intake and
the routing rules. Thin: parse, call a selector or service, render."""

import datetime
from typing import Any

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage

from werkplein.clients import selectors as client_selectors
from werkplein.core.forms import add_service_errors
from werkplein.core.pagination import paginate
from werkplein.core.request_context import client_ip_var
from werkplein.intake import forms, selectors, services
from werkplein.intake.models import Registration, RegistrationStatus, Route, RoutingRule

RATE_GROUP = "werkplein.intake.register"
DEFAULT_RATE = "10/h"


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


# --- public registration -------------------------------------------------------------------------


def _rate_limited(request: HttpRequest) -> bool:
    """Counts this POST against the visitor's address; True when he sent too many."""
    usage = get_usage(
        request,
        group=RATE_GROUP,
        key=lambda group, request: client_ip_var.get() or request.META.get("REMOTE_ADDR", ""),
        rate=getattr(settings, "WERKPLEIN_REGISTRATION_RATE", DEFAULT_RATE),
        method="POST",
        increment=True,
    )
    return bool(usage and usage["should_limit"])


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """The public registration form: anonymous, the same answer for a known and a new BSN."""
    werkplein = selectors.werkplein_for_public_form(request.GET.get("werkplein"))
    if werkplein is None:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = forms.PersonForm(data, werkplein_id=werkplein.pk)
    jobs = forms.job_formset(data)
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            form.is_valid()
            form.errors.clear()
            form.add_error(
                None,
                _(
                    "Er zijn vanaf dit adres veel aanmeldingen kort na elkaar verstuurd. "
                    "Wacht een uur en probeer het dan opnieuw, of kom langs bij de balie."
                ),
            )
            status = 429
        elif form.is_valid() & jobs.is_valid():
            try:
                services.submit_registration(
                    werkplein=werkplein,
                    channel="web",
                    cleaned=form.cleaned_data,
                    jobs=jobs.jobs(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("intake_public:done")
    context = {"form": form, "jobs": jobs, "werkplein": werkplein}
    return render(request, "intake/register.html", context, status=status)


def registered(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/registered.html")


# --- counter registration ------------------------------------------------------------------------


def _initial_from(values: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    initial = {k: v for k, v in values.items() if k != "jobs" and v is not None}
    return initial, list(values.get("jobs") or [])


@login_required
@require_http_methods(["GET", "POST"])
def counter(request: HttpRequest) -> HttpResponse:
    """Staff type the BSN first; a known client's data come pre-filled to confirm or correct."""
    _require(request, "intake.register_at_counter")
    user = request.user
    step = request.POST.get("step", "")
    if request.method == "GET" or step not in ("lookup", "save"):
        return render(request, "intake/counter_lookup.html", {"form": forms.CounterLookupForm()})
    if step == "lookup":
        lookup = forms.CounterLookupForm(request.POST)
        if not lookup.is_valid():
            return render(request, "intake/counter_lookup.html", {"form": lookup})
        bsn = lookup.cleaned_data["bsn"]
        known = selectors.known_client_for_counter(user, bsn)
        initial, jobs_initial = ({"bsn": bsn}, [])
        if known is not None:
            initial, jobs_initial = _initial_from(selectors.known_values(known))
        form = forms.PersonForm(initial=initial, werkplein_id=user.werkplein_id)
        jobs = forms.job_formset(initial=jobs_initial)
    else:
        form = forms.PersonForm(request.POST, werkplein_id=user.werkplein_id)
        jobs = forms.job_formset(request.POST)
        known = None
        if form.is_valid() & jobs.is_valid():
            try:
                registration = services.submit_registration(
                    werkplein=user.werkplein,
                    channel="counter",
                    cleaned=form.cleaned_data,
                    jobs=jobs.jobs(),
                    actor=user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("De aanmelding is opgeslagen. Houd nu de intake."))
                return redirect("intake:intake", registration.pk)
    context = {"form": form, "jobs": jobs, "known": known}
    return render(request, "intake/counter.html", context)


# --- the queue -----------------------------------------------------------------------------------


@login_required
def registrations(request: HttpRequest) -> HttpResponse:
    _require(request, "intake.view_registrations")
    page = paginate(selectors.pending_registrations(request.user), request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        {
            "registration": registration,
            "name": " ".join(
                str(registration.data.get(k) or "")
                for k in ("first_name", "name_prefix", "last_name")
                if registration.data.get(k)
            ),
            "age": selectors.registration_age(registration, today),
        }
        for registration in page.object_list
    ]
    return render(request, "intake/registrations.html", {"page": page, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: str) -> HttpResponse:
    _require(request, "intake.withdraw_registration")
    registration = selectors.registration_for(request.user, pk)
    if request.method == "POST":
        try:
            services.withdraw_registration(actor=request.user, registration=registration)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De aanmelding is ingetrokken."))
        return redirect("intake:registrations")
    return render(request, "intake/withdraw.html", {"registration": registration})


# --- the intake ----------------------------------------------------------------------------------


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _proposal(registration: Registration, today: datetime.date) -> dict[str, Any]:
    """What the intake form starts with: the registration, or the known client's data."""
    submitted = dict(registration.data)
    values = (
        selectors.known_values(registration.client, with_household=True)
        if registration.client
        else submitted
    )
    initial, known_jobs = _initial_from(values)
    if registration.client:
        initial["known_state"] = selectors.known_state(values)
    born = _date(values.get("date_of_birth"))
    age = selectors.age_on(born, today) if born else None
    early = age is not None and services.is_early_school_leaver(
        age, bool(values.get("has_start_qualification"))
    )
    steps: list[dict[str, Any]] = []
    if early:
        initial["route"] = Route.SCHOOL_FIRST
        steps = services.school_first_steps(today)
    differences = []
    if registration.client:
        municipalities = dict(
            selectors.municipalities_of(registration.werkplein_id).values_list("pk", "name")
        )
        for name, field in forms.PersonForm.base_fields.items():
            known, given = values.get(name), submitted.get(name)
            if name in submitted and str(given or "") != str(known or ""):
                differences.append(
                    {
                        "label": field.label,
                        "known": _shown(field, known, municipalities),
                        "submitted": _shown(field, given, municipalities),
                    }
                )
    return {
        "initial": initial,
        "jobs": list(submitted.get("jobs") or []),
        "steps": steps,
        "early": early,
        "age": age,
        "differences": differences,
        # The dossier's jobs, shown beside the form (read once, with the known values).
        "known_jobs": [{**job, "started_on": _date(job["started_on"])} for job in known_jobs]
        if registration.client
        else [],
    }


def _shown(field, value: Any, municipalities: dict[int, str]) -> str:
    """A registration value as staff read it: names, not ids; ja/nee; Dutch dates."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(field, django_forms.ModelChoiceField):
        return municipalities.get(value, "—")
    if isinstance(field, django_forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(field, django_forms.DateField):
        day = _date(value)
        return date_format(day, "SHORT_DATE_FORMAT") if day else "—"
    return str(value)


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest, pk: str) -> HttpResponse:
    _require(request, "intake.hold_intake")
    user = request.user
    registration = selectors.registration_for(user, pk, pending=False)
    if registration.status != RegistrationStatus.PENDING:
        return _already_held(request, registration)
    today = timezone.localdate()
    # What the form starts with: read only for a page that shows it, not for a saved intake.
    proposal: dict[str, Any] | None = None
    if request.method == "POST":
        form = forms.IntakeForm(request.POST, actor=user)
        jobs = forms.job_formset(request.POST)
        steps = forms.step_formset(request.POST)
        if form.is_valid() & jobs.is_valid() & steps.is_valid():
            data = {**form.cleaned_data, "jobs": jobs.jobs(), "steps": steps.steps()}
            try:
                held = services.hold_intake(actor=user, registration=registration, data=data)
            except ValidationError as exc:
                registration.refresh_from_db(fields=["status"])
                if registration.status != RegistrationStatus.PENDING:  # a double click
                    return _already_held(request, registration)
                if isinstance(exc, services.KnownDataChanged):
                    proposal = _proposal(registration, today)
                    form = _with_current_known_data(request, user, proposal)
                add_service_errors(form, exc)
            else:
                messages.success(request, _("De intake is opgeslagen."))
                return redirect("intake:summary", held.pk)
    else:
        proposal = _proposal(registration, today)
        form = forms.IntakeForm(initial=proposal["initial"], actor=user)
        jobs = forms.job_formset(initial=proposal["jobs"])
        steps = forms.step_formset(initial=proposal["steps"])
    context = {
        "registration": registration,
        "form": form,
        "jobs": jobs,
        "steps": steps,
        "proposal": proposal if proposal is not None else _proposal(registration, today),
    }
    return render(request, "intake/intake.html", context)


def _with_current_known_data(request: HttpRequest, user, proposal: dict[str, Any]):
    """The posted intake with the known client's person fields, fingerprint and (once recorded)
    household replaced by his current data (changed meanwhile by someone else); the
    conversation stays as typed."""
    current = proposal["initial"]
    replaced = {*forms.PersonForm.base_fields, "known_state"}
    if current.get("household"):
        replaced.add("household")
    data = request.POST.copy()
    for name in replaced:
        data.pop(name, None)
    for name, value in current.items():
        if name in replaced:
            if isinstance(value, bool):
                if value:
                    data[name] = "on"
            else:
                data[name] = str(value)
    form = forms.IntakeForm(data, actor=user)
    form.is_valid()
    return form


def _already_held(request: HttpRequest, registration: Registration) -> HttpResponse:
    """A registration no longer pending: its intake's summary (a second click of "save" lands
    there), or not found when it was withdrawn."""
    held = selectors.intake_of(request.user, registration)
    if held is None:
        raise Http404
    messages.info(request, _("De intake van deze aanmelding is al opgeslagen."))
    if not selectors.may_read_summary(request.user, held):
        # Held by a colleague for a client this user does not reach: back to the queue.
        return redirect("intake:registrations")
    return redirect("intake:summary", held.pk)


@login_required
def summary(request: HttpRequest, pk: str) -> HttpResponse:
    held = selectors.intake_summary(request.user, pk)
    client = held.client
    context = {
        "intake": held,
        "client": client,
        "may_open_dossier": client_selectors.is_within_reach(request.user, client),
        "invited": selectors.client_invited(request.user, client),
        "first_steps": held.agreed_first_steps(),
    }
    return render(request, "intake/summary.html", context)


# --- routing rules -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def routing_rules(request: HttpRequest) -> HttpResponse:
    _require(request, "intake.manage_routing")
    if request.method == "POST":
        rule = selectors.routing_rule_for(request.user, request.POST.get("rule", ""))
        direction = request.POST.get("move")
        if direction in ("up", "down"):
            services.move_routing_rule(actor=request.user, rule=rule, up=direction == "up")
            messages.success(request, _("De volgorde is aangepast."))
        return redirect("intake:routing_rules")
    rules = list(selectors.routing_rules_for(request.user))
    return render(request, "intake/routing_rules.html", {"rules": rules})


@login_required
@require_http_methods(["GET", "POST"])
def routing_rule_edit(request: HttpRequest, pk: str | None = None) -> HttpResponse:
    _require(request, "intake.manage_routing")
    rule = selectors.routing_rule_for(request.user, pk) if pk is not None else None
    form = forms.RoutingRuleForm(
        request.POST or None, instance=rule, werkplein_id=request.user.werkplein_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_routing_rule(actor=request.user, rule=form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De routeringsregel is opgeslagen."))
            return redirect("intake:routing_rules")
    return render(request, "intake/routing_rule_form.html", {"form": form, "rule": rule})


@login_required
@require_http_methods(["GET", "POST"])
def routing_rule_delete(request: HttpRequest, pk: str) -> HttpResponse:
    _require(request, "intake.manage_routing")
    rule: RoutingRule = selectors.routing_rule_for(request.user, pk)
    if request.method == "POST":
        services.delete_routing_rule(actor=request.user, rule=rule)
        messages.success(request, _("De routeringsregel is verwijderd."))
        return redirect("intake:routing_rules")
    return render(request, "intake/routing_rule_delete.html", {"rule": rule})
