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
