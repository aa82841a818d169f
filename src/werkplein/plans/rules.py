"""Who may do what with a plan, its activities and job applications.

Reach itself (which client a user may see at all) is decided in core.access; these predicates
only say what a user who already reaches the client may do there.
"""

import rules

from werkplein.accounts.models import Role
from werkplein.plans.models import ActivityOwner, ActivityStatus


@rules.predicate
def is_coach_or_lead(user) -> bool:
    return user.is_authenticated and user.role in (Role.COACH, Role.TEAM_LEAD)


@rules.predicate
def is_client(user) -> bool:
    return user.is_authenticated and user.role == Role.CLIENT


@rules.predicate
def owns_plan_client(user, client) -> bool:
    """The client account of this very client record."""
    return client is not None and client.user_id is not None and client.user_id == user.pk


@rules.predicate
def activity_is_for_client(user, activity) -> bool:
    return activity is not None and activity.owner == ActivityOwner.CLIENT


@rules.predicate
def activity_not_cancelled(user, activity) -> bool:
    return activity is not None and activity.status != ActivityStatus.CANCELLED


@rules.predicate
def activity_of_own_plan(user, activity) -> bool:
    return activity is not None and activity.plan.client.user_id == user.pk


# Coaches and team leads write the plan, the obligation and the ladder (reach: core.access).
rules.add_perm("plans.change_plan", is_coach_or_lead)
# The client accepts his own plan.
rules.add_perm("plans.accept_plan", is_client & owns_plan_client)
# The client ticks off what he himself agreed to do; the coach may set any status.
rules.add_perm(
    "plans.mark_activity_done",
    (is_client & activity_of_own_plan & activity_is_for_client & activity_not_cancelled)
    | is_coach_or_lead,
)
# Job applications are recorded by the client himself (the coach reads them).
rules.add_perm("plans.record_application", is_client & owns_plan_client)


@rules.predicate
def recorded_for_self(user, application) -> bool:
    return application is not None and application.client.user_id == user.pk


rules.add_perm("plans.change_application", is_client & recorded_for_self)
