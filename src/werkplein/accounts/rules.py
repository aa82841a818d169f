"""The functional admin configures his Werkplein in the admin site; nobody else does."""

import rules

from werkplein.accounts.models import Role


@rules.predicate
def is_functional_admin(user) -> bool:
    return user.is_authenticated and user.role == Role.FUNCTIONAL_ADMIN


for model in ("organisation", "team", "user"):
    for action in ("view", "add", "change"):
        rules.add_perm(f"accounts.{action}_{model}", is_functional_admin)
rules.add_perm("accounts", is_functional_admin)


@rules.predicate
def guides_clients(user) -> bool:
    """Coaches and team leads change dossiers, so they also invite a client to Mijn Werkplein."""
    return user.is_authenticated and user.role in (Role.COACH, Role.TEAM_LEAD)


rules.add_perm("accounts.invite_client", guides_clients)
