"""The client's plan: read it in plain language, accept it, tick off his own activities."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from werkplein.audit.models import Action
from werkplein.core.access import ClientNotFound
from werkplein.core.http import posted_version
from werkplein.plans import selectors as plan_selectors
from werkplein.plans import services as plan_services
from werkplein.plans.models import ActivityOwner, ActivityStatus
from werkplein.portal.decorators import client_required
from werkplein.portal.selectors import own_dossier

# Headings as the client reads them: what I do, what my coach does, what the provider does.
OWNER_HEADINGS = {
    ActivityOwner.CLIENT: gettext_lazy("Wat ik doe"),
    ActivityOwner.COACH: gettext_lazy("Wat mijn coach doet"),
    ActivityOwner.PROVIDER: gettext_lazy("Wat het re-integratiebedrijf doet"),
}


def _render_plan(request: HttpRequest, client, *, stale: bool = False, status: int = 200):
    plan = plan_selectors.plan_for(request.user, client)
    activities = list(plan.activities.all()) if plan else []
    groups = [
        {"owner": owner, "heading": OWNER_HEADINGS[owner], "activities": rows}
        for owner, rows in plan_selectors.group_by_owner(activities)
    ]
    context = {
        "client": client,
        "plan": plan,
        "goals": list(plan.goals.all()) if plan else [],
        "groups": groups,
        "has_content": bool(activities) or bool(plan and plan.goals.all()),
        "stale": stale,
        "today": timezone.localdate(),
    }
    return render(request, "portal/plan.html", context, status=status)


@client_required
def plan(request: HttpRequest) -> HttpResponse:
    return _render_plan(request, own_dossier(request.user, detail="plan"))


@client_required
@require_POST
def plan_accept(request: HttpRequest) -> HttpResponse:
    client = own_dossier(request.user, action=Action.UPDATE, detail="plan accepteren")
    the_plan = plan_selectors.plan_for(request.user, client)
    if the_plan is None:
        raise ClientNotFound()
    try:
        plan_services.accept_plan(
            actor=request.user, plan=the_plan, version=posted_version(request)
        )
    except plan_services.StaleVersion:
        # The coach changed the plan while the client read it: show the plan as it is now.
        return _render_plan(request, client, stale=True, status=409)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Dank u. U bent akkoord gegaan met uw plan."))
    return redirect("portal:plan")


@client_required
@require_POST
def activity_done(request: HttpRequest, activity_id: int) -> HttpResponse:
    client = own_dossier(request.user, action=Action.UPDATE, detail="activiteit afvinken")
    activity = plan_selectors.activity_for(request.user, client, activity_id)
    done = request.POST.get("done", "1") != "0"
    try:
        plan_services.mark_activity(actor=request.user, activity=activity, done=done)
    except PermissionDenied:
        # He sees the activity in his plan, so not a 404: a Dutch message instead of a bare 403.
        if activity.status == ActivityStatus.CANCELLED:
            messages.error(request, _("Deze activiteit is vervallen. Er is niets veranderd."))
        else:
            messages.error(
                request,
                _(
                    "Deze activiteit kunt u niet zelf afvinken: iemand anders doet hem. "
                    "Er is niets veranderd."
                ),
            )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if done:
            messages.success(request, _("Goed gedaan! De activiteit staat nu op gedaan."))
        else:
            messages.info(request, _("De activiteit staat weer open."))
    if request.POST.get("next") == "home":
        return redirect("portal:home")
    return redirect(reverse("portal:plan") + f"#activity-{activity.pk}")
