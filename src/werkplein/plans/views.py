"""Staff pages of a client's plan, under /klanten/<pk>/plan/.

Reach as on the dossier: clients.selectors.dossier_for (a read) or dossier_for_change (a change
the role may or may not make: 403). Out of reach is a 404. Every change is one service call.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from werkplein.clients import selectors as client_selectors
from werkplein.core.forms import add_service_errors
from werkplein.core.http import posted_version, requested_action, stated_purpose
from werkplein.core.pagination import paginate
from werkplein.plans import selectors, services
from werkplein.plans.forms import ActivityForm, GoalForm, LadderForm, ObligationForm

STALE = gettext_lazy(
    "Iemand anders heeft dit net gewijzigd. Uw wijziging is niet opgeslagen. "
    "Hieronder ziet u de nieuwste gegevens; controleer ze en sla opnieuw op."
)


def _reach(request: HttpRequest, pk: int):
    return client_selectors.dossier_for(request.user, pk, stated_purpose(request))


def _reach_for_change(request: HttpRequest, pk: int, detail: str):
    """Opening a form is a read, sending it a change; each logged once. 403 for roles that
    reach the client but may not change the plan."""
    return client_selectors.dossier_for_change(
        request.user,
        pk,
        stated_purpose(request),
        permitted=request.user.has_perm("plans.change_plan"),
        detail=detail,
        action=requested_action(request),
    )


def _plan_url(client, purpose: str, anchor: str = "") -> str:
    url = reverse("plans:plan", args=[client.pk])
    if purpose:
        url += f"?doel={purpose}"
    return url + (f"#{anchor}" if anchor else "")


def _plan_or_redirect(request: HttpRequest, client):
    plan = selectors.plan_for(request.user, client)
    if plan is None:
        messages.info(request, _("Maak eerst het plan van aanpak."))
    return plan


def _render(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    context.setdefault("purpose", stated_purpose(request))
    context["purpose_query"] = f"?doel={context['purpose']}" if context["purpose"] else ""
    return render(request, template, context, status=status)


@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    client = _reach(request, pk)
    the_plan = selectors.plan_for(request.user, client)
    progress = selectors.progress_for(request.user, client)
    context = {
        "client": client,
        "plan": the_plan,
        "goals": the_plan.goals.all() if the_plan else [],
        "activities": the_plan.activities.all() if the_plan else [],
        "progress": progress,
        "ladder": selectors.ladder_history(request.user, client)[:12],
        "applications": selectors.applications_for(request.user, client)[:5],
        "today": progress.today,
        "may_change": request.user.has_perm("plans.change_plan"),
    }
    return _render(request, "plans/plan.html", context)


@login_required
@require_POST
def create(request: HttpRequest, pk: int) -> HttpResponse:
    client = _reach_for_change(request, pk, "plan maken niet toegestaan")
    services.create_plan(actor=request.user, client=client)
    messages.success(request, _("Het plan van aanpak is gemaakt. Voeg doelen en activiteiten toe."))
    return redirect(_plan_url(client, stated_purpose(request)))


# --- goals ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: int, goal_id: int | None = None) -> HttpResponse:
    client = _reach_for_change(request, pk, "plan wijzigen niet toegestaan")
    the_plan = _plan_or_redirect(request, client)
    if the_plan is None:
        return redirect(_plan_url(client, stated_purpose(request)))
    goal = None if goal_id is None else selectors.goal_for(request.user, client, goal_id)
    version = goal.version if goal else None
    newer = None
    if request.method == "GET":
        form = GoalForm(initial={"text": goal.text} if goal else None)
        return _render(
            request,
            "plans/goal_form.html",
            {"client": client, "form": form, "goal": goal, "version": version},
        )
    form = GoalForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            if goal is None:
                services.add_goal(actor=request.user, plan=the_plan, text=form.cleaned_data["text"])
                messages.success(request, _("Doel toegevoegd."))
            else:
                services.update_goal(
                    actor=request.user,
                    goal=goal,
                    text=form.cleaned_data["text"],
                    expected_version=posted_version(request),
                )
                messages.success(request, _("Doel opgeslagen."))
            return redirect(_plan_url(client, stated_purpose(request), "goals"))
        except services.StaleVersion as stale:
            form.add_error(None, STALE)
            newer, version, status = stale.current, stale.current.version, 409
        except ValidationError as exc:
            add_service_errors(form, exc)
    context = {"client": client, "form": form, "goal": goal, "version": version, "newer": newer}
    return _render(request, "plans/goal_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def goal_remove(request: HttpRequest, pk: int, goal_id: int) -> HttpResponse:
    client = _reach_for_change(request, pk, "plan wijzigen niet toegestaan")
    goal = selectors.goal_for(request.user, client, goal_id)
    if request.method == "POST":
        try:
            services.remove_goal(
                actor=request.user, goal=goal, expected_version=posted_version(request)
            )
        except services.StaleVersion:
            messages.error(
                request,
                _("Dit doel is intussen gewijzigd en is niet verwijderd. Bekijk het opnieuw."),
            )
        else:
            messages.success(request, _("Doel verwijderd; het logboek bewaart wat er stond."))
        return redirect(_plan_url(client, stated_purpose(request), "goals"))
    context = {
        "client": client,
        "item": goal,
        "title": _("Doel verwijderen?"),
        "text": goal.text,
        "consequence": _("De activiteiten bij dit doel blijven in het plan, zonder doel."),
    }
    return _render(request, "plans/confirm_remove.html", context)


# --- activities ----------------------------------------------------------------------------------


def _activity_initial(activity) -> dict:
    return {
        "description": activity.description,
        "goal": activity.goal_id,
        "owner": activity.owner,
        "due_on": activity.due_on,
        "status": activity.status,
    }


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int, activity_id: int | None = None) -> HttpResponse:
    client = _reach_for_change(request, pk, "plan wijzigen niet toegestaan")
    the_plan = _plan_or_redirect(request, client)
    if the_plan is None:
        return redirect(_plan_url(client, stated_purpose(request)))
    activity = (
        None if activity_id is None else selectors.activity_for(request.user, client, activity_id)
    )
    version = activity.version if activity else None
    newer = None
    if request.method == "GET":
        initial = _activity_initial(activity) if activity else {"goal": request.GET.get("doel_id")}
        form = ActivityForm(initial=initial, plan=the_plan)
        context = {"client": client, "form": form, "activity": activity, "version": version}
        return _render(request, "plans/activity_form.html", context)
    form = ActivityForm(request.POST, plan=the_plan)
    status = 422
    if form.is_valid():
        values = form.cleaned_data
        try:
            if activity is None:
                services.add_activity(actor=request.user, plan=the_plan, **values)
                messages.success(request, _("Activiteit toegevoegd."))
            else:
                services.update_activity(
                    actor=request.user,
                    activity=activity,
                    expected_version=posted_version(request),
                    **values,
                )
                messages.success(request, _("Activiteit opgeslagen."))
            return redirect(_plan_url(client, stated_purpose(request), "activities"))
        except services.StaleVersion as stale:
            form.add_error(None, STALE)
            newer, version, status = stale.current, stale.current.version, 409
        except ValidationError as exc:
            add_service_errors(form, exc)
    context = {
        "client": client,
        "form": form,
        "activity": activity,
        "version": version,
        "newer": newer,
    }
    return _render(request, "plans/activity_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def activity_remove(request: HttpRequest, pk: int, activity_id: int) -> HttpResponse:
    client = _reach_for_change(request, pk, "plan wijzigen niet toegestaan")
    activity = selectors.activity_for(request.user, client, activity_id)
    if request.method == "POST":
        try:
            services.remove_activity(
                actor=request.user, activity=activity, expected_version=posted_version(request)
            )
        except services.StaleVersion:
            messages.error(
                request,
                _(
                    "Deze activiteit is intussen gewijzigd en is niet verwijderd. "
                    "Bekijk hem opnieuw."
                ),
            )
        else:
            messages.success(request, _("Activiteit verwijderd; het logboek bewaart wat er stond."))
        return redirect(_plan_url(client, stated_purpose(request), "activities"))
    context = {
        "client": client,
        "item": activity,
        "title": _("Activiteit verwijderen?"),
        "text": activity.description,
        "consequence": _(
            "Wilt u de activiteit bewaren maar niet meer laten doen? Zet dan de status op "
            "'Vervallen'."
        ),
    }
    return _render(request, "plans/confirm_remove.html", context)


# --- obligation and ladder -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def obligation(request: HttpRequest, pk: int) -> HttpResponse:
    client = _reach_for_change(request, pk, "plan wijzigen niet toegestaan")
    the_plan = _plan_or_redirect(request, client)
    if the_plan is None:
        return redirect(_plan_url(client, stated_purpose(request)))
    version = the_plan.version
    if request.method == "GET":
        form = ObligationForm(
            initial={
                "applications_required": the_plan.applications_required,
                "obligation_weeks": the_plan.obligation_weeks,
            }
        )
        return _render(
            request,
            "plans/obligation_form.html",
            {"client": client, "form": form, "version": version},
        )
    form = ObligationForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            services.set_obligation(
                actor=request.user,
                plan=the_plan,
                expected_version=posted_version(request),
                **form.cleaned_data,
            )
        except services.StaleVersion as stale:
            form.add_error(
                None,
                _(
                    "Het plan is intussen gewijzigd. De sollicitatieplicht is niet opgeslagen; "
                    "controleer hem en sla opnieuw op."
                ),
            )
            version, status = stale.current.version, 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Sollicitatieplicht opgeslagen."))
            return redirect(_plan_url(client, stated_purpose(request), "obligation"))
    context = {"client": client, "form": form, "version": version}
    return _render(request, "plans/obligation_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def ladder(request: HttpRequest, pk: int) -> HttpResponse:
    client = _reach_for_change(request, pk, "participatieladder wijzigen niet toegestaan")
    form = LadderForm(
        request.POST if request.method == "POST" else None, initial={"set_on": timezone.localdate()}
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.set_ladder_rung(actor=request.user, client=client, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Trede op de participatieladder opgeslagen."))
                return redirect(_plan_url(client, stated_purpose(request), "ladder"))
    context = {
        "client": client,
        "form": form,
        "history": selectors.ladder_history(request.user, client),
    }
    return _render(request, "plans/ladder_form.html", context, status=status)


# --- applications --------------------------------------------------------------------------------


@login_required
def applications(request: HttpRequest, pk: int) -> HttpResponse:
    """Every job application the client recorded, newest first, against the obligation."""
    client = _reach(request, pk)
    page = paginate(selectors.applications_for(request.user, client), request.GET.get("page"))
    context = {
        "client": client,
        "page": page,
        "progress": selectors.progress_for(request.user, client),
        "query": f"doel={stated_purpose(request)}" if stated_purpose(request) else "",
    }
    return _render(request, "plans/applications.html", context)
