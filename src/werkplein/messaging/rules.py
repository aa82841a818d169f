"""Who may do what with conversations. Which conversation a user reaches is the selectors' job
(participation and reach of the client); these predicates say what his role allows."""

import rules

from werkplein.accounts.models import Role

# Staff who may start a conversation in a dossier they reach, and clients in their own.
STARTERS = frozenset({Role.COACH, Role.TEAM_LEAD, Role.CLIENT})
# Staff who may be added to a conversation, when they reach the client themselves. Provider
# staff take part only where a referral allows, and referrals do not exist yet: never for now.
STAFF_PARTICIPANTS = frozenset({Role.COACH, Role.TEAM_LEAD, Role.BACK_OFFICE})


@rules.predicate
def starts_conversations(user) -> bool:
    return user.is_authenticated and user.role in STARTERS


@rules.predicate
def may_take_part(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in STAFF_PARTICIPANTS


@rules.predicate
def uses_messages(user) -> bool:
    """Who sees "Berichten" in the menu: everyone who can ever take part in a conversation."""
    return user.is_authenticated and user.role in STAFF_PARTICIPANTS | {Role.CLIENT}


rules.add_perm("messaging.start_conversation", starts_conversations)
rules.add_perm("messaging.take_part", may_take_part)
rules.add_perm("messaging.use_messages", uses_messages)
