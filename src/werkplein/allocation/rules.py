"""Who may see the team dashboard and decide a coach proposal."""

import rules

from werkplein.accounts.models import Role


@rules.predicate
def is_team_lead(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.TEAM_LEAD
        and user.werkplein_id is not None
    )


@rules.predicate
def leads_proposal_team(user, proposal) -> bool:
    """Only the lead of the team the client was routed to decides who his coach is."""
    return (
        proposal is not None
        and proposal.werkplein_id == user.werkplein_id
        and proposal.team.lead_id == user.pk
    )


rules.add_perm("allocation.view_dashboard", is_team_lead)
rules.add_perm("allocation.decide_proposal", is_team_lead & leads_proposal_team)
