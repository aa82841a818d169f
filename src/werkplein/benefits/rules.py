"""Who may do what with search periods, benefit applications and WW-end signals.

Reach itself (which client a user may see at all) is decided in core.access; these predicates
only say what a user who already reaches the client (or the application) may do there.
"""

import rules

from werkplein.accounts.models import OrganisationKind, Role
from werkplein.clients.models import BenefitKind

SEARCH_PERIOD_MAX_AGE = 27  # under this age a bijstand request starts a search period


def search_period_applies(age: int, requested_benefit: str) -> bool:
    """A client under 27 asking for bijstand first searches for work for four weeks."""
    return age < SEARCH_PERIOD_MAX_AGE and requested_benefit == BenefitKind.BIJSTAND


@rules.predicate
def is_coach_or_lead(user) -> bool:
    return user.is_authenticated and user.role in (Role.COACH, Role.TEAM_LEAD)


@rules.predicate
def is_back_office(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.BACK_OFFICE and user.organisation_id)


@rules.predicate
def is_municipal_back_office(user) -> bool:
    return bool(
        is_back_office(user)
        and user.organisation is not None
        and user.organisation.kind == OrganisationKind.MUNICIPALITY
    )


@rules.predicate
def leads_clients_team(user, client) -> bool:
    """The team lead of the client's own team (not any team lead who reaches him)."""
    return (
        client is not None
        and user.role == Role.TEAM_LEAD
        and client.team_id is not None
        and client.team.lead_id == user.pk
    )


@rules.predicate
def addressed_to_users_organisation(user, application) -> bool:
    return (
        application is not None
        and user.organisation_id is not None
        and application.paying_organisation_id == user.organisation_id
    )


# The back office sees its organisation's queue of applications.
rules.add_perm("benefits.view_queue", is_back_office)
# The back office of the paying organisation decides an application addressed to it.
rules.add_perm("benefits.decide_application", is_back_office & addressed_to_users_organisation)
# The back office of a municipality sees the WW benefits of its residents that end soon.
rules.add_perm("benefits.view_signals", is_municipal_back_office)
# The coach (or a team lead acting as coach) gives vacancies and tasks during the search period,
# starts and withdraws applications and hands a WW benefit over to bijstand.
rules.add_perm("benefits.guide_search", is_coach_or_lead)
rules.add_perm("benefits.start_application", is_coach_or_lead)
# Only the lead of the client's team lifts the hold of a running search period.
rules.add_perm("benefits.lift_hold", leads_clients_team)
