"""The client's plan, job applications and progress under /api/v1/me/ (mounted at /me/).

Only for client accounts: everyone else gets a 404 from portal.selectors.own_dossier. The same
selectors, services and rules as the pages of Mijn Werkplein; bad input is a Dutch 422, a plan or
application changed meanwhile a 409 with the current state.
"""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.schema import DjangoGetter
from pydantic import model_validator
from pydantic_core import PydanticCustomError

from werkplein.audit.models import Action
from werkplein.plans import selectors, services
from werkplein.plans.models import (
    Activity,
    ApplicationChannel,
    ApplicationResult,
    JobApplication,
    Plan,
)
from werkplein.portal.selectors import own_dossier

me_router = Router(tags=["mijn plan"])
PAGE_SIZE = 50
# Far beyond any client's applications, and small enough that the database's OFFSET holds it.
MAX_PAGE = 100_000


class ApplicationPages(PageNumberPagination):
    """Ninja's page numbers, with the page bounded: page=2**63 was an OFFSET the database
    refused (a 500)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)


# --- schemas -------------------------------------------------------------------------------------


class GoalOut(Schema):
    id: int
    text: str


class ActivityOut(Schema):
    id: int
    description: str
    goal_id: int | None
    owner: str
    due_on: datetime.date | None
    status: str
    done_at: datetime.datetime | None
    version: int


class PlanOut(Schema):
    version: int
    accepted: bool = Field(description="de klant ging akkoord met deze versie")
    accepted_at: datetime.datetime | None
    accepted_version: int | None
    applications_required: int
    obligation_weeks: int
    goals: list[GoalOut]
    activities: list[ActivityOut]


class AcceptIn(Schema):
    version: int = Field(description="de versie van het plan die de klant las")


class StalePlan(Schema):
    detail: str
    plan: PlanOut


class DoneIn(Schema):
    done: bool = True

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        # Ninja's Schema reads attributes of whatever it gets: without this, a body of [] or
        # "ja" would count as {} and tick the activity off.
        if not isinstance(data._obj if isinstance(data, DjangoGetter) else data, dict):
            raise PydanticCustomError("dict_type", "an object")
        return data


class ApplicationOut(Schema):
    id: int
    employer_name: str
    position: str
    applied_on: datetime.date
    channel: str
    result: str
    notes: str
    version: int


class ApplicationIn(Schema):
    employer_name: str
    position: str
    applied_on: datetime.date
    channel: str = ApplicationChannel.WEBSITE
    result: str = ApplicationResult.WAITING
    notes: str = ""


class ApplicationPatch(Schema):
    version: int = Field(description="de versie waarop de wijziging voortbouwt")
    result: str
    notes: str | None = None


class StaleApplication(Schema):
    detail: str
    application: ApplicationOut


class RungOut(Schema):
    rung: int
    label: str
    set_on: datetime.date


class ObligationOut(Schema):
    required: int
    weeks: int
    count: int
    period_start: datetime.date
    period_end: datetime.date
    met: bool


class ProgressOut(Schema):
    has_plan: bool
    plan_version: int | None
    plan_accepted: bool
    accepted_at: datetime.datetime | None
    activities_total: int
    activities_done: int
    activities_overdue: int
    next_activity: ActivityOut | None
    obligation: ObligationOut
    current_rung: RungOut | None
    ladder: list[RungOut]


# --- helpers -------------------------------------------------------------------------------------


def _plan_out(plan: Plan) -> dict[str, Any]:
    return {
        "version": plan.version,
        "accepted": plan.is_accepted,
        "accepted_at": plan.accepted_at,
        "accepted_version": plan.accepted_version,
        "applications_required": plan.applications_required,
        "obligation_weeks": plan.obligation_weeks,
        "goals": list(plan.goals.all()),
        "activities": list(plan.activities.all()),
    }


def _own_plan(request: HttpRequest, action: Action = Action.READ, detail: str = ""):
    client = own_dossier(request.auth, action=action, detail=detail)
    plan = selectors.plan_for(request.auth, client)
    if plan is None:
        raise Http404
    return client, plan


def _rung(point) -> dict[str, Any] | None:
    if point is None:
        return None
    return {"rung": point.rung, "label": point.label, "set_on": point.set_on}


# --- endpoints -----------------------------------------------------------------------------------


@me_router.get("/plan/", response=PlanOut, summary="Mijn plan van aanpak")
def get_plan(request: HttpRequest) -> dict[str, Any]:
    """The plan with its goals and activities; 404 while the coach has made none."""
    _client, plan = _own_plan(request, detail="plan")
    return _plan_out(plan)


@me_router.post(
    "/plan/accept/", response={200: PlanOut, 409: StalePlan}, summary="Akkoord gaan met mijn plan"
)
def accept_plan(request: HttpRequest, payload: AcceptIn) -> Any:
    """Accepts the plan as read: if it changed since `version`, 409 with the plan as it is now."""
    client, plan = _own_plan(request, Action.UPDATE, "plan accepteren")
    try:
        services.accept_plan(actor=request.auth, plan=plan, version=payload.version)
    except services.StaleVersion:
        detail = _(
            "Uw coach heeft het plan intussen gewijzigd. U bent nog niet akkoord gegaan; "
            "lees het nieuwe plan en ga opnieuw akkoord."
        )
        return Status(
            409, {"detail": detail, "plan": _plan_out(selectors.plan_for(request.auth, client))}
        )
    return _plan_out(selectors.plan_for(request.auth, client))


@me_router.post(
    "/plan/activities/{activity_id}/done/",
    response=ActivityOut,
    summary="Een eigen activiteit afvinken (of weer openzetten)",
)
def activity_done(
    request: HttpRequest, activity_id: int, payload: DoneIn | None = None
) -> Activity:
    client = own_dossier(request.auth, action=Action.UPDATE, detail="activiteit afvinken")
    activity = selectors.activity_for(request.auth, client, activity_id)
    done = True if payload is None else payload.done
    return services.mark_activity(actor=request.auth, activity=activity, done=done)


@me_router.get(
    "/applications/", response=list[ApplicationOut], summary="Mijn sollicitaties, nieuwste eerst"
)
@paginate(ApplicationPages, page_size=PAGE_SIZE, max_page_size=PAGE_SIZE)
def list_applications(request: HttpRequest) -> QuerySet[JobApplication]:
    client = own_dossier(request.auth, detail="sollicitaties")
    return selectors.applications_for(request.auth, client)


@me_router.post(
    "/applications/", response={201: ApplicationOut}, summary="Sollicitatie opschrijven"
)
def add_application(request: HttpRequest, payload: ApplicationIn) -> Status[JobApplication]:
    client = own_dossier(request.auth, action=Action.UPDATE, detail="sollicitatie opschrijven")
    application = services.record_application(
        actor=request.auth, client=client, **payload.model_dump()
    )
    return Status(201, application)


@me_router.patch(
    "/applications/{application_id}/",
    response={200: ApplicationOut, 409: StaleApplication},
    summary="Resultaat van een sollicitatie",
)
def update_application(request: HttpRequest, application_id: int, payload: ApplicationPatch) -> Any:
    client = own_dossier(request.auth, action=Action.UPDATE, detail="sollicitatie wijzigen")
    application = selectors.application_for(request.auth, client, application_id)
    try:
        return services.update_application(
            actor=request.auth,
            application=application,
            expected_version=payload.version,
            result=payload.result,
            notes=payload.notes,
        )
    except services.StaleVersion as stale:
        detail = _(
            "Deze sollicitatie is intussen gewijzigd. Uw wijziging is niet opgeslagen; "
            "hierbij wat er nu staat."
        )
        return Status(409, {"detail": detail, "application": stale.current})


@me_router.get("/progress/", response=ProgressOut, summary="Waar sta ik?")
def progress(request: HttpRequest) -> dict[str, Any]:
    """The ladder, plan progress and applications against the obligation, as on the home page."""
    client = own_dossier(request.auth, detail="voortgang")
    p = selectors.progress_for(request.auth, client)
    o = p.obligation
    return {
        "has_plan": p.has_plan,
        "plan_version": p.plan_version,
        "plan_accepted": p.plan_accepted,
        "accepted_at": p.accepted_at,
        "activities_total": p.activities_total,
        "activities_done": p.activities_done,
        "activities_overdue": p.activities_overdue,
        "next_activity": p.next_activity,
        "obligation": {
            "required": o.required,
            "weeks": o.weeks,
            "count": o.count,
            "period_start": o.period_start,
            "period_end": o.period_end,
            "met": o.met,
        },
        "current_rung": _rung(p.current_rung),
        "ladder": [_rung(point) for point in p.ladder],
    }
