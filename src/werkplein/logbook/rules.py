import rules

from werkplein.accounts.models import Role
from werkplein.logbook.models import EntryKind

INTERNAL_READERS = frozenset({Role.COACH, Role.TEAM_LEAD, Role.QUALITY_OFFICER})
WRITERS = frozenset({Role.COACH, Role.TEAM_LEAD, Role.BACK_OFFICE, Role.CLIENT})


@rules.predicate
def reads_internal_entries(user) -> bool:
    return user.is_authenticated and user.role in INTERNAL_READERS


@rules.predicate
def writes_logbook(user) -> bool:
    return user.is_authenticated and user.role in WRITERS


@rules.predicate
def wrote_entry(user, entry) -> bool:
    return entry is not None and entry.author_id == user.pk


@rules.predicate
def is_system_entry(user, entry) -> bool:
    """What the system recorded (a changed section, a reassignment) is never rewritten."""
    return entry is not None and (entry.kind == EntryKind.SYSTEM or entry.generated)


rules.add_perm("logbook.view_internal", reads_internal_entries)
rules.add_perm("logbook.add_entry", writes_logbook)
rules.add_perm("logbook.change_entry", writes_logbook & wrote_entry & ~is_system_entry)
