"""Reads of plans, job applications and the participation ladder.

Every function here is for a client already reached: by staff through
clients.selectors.dossier_for, by the client himself through portal.selectors.own_dossier.
Anything addressed by id is looked up within that client (and his Werkplein): another client's
id is ClientNotFound, a 404.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from werkplein.accounts.models import User
from werkplein.clients.models import Client
from werkplein.core.access import ClientNotFound
from werkplein.plans.models import (
    Activity,
    ActivityOwner,
    ActivityStatus,
    Goal,
    JobApplication,
    LadderRung,
    LadderStep,
    Plan,
)

# --- progress ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RungPoint:
    """The rung the coach set on a day."""

    rung: int
    label: str
    set_on: datetime.date


@dataclass(frozen=True)
class RungStep:
    """One rung of the ladder as the step indicator shows it."""

    number: int
    label: str
    reached: bool
    current: bool


@dataclass(frozen=True)
class Obligation:
    """Applications in the current period against the agreed number."""

    required: int  # 0: no obligation agreed
    weeks: int
    count: int
    period_start: datetime.date
    period_end: datetime.date

    @property
    def agreed(self) -> bool:
        return self.required > 0

    @property
    def met(self) -> bool:
        return self.count >= self.required

    @property
    def shortfall(self) -> int:
        return max(self.required - self.count, 0)

    @property
    def bar_value(self) -> int:
        """The count as far as the bar shows it: full at the agreed number."""
        return min(self.count, self.required)


@dataclass(frozen=True)
class Progress:
    """Where a client stands: the home page of Mijn Werkplein and GET /api/v1/me/progress."""

    today: datetime.date
    has_plan: bool
    plan_version: int | None
    plan_accepted: bool
    accepted_at: datetime.datetime | None
    accepted_version: int | None
    activities_total: int  # cancelled activities do not count
    activities_done: int
    activities_overdue: int
    next_activity: Activity | None  # the first open activity by due date
    obligation: Obligation
    ladder: tuple[RungPoint, ...]  # oldest first

    @property
    def current_rung(self) -> RungPoint | None:
        return self.ladder[-1] if self.ladder else None

    @property
    def rungs(self) -> list[RungStep]:
        current = self.current_rung.rung if self.current_rung else 0
        return [
            RungStep(
                number=value, label=str(label), reached=value <= current, current=value == current
            )
            for value, label in LadderRung.choices
        ]

    @property
    def activities_open(self) -> int:
        return self.activities_total - self.activities_done

    @property
    def plan_changed_since_acceptance(self) -> bool:
        return self.accepted_version is not None and not self.plan_accepted


def obligation_period(today: datetime.date, weeks: int) -> tuple[datetime.date, datetime.date]:
    """The current period of the obligation: the last `weeks` weeks, today included.

    4 weeks on 28 March: 1 March up to and including 28 March (28 days).
    """
    return today - datetime.timedelta(weeks=weeks) + datetime.timedelta(days=1), today


def _plans_with_counts(client: Client, today: datetime.date) -> QuerySet[Plan]:
    return Plan.objects.filter(werkplein_id=client.werkplein_id, client=client).annotate(
        n_total=Count("activities", filter=~Q(activities__status=ActivityStatus.CANCELLED)),
        n_done=Count("activities", filter=Q(activities__status=ActivityStatus.DONE)),
        n_overdue=Count(
            "activities",
            filter=Q(activities__status=ActivityStatus.OPEN, activities__due_on__lt=today),
        ),
    )


def _next_activity(plan: Plan) -> Activity | None:
    return (
        Activity.objects.filter(
            werkplein_id=plan.werkplein_id, plan=plan, status=ActivityStatus.OPEN
        )
        .select_related("goal")
        .order_by(F("due_on").asc(nulls_last=True), "id")
        .first()
    )


def _ladder(client: Client) -> tuple[RungPoint, ...]:
    rows = (
        LadderStep.objects.filter(werkplein_id=client.werkplein_id, client=client)
        .order_by("set_on", "id")
        .values_list("rung", "set_on")
    )
    return tuple(RungPoint(rung, str(LadderRung(rung).label), set_on) for rung, set_on in rows)


_FETCH = object()


def _progress(
    client: Client, plan: Plan | None, today: datetime.date, next_activity=_FETCH
) -> Progress:
    """Progress from a plan already fetched with _plans_with_counts (or None); the next
    activity is fetched unless the caller already has it."""
    if next_activity is _FETCH:
        next_activity = _next_activity(plan) if plan and plan.n_total > plan.n_done else None
    weeks = plan.obligation_weeks if plan else 4
    start, end = obligation_period(today, weeks)
    count = JobApplication.objects.filter(
        werkplein_id=client.werkplein_id, client=client, applied_on__range=(start, end)
    ).count()
    return Progress(
        today=today,
        has_plan=plan is not None,
        plan_version=plan.version if plan else None,
        plan_accepted=bool(plan and plan.is_accepted),
        accepted_at=plan.accepted_at if plan else None,
        accepted_version=plan.accepted_version if plan else None,
        activities_total=plan.n_total if plan else 0,
        activities_done=plan.n_done if plan else 0,
        activities_overdue=plan.n_overdue if plan else 0,
        next_activity=next_activity,
        obligation=Obligation(
            required=plan.applications_required if plan else 0,
            weeks=weeks,
            count=count,
            period_start=start,
            period_end=end,
        ),
        ladder=_ladder(client),
    )


def progress_for(user: User, client: Client, today: datetime.date | None = None) -> Progress:
    """Where the client stands; a handful of queries whatever the number of activities,
    applications or ladder steps."""
    today = today or timezone.localdate()
    return _progress(client, _plans_with_counts(client, today).first(), today)


# --- the plan ------------------------------------------------------------------------------------


def _activities() -> QuerySet[Activity]:
    return Activity.objects.select_related("goal").order_by(F("due_on").asc(nulls_last=True), "id")


def plan_for(user: User, client: Client) -> Plan | None:
    """The client's plan with its goals and activities loaded (three queries), or None."""
    return (
        Plan.objects.filter(werkplein_id=client.werkplein_id, client=client)
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("position", "id")),
            Prefetch("activities", queryset=_activities()),
        )
        .first()
    )


def group_by_owner(activities) -> list[tuple[str, list[Activity]]]:
    """Activities grouped by who does them, client first; empty groups left out."""
    groups: dict[str, list[Activity]] = {owner: [] for owner in ActivityOwner.values}
    for activity in activities:
        groups[activity.owner].append(activity)
    return [(owner, rows) for owner, rows in groups.items() if rows]


def goal_for(user: User, client: Client, goal_id: int | str) -> Goal:
    goal = (
        Goal.objects.filter(werkplein_id=client.werkplein_id, plan__client=client, pk=_pk(goal_id))
        .select_related("plan__client")
        .first()
    )
    if goal is None:
        raise ClientNotFound()
    return goal


def activity_for(user: User, client: Client, activity_id: int | str) -> Activity:
    activity = (
        Activity.objects.filter(
            werkplein_id=client.werkplein_id, plan__client=client, pk=_pk(activity_id)
        )
        .select_related("plan__client", "goal")
        .first()
    )
    if activity is None:
        raise ClientNotFound()
    return activity


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ClientNotFound() from None


# --- job applications and the ladder -------------------------------------------------------------


def applications_for(user: User, client: Client) -> QuerySet[JobApplication]:
    """The client's job applications, newest first."""
    return JobApplication.objects.filter(werkplein_id=client.werkplein_id, client=client).order_by(
        "-applied_on", "-id"
    )


def application_for(user: User, client: Client, application_id: int | str) -> JobApplication:
    application = (
        applications_for(user, client)
        .filter(pk=_pk(application_id))
        .select_related("client")
        .first()
    )
    if application is None:
        raise ClientNotFound()
    return application


def ladder_history(user: User, client: Client) -> QuerySet[LadderStep]:
    """Every rung set for the client, newest first, with who set it."""
    return (
        LadderStep.objects.filter(werkplein_id=client.werkplein_id, client=client)
        .select_related("set_by")
        .order_by("-set_on", "-id")
    )


# --- the dossier card ----------------------------------------------------------------------------


def dossier_card(user: User, client: Client) -> dict:
    """What the staff dossier page shows of the plan, for a client reached through dossier_for:
    status, goals, open activities, the ladder rung and applications against the obligation.
    A fixed number of queries."""
    today = timezone.localdate()
    plan = (
        _plans_with_counts(client, today)
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("position", "id")),
            Prefetch(
                "activities",
                queryset=_activities().filter(status=ActivityStatus.OPEN),
                to_attr="open_activities",
            ),
        )
        .first()
    )
    return {
        "plan_card": {
            "plan": plan,
            "progress": _progress(
                client,
                plan,
                today,
                plan.open_activities[0] if plan and plan.open_activities else None,
            ),
            "today": today,
            "may_change": user.has_perm("plans.change_plan"),
        }
    }
