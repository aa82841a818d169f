"""Writing the logbook. Entries are never deleted; an edit keeps the earlier version."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from werkplein.accounts.models import Role, User
from werkplein.clients.models import Client
from werkplein.logbook import notices
from werkplein.logbook.models import (
    CONTACT_KINDS,
    AuthorKind,
    EntryKind,
    LogEntry,
    LogEntryVersion,
    Visibility,
)

MAX_TEXT_LENGTH = 10_000


class StaleEntry(Exception):
    """The entry changed since the editor loaded it."""

    def __init__(self, current: LogEntry) -> None:
        super().__init__("stale log entry")
        self.current = current


def author_kind_for(user: User | None) -> AuthorKind:
    if user is None:
        return AuthorKind.SYSTEM
    if user.role == Role.CLIENT:
        return AuthorKind.CLIENT
    if user.role == Role.PROVIDER_STAFF:
        return AuthorKind.PROVIDER
    return AuthorKind.STAFF


def _validated(
    kind: str, visibility: str, text: str, actor: User | None = None
) -> tuple[str, str, str]:
    errors: dict[str, list[str]] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("Schrijf een tekst voor de logboekregel.")]
    elif len(text) > MAX_TEXT_LENGTH:
        errors["text"] = [
            _("De tekst is te lang: maximaal %(max)s tekens.") % {"max": MAX_TEXT_LENGTH}
        ]
    if kind not in EntryKind.values:
        errors["kind"] = [_("Kies een geldige soort.")]
    if visibility not in Visibility.values:
        errors["visibility"] = [_("Kies wie de regel mag zien.")]
    if actor is not None and actor.role == Role.CLIENT:
        # A client writes notes that he and his coach both read; nothing else.
        if kind != EntryKind.NOTE:
            errors["kind"] = [_("U kunt alleen een notitie schrijven.")]
        if visibility != Visibility.CLIENT:
            errors["visibility"] = [_("Uw eigen regels zijn altijd zichtbaar voor u en uw coach.")]
    if errors:
        raise ValidationError(errors)
    return kind, visibility, text


def _note_contact(client: Client, at: datetime.datetime) -> None:
    """Moves the client's last contact forward (never back) and the next contact due with it."""
    if client.last_contact_at and client.last_contact_at >= at:
        return
    client.last_contact_at = at
    client.next_contact_due = client.compute_next_contact_due()
    Client.objects.filter(pk=client.pk).update(
        last_contact_at=at, next_contact_due=client.next_contact_due
    )


def _create_entry(
    *,
    actor: User | None,
    client: Client,
    text: str,
    kind: str,
    visibility: str,
    occurred_at: datetime.datetime | None,
    generated: bool = False,
) -> LogEntry:
    kind, visibility, text = _validated(kind, visibility, text, None if generated else actor)
    now = timezone.now()
    occurred_at = occurred_at or now
    if occurred_at > now + datetime.timedelta(minutes=5):
        raise ValidationError(
            {"occurred_at": [_("Een logboekregel kan niet in de toekomst liggen.")]}
        )
    entry = LogEntry.objects.create(
        werkplein_id=client.werkplein_id,
        client=client,
        author=actor,
        author_kind=author_kind_for(actor),
        kind=kind,
        visibility=visibility,
        text=text,
        occurred_at=occurred_at,
        generated=generated,
    )
    if kind in CONTACT_KINDS and actor is not None and not generated:
        _note_contact(client, occurred_at)
    return entry


@transaction.atomic
def add_log_entry(
    *,
    actor: User,
    client: Client,
    text: str,
    kind: str = EntryKind.NOTE,
    visibility: str = Visibility.CLIENT,
    occurred_at: datetime.datetime | None = None,
) -> LogEntry:
    """Adds an entry written by a person. The caller reached the client through a selector."""
    if not actor.has_perm("logbook.add_entry"):
        raise PermissionDenied
    entry = _create_entry(
        actor=actor,
        client=client,
        text=text,
        kind=kind,
        visibility=visibility,
        occurred_at=occurred_at,
    )
    notices.tell_client_after_commit(entry)  # an entry by his coach, for him to read
    return entry


def add_system_entry(*, actor: User | None, client: Client, text: str) -> LogEntry:
    """An internal record of a change made in the dossier, on behalf of `actor`."""
    return _create_entry(
        actor=actor,
        client=client,
        text=text,
        kind=EntryKind.SYSTEM,
        visibility=Visibility.INTERNAL,
        occurred_at=None,
    )


def record_event(
    *,
    actor: User | None,
    client: Client,
    text: str,
    kind: str = EntryKind.NOTE,
    visibility: str = Visibility.CLIENT,
) -> LogEntry:
    """An entry the system writes on the actor's behalf for something that happened in the
    dossier (an appointment booked, a plan accepted). It never counts as contact and is never
    edited. Call inside the service's transaction."""
    return _create_entry(
        actor=actor,
        client=client,
        text=text,
        kind=kind,
        visibility=visibility,
        occurred_at=None,
        generated=True,
    )


@transaction.atomic
def edit_log_entry(
    *,
    actor: User,
    entry: LogEntry,
    text: str,
    kind: str,
    visibility: str,
    expected_version: int,
) -> LogEntry:
    """Replaces the entry's text; the previous text stays as an earlier version."""
    if not actor.has_perm("logbook.change_entry", entry):
        raise PermissionDenied
    kind, visibility, text = _validated(kind, visibility, text, actor)
    current = LogEntry.objects.select_for_update().get(pk=entry.pk)
    if current.version != expected_version:
        raise StaleEntry(current)
    if (current.text, current.kind, current.visibility) == (text, kind, visibility):
        return current
    LogEntryVersion.objects.create(
        entry=current,
        version=current.version,
        kind=current.kind,
        visibility=current.visibility,
        text=current.text,
        written_by_id=current.edited_by_id or current.author_id,
        written_at=current.updated_at,
    )
    LogEntry.objects.filter(pk=current.pk).update(
        text=text,
        kind=kind,
        visibility=visibility,
        version=F("version") + 1,
        edited_by=actor,
        updated_at=timezone.now(),
    )
    current.refresh_from_db()
    return current
