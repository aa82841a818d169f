"""Who may do what with case conferences.

Reach to the clients on an agenda is decided in core.access (through conferences.attendance);
these predicates only say which pages and actions a role has at all.
"""

import rules

from werkplein.accounts.models import CASEWORK_ROLES, Role


@rules.predicate
def attends_conferences(user) -> bool:
    """Coaches, team leads and back office take part in case conferences."""
    return user.is_authenticated and user.role in CASEWORK_ROLES


@rules.predicate
def manages_series(user) -> bool:
    """The functional admin and the team leads of the Werkplein set up the series."""
    return user.is_authenticated and user.role in (Role.FUNCTIONAL_ADMIN, Role.TEAM_LEAD)


@rules.predicate
def guides_clients(user) -> bool:
    """Who has a caseload of his own, and so may put a client of it on an agenda."""
    return user.is_authenticated and user.role in (Role.COACH, Role.TEAM_LEAD)


rules.add_perm("conferences.view_conferences", attends_conferences)
rules.add_perm("conferences.manage_series", manages_series)
rules.add_perm("conferences.add_to_agenda", guides_clients)
