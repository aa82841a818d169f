"""Who may do what with a client he already reaches (reach itself: core.access)."""

import rules

from werkplein.accounts.models import Role


@rules.predicate
def is_coach(user) -> bool:
    return user.is_authenticated and user.role == Role.COACH


@rules.predicate
def is_team_lead(user) -> bool:
    return user.is_authenticated and user.role == Role.TEAM_LEAD


@rules.predicate
def is_back_office(user) -> bool:
    return user.is_authenticated and user.role == Role.BACK_OFFICE


@rules.predicate
def leads_clients_team(user, client) -> bool:
    if client is None:
        return False
    if client.team_id is None:
        return True  # an unassigned client may be taken up by any team lead of the Werkplein
    return client.team.lead_id == user.pk


@rules.predicate
def section_is_benefits(user, section_key) -> bool:
    return section_key == "benefits"


may_register = is_coach | is_team_lead | is_back_office

rules.add_perm("clients.register_client", may_register)
rules.add_perm("clients.search_clients", is_coach | is_team_lead | is_back_office)
rules.add_perm("clients.view_caseload", is_coach | is_team_lead)
rules.add_perm("clients.reassign_client", is_team_lead & leads_clients_team)
# The object is the section key: back office keeps only benefit data, coaches and leads all.
rules.add_perm(
    "clients.change_section", is_coach | is_team_lead | (is_back_office & section_is_benefits)
)
