"""Reading the logbook of a client whom the user reached through clients.selectors.dossier_for."""

from django.db.models import Q, QuerySet

from werkplein.accounts.models import User
from werkplein.clients.models import Client
from werkplein.core.access import ClientNotFound
from werkplein.logbook.models import EntryKind, LogEntry, LogEntryVersion, Visibility


def log_entries_for(user: User, client: Client, kind: str = "") -> QuerySet[LogEntry]:
    """Entries the user may read, newest first. Internal entries only for those who may."""
    entries = LogEntry.objects.filter(werkplein_id=client.werkplein_id, client=client)
    if not user.has_perm("logbook.view_internal"):
        entries = entries.filter(Q(visibility=Visibility.CLIENT) | Q(author=user))
    if kind in EntryKind.values:
        entries = entries.filter(kind=kind)
    return entries.select_related("author", "edited_by").order_by("-occurred_at", "-id")


def log_entry_for(user: User, client: Client, entry_id: int | str) -> LogEntry:
    try:
        return log_entries_for(user, client).get(pk=int(entry_id))
    except (ValueError, LogEntry.DoesNotExist):
        raise ClientNotFound() from None


def earlier_versions(user: User, entry: LogEntry) -> QuerySet[LogEntryVersion]:
    """Earlier versions of an entry the user already reached through log_entry_for. An entry
    that was internal before it was shared keeps its internal versions from those who may not
    read internal entries, by the same rule as log_entries_for."""
    versions = entry.earlier_versions.select_related("written_by")
    if not user.has_perm("logbook.view_internal"):
        versions = versions.filter(Q(visibility=Visibility.CLIENT) | Q(written_by=user))
    return versions
