"""Pages of search periods, benefit applications and WW-end signals.

Dossier pages (/klanten/<pk>/uitkering/): reach through clients.selectors.dossier_for (a read) or
record_change (a change the role may or may not make: 403). Back office pages (/aanvragen/):
only applications addressed to the user's own organisation; anything else is a 404. The
client's own page (/aanvragen/mijn/) goes through portal.selectors.own_dossier.
Every change is one service call.
"""

import datetime
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from werkplein.audit.models import Action
from werkplein.benefits import selectors, services
from werkplein.benefits.forms import (
    AnswerForm,
    ApplicationForm,
    DecisionForm,
    HandoverForm,
    LiftHoldForm,
    QuestionForm,
    SearchTaskForm,
)
from werkplein.clients import selectors as client_selectors
from werkplein.core.forms import add_service_errors
from werkplein.core.http import posted_version, requested_action, stated_purpose
from werkplein.core.pagination import paginate
from werkplein.portal.selectors import own_dossier

STALE = gettext_lazy(
    "Iemand anders heeft deze aanvraag net gewijzigd of er al over besloten. Uw wijziging is "
    "niet opgeslagen. Bekijk de aanvraag opnieuw."
)
QUEUE_PAGE_SIZE = 25


def _reach(request: HttpRequest, pk) -> object:
    return client_selectors.dossier_for(request.user, pk, stated_purpose(request))


def _reach_for_change(request: HttpRequest, pk, perm: str, detail: str, with_client=False):
    """The client for a change; 403 (logged) when the role reaches him but may not do this."""
    purpose = stated_purpose(request)
    action = requested_action(request)
    client = client_selectors.reach_client(request.user, pk, purpose, action)
    permitted = request.user.has_perm(perm, client) if with_client else request.user.has_perm(perm)
    client_selectors.record_change(
        request.user, client, purpose, permitted=permitted, detail=detail, action=action
    )
    return client


def _overview_url(client, purpose: str | None, anchor: str = "") -> str:
    url = reverse("benefits_dossier:overview", args=[client.pk])
    if purpose:
        url += f"?doel={purpose}"
    return url + (f"#{anchor}" if anchor else "")


def _submitted(form, call: Callable[[], object]) -> int:
    """Calls the service behind a valid form. 0 when it went through; otherwise the reason is on
    the form and the page's status is returned: 409 for a stale version (or an application
    waiting for the coach), 422 for a refusal."""
    try:
        call()
    except services.StaleVersion as exc:
        form.add_error(None, str(exc) if isinstance(exc, services.AwaitingCoach) else STALE)
        return 409
    except ValidationError as exc:
        add_service_errors(form, exc)
        return 422
    return 0


def _render(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    context.setdefault("purpose", stated_purpose(request) or "")
    context["purpose_query"] = f"?doel={context['purpose']}" if context["purpose"] else ""
    return render(request, template, context, status=status)


def _answer_form(application_id: int, data=None) -> AnswerForm:
    """The answer form of one application; its own ids, as several may be on one page."""
    return AnswerForm(data, auto_id=f"id_answer_{application_id}_%s")


def _overview_context(request: HttpRequest, client, answered=None, **forms) -> dict:
    """The overview page; `answered` is (application id, bound AnswerForm) after a refused
    answer, so its errors show at that application."""
    user = request.user
    overview_ = selectors.overview_for(user, client)
    may_apply = user.has_perm("benefits.start_application")
    if may_apply:
        for application in overview_.returned_applications:
            if answered and answered[0] == application.pk:
                application.answer_form = answered[1]
            else:
                application.answer_form = _answer_form(application.pk)
    return {
        "client": client,
        "overview": overview_,
        "task_form": forms.get("task_form") or SearchTaskForm(),
        "answer_errors": answered[1] if answered else None,
        "may_guide": user.has_perm("benefits.guide_search"),
        "may_apply": may_apply,
        "may_lift": user.has_perm("benefits.lift_hold", client),
    }


# --- the dossier page ----------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    client = _reach(request, pk)
    return _render(request, "benefits/overview.html", _overview_context(request, client))


@login_required
@require_POST
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    client = _reach_for_change(
        request, pk, "benefits.guide_search", "zoekopdracht geven niet toegestaan"
    )
    purpose = stated_purpose(request)
    period = selectors.current_search_period(client)
    if period is None:
        messages.error(request, _("Deze klant heeft geen zoekperiode."))
        return redirect(_overview_url(client, purpose))
    form = SearchTaskForm(request.POST)
    status = 422
    if form.is_valid():
        status = _submitted(
            form,
            lambda: services.add_search_task(
                actor=request.user, period=period, **form.cleaned_data
            ),
        )
        if not status:
            messages.success(request, _("Toegevoegd aan de zoekperiode."))
            return redirect(_overview_url(client, purpose, "search-period"))
    context = _overview_context(request, client, task_form=form)
    return _render(request, "benefits/overview.html", context, status=status)


@login_required
@require_POST
def task_done(request: HttpRequest, pk: int, task_id: str) -> HttpResponse:
    client = _reach_for_change(
        request, pk, "benefits.guide_search", "zoekopdracht afronden niet toegestaan"
    )
    task = selectors.task_for(client, task_id)
    services.mark_task_done(actor=request.user, task=task)
    messages.success(request, _("Gemarkeerd als afgerond."))
    return redirect(_overview_url(client, stated_purpose(request), "search-period"))


@login_required
@require_http_methods(["GET", "POST"])
def lift(request: HttpRequest, pk: int) -> HttpResponse:
    client = _reach_for_change(
        request, pk, "benefits.lift_hold", "wachttijd opheffen niet toegestaan", with_client=True
    )
    period = selectors.holding_period(client, timezone.localdate())
    status = 200
    if request.method == "POST":
        form = LiftHoldForm(request.POST)
        status = 422
        if form.is_valid():
            status = _submitted(
                form,
                lambda: services.lift_hold(
                    actor=request.user, client=client, reason=form.cleaned_data["reason"]
                ),
            )
            if not status:
                messages.success(request, _("De wachttijd is opgeheven. De aanvraag kan nu."))
                return redirect(_overview_url(client, stated_purpose(request), "search-period"))
    else:
        form = LiftHoldForm()
    context = {"client": client, "form": form, "period": period}
    return _render(request, "benefits/lift_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    client = _reach_for_change(
        request, pk, "benefits.start_application", "uitkeringsaanvraag niet toegestaan"
    )
    status = 200
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        status = 422
        if form.is_valid():
            status = _submitted(
                form,
                lambda: services.start_application(
                    actor=request.user, client=client, **form.cleaned_data
                ),
            )
            if not status:
                messages.success(request, _("De aanvraag is ingediend bij de backoffice."))
                return redirect(_overview_url(client, stated_purpose(request), "applications"))
    else:
        form = ApplicationForm()
    context = {"client": client, "form": form, "gate": selectors.bijstand_gate(client)}
    return _render(request, "benefits/application_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int, application_id: str) -> HttpResponse:
    client = _reach_for_change(
        request, pk, "benefits.start_application", "aanvraag intrekken niet toegestaan"
    )
    application = selectors.application_on_dossier(request.user, client, application_id)
    if request.method == "POST":
        try:
            services.withdraw_application(
                actor=request.user,
                application=application,
                expected_version=posted_version(request),
            )
        except services.StaleVersion:
            messages.error(request, STALE)
        else:
            messages.success(request, _("De aanvraag is ingetrokken."))
        return redirect(_overview_url(client, stated_purpose(request), "applications"))
    context = {"client": client, "application": application}
    return _render(request, "benefits/confirm_withdraw.html", context)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int, application_id: str) -> HttpResponse:
    """The coach answers the back office's question; the application returns to the queue."""
    client = _reach_for_change(
        request,
        pk,
        "benefits.start_application",
        "vraag van de backoffice beantwoorden niet toegestaan",
    )
    application = selectors.application_on_dossier(request.user, client, application_id)
    form = _answer_form(application.pk, request.POST)
    status = 422
    if form.is_valid():
        status = _submitted(
            form,
            lambda: services.answer_question(
                actor=request.user,
                application=application,
                answer=form.cleaned_data["answer"],
                version=posted_version(request),
            ),
        )
        if not status:
            messages.success(
                request, _("Uw antwoord is verstuurd. De aanvraag staat weer bij de backoffice.")
            )
            return redirect(_overview_url(client, stated_purpose(request), "applications"))
    context = _overview_context(request, client, answered=(application.pk, form))
    return _render(request, "benefits/overview.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest, pk: int, signal_id: str) -> HttpResponse:
    client = _reach_for_change(
        request, pk, "benefits.start_application", "overdracht naar bijstand niet toegestaan"
    )
    signal = selectors.signal_on_dossier(client, signal_id)
    status = 200
    if request.method == "POST":
        form = HandoverForm(request.POST)
        status = 422
        if form.is_valid():
            status = _submitted(
                form,
                lambda: services.hand_over_to_bijstand(
                    actor=request.user, signal=signal, **form.cleaned_data
                ),
            )
            if not status:
                messages.success(
                    request,
                    _(
                        "De bijstandsaanvraag is ingediend bij de gemeente. "
                        "De coach blijft dezelfde."
                    ),
                )
                return redirect(_overview_url(client, stated_purpose(request), "applications"))
    else:
        start = signal.expected_end_on + datetime.timedelta(days=1)
        form = HandoverForm(initial={"desired_start_on": start})
    context = {
        "client": client,
        "form": form,
        "signal": signal,
        "gate": selectors.bijstand_gate(client),
    }
    return _render(request, "benefits/handover_form.html", context, status=status)


# --- the back office -----------------------------------------------------------------------------


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise Http404


def _back_office_list(request: HttpRequest, perm: str, rows_for, name: str) -> HttpResponse:
    """One page of a back-office list (the queue, the signals); 404 without the permission."""
    _require(request, perm)
    page = paginate(rows_for(request.user), request.GET.get("page"), QUEUE_PAGE_SIZE)
    return render(request, f"benefits/{name}.html", {"page": page})


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    return _back_office_list(request, "benefits.view_queue", selectors.queue_for, "queue")


@login_required
@require_http_methods(["GET", "POST"])
def application(request: HttpRequest, application_id: str) -> HttpResponse:
    _require(request, "benefits.view_queue")
    case = selectors.case_file_for(request.user, application_id)
    status = 200
    form = DecisionForm()
    if request.method == "POST":
        form = DecisionForm(request.POST)
        status = 422
        if form.is_valid():
            values = form.cleaned_data
            status = _submitted(
                form,
                lambda: services.decide(
                    actor=request.user,
                    application=case.application,
                    decision=values["decision"],
                    expected_version=posted_version(request),
                    granted_from=values["granted_from"],
                    granted_until=values["granted_until"],
                    monthly_amount_cents=values["monthly_amount"],
                    reason=values["reason"],
                ),
            )
            if not status:
                messages.success(request, _("Het besluit is vastgelegd."))
                return redirect("benefits:queue")
    return _application_page(request, case, form, QuestionForm(), status)


def _application_page(request, case, form, question_form, status: int) -> HttpResponse:
    context = {
        "case": case,
        "application": case.application,
        "form": form,
        "question_form": question_form,
    }
    return render(request, "benefits/application.html", context, status=status)


@login_required
@require_POST
def ask(request: HttpRequest, application_id: str) -> HttpResponse:
    """The back office of the paying organisation sends a question back to the coach."""
    _require(request, "benefits.view_queue")
    case = selectors.case_file_for(request.user, application_id)
    form = QuestionForm(request.POST)
    status = 422
    if form.is_valid():
        status = _submitted(
            form,
            lambda: services.ask_coach(
                actor=request.user,
                application=case.application,
                question=form.cleaned_data["question"],
                version=posted_version(request),
            ),
        )
        if not status:
            messages.success(
                request,
                _("Uw vraag is naar de coach gestuurd. De aanvraag wacht op het antwoord."),
            )
            return redirect("benefits:queue")
    return _application_page(request, case, DecisionForm(), form, status)


@login_required
def signals(request: HttpRequest) -> HttpResponse:
    return _back_office_list(request, "benefits.view_signals", selectors.signals_for, "signals")


# --- the client's own page -----------------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    client = own_dossier(request.user, Action.READ, "zoekperiode en uitkeringsaanvragen")
    context = {"client": client, "overview": selectors.own_overview(client)}
    return render(request, "benefits/mine.html", context)
