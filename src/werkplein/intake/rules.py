"""Who may register job seekers, hold intakes and edit the routing rules of his Werkplein."""

import rules

from werkplein.accounts.models import Role


@rules.predicate
def is_coach_or_lead(user) -> bool:
    return user.is_authenticated and user.role in (Role.COACH, Role.TEAM_LEAD)


@rules.predicate
def is_functional_admin(user) -> bool:
    return user.is_authenticated and user.role == Role.FUNCTIONAL_ADMIN


# Coaches and team leads of the Werkplein work the registration queue and hold the intakes.
rules.add_perm("intake.view_registrations", is_coach_or_lead)
rules.add_perm("intake.register_at_counter", is_coach_or_lead)
rules.add_perm("intake.hold_intake", is_coach_or_lead)
rules.add_perm("intake.withdraw_registration", is_coach_or_lead)
# The routing of clients to teams is configuration: the functional admin's.
rules.add_perm("intake.manage_routing", is_functional_admin)
