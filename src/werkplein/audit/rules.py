import rules

from werkplein.accounts.models import Role


@rules.predicate
def is_security_officer(user) -> bool:
    return user.is_authenticated and user.role == Role.SECURITY_OFFICER


@rules.predicate
def is_team_lead(user) -> bool:
    return user.is_authenticated and user.role == Role.TEAM_LEAD


rules.add_perm("audit.view_access_log", is_security_officer)
rules.add_perm("audit.draw_sample", is_team_lead)
