"""Every write a client makes in Mijn Werkplein: validated, in one transaction, written in the
logbook as an entry he sees himself, and his coach told by e-mail after commit.

The caller reached the client through portal.selectors.own_dossier; each service checks once
more that the client record is the actor's own.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from werkplein.accounts.models import Role, User
from werkplein.clients import services as clients_services
from werkplein.clients.models import Client
from werkplein.clients.sections import Section
from werkplein.clients.services import StaleVersion
from werkplein.core.access import ClientNotFound
from werkplein.logbook import services as logbook_services
from werkplein.logbook.models import EntryKind, LogEntry
from werkplein.portal import tasks
from werkplein.portal.forms import WORK_HISTORY, CorrectionForm

__all__ = [
    "StaleVersion",
    "add_own_job",
    "add_own_note",
    "edit_own_note",
    "logbook_services",
    "remove_own_job",
    "request_correction",
    "update_own_section",
]


def _check_own(actor: User, client: Client) -> None:
    if actor.role != Role.CLIENT or client.user_id is None or client.user_id != actor.pk:
        raise ClientNotFound()


def _tell_coach(client: Client, reason: str) -> None:
    client_id = client.pk
    transaction.on_commit(lambda: tasks.notify_coach.enqueue(client_id=client_id, reason=reason))


def _client_entry(actor: User, client: Client) -> clients_services.EntryWriter:
    """His changes are written in the logbook as entries he sees himself."""
    return lambda text: logbook_services.record_event(
        actor=actor, client=client, text=text, kind=EntryKind.SYSTEM
    )


@transaction.atomic
def update_own_section(
    *,
    actor: User,
    client: Client,
    section: Section,
    instance: models.Model,
    changes: dict[str, Any],
    expected_version: int,
) -> models.Model:
    """Saves the changed fields of one of his sections if nobody saved it since
    `expected_version`; the logbook gets old → new, visible to him."""
    _check_own(actor, client)
    changes = {name: value for name, value in changes.items() if name in section.fields}
    saved = clients_services.save_section_changes(
        actor=actor,
        client=client,
        section=section,
        instance=instance,
        changes=changes,
        expected_version=expected_version,
        heading=_("%(section)s gewijzigd door de klant"),
        write_entry=_client_entry(actor, client),
        # He logs in with his e-mail address: a new address becomes his new login name.
        taken_message=_(
            "Dit e-mailadres hoort al bij een ander account. Kies een ander "
            "e-mailadres of vraag uw coach om hulp."
        ),
    )
    if changes:
        _tell_coach(client, tasks.CHANGED)
    return saved


@transaction.atomic
def add_own_job(*, actor: User, client: Client, values: dict[str, Any]) -> models.Model:
    """Adds a line to his work history."""
    _check_own(actor, client)
    job = clients_services.create_section_item(
        client=client,
        section=WORK_HISTORY,
        values={name: values[name] for name in WORK_HISTORY.fields if name in values},
        heading=_("%(section)s toegevoegd door de klant"),
        write_entry=_client_entry(actor, client),
    )
    _tell_coach(client, tasks.CHANGED)
    return job


@transaction.atomic
def remove_own_job(
    *, actor: User, client: Client, job: models.Model, expected_version: int
) -> None:
    """Removes a line of his work history; the logbook keeps what it said."""
    _check_own(actor, client)
    removed = clients_services.delete_section_item(
        client=client,
        section=WORK_HISTORY,
        item=job,
        expected_version=expected_version,
        heading=_("%(section)s verwijderd door de klant"),
        write_entry=_client_entry(actor, client),
    )
    if removed:
        _tell_coach(client, tasks.CHANGED)


@transaction.atomic
def request_correction(*, actor: User, client: Client, subject: str, text: str) -> LogEntry:
    """His request to correct data a partner owns: in the logbook (he sees it), coach told."""
    _check_own(actor, client)
    form = CorrectionForm({"subject": subject, "text": text})
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    label = dict(CorrectionForm.SUBJECTS)[form.cleaned_data["subject"]]
    entry = logbook_services.record_event(
        actor=actor,
        client=client,
        text=_("Verzoek om correctie: %(subject)s") % {"subject": label}
        + "\n"
        + form.cleaned_data["text"],
    )
    _tell_coach(client, tasks.CORRECTION)
    return entry


def add_own_note(*, actor: User, client: Client, text: str) -> LogEntry:
    """A note of his own in the shared logbook (always a note, always visible to him)."""
    _check_own(actor, client)
    return logbook_services.add_log_entry(actor=actor, client=client, text=text)


def edit_own_note(
    *, actor: User, client: Client, entry: LogEntry, text: str, expected_version: int
) -> LogEntry:
    """Corrects his own note; the earlier text is kept as a version. Another's entry, or one
    the system wrote, is refused (PermissionDenied) by the logbook's rules."""
    _check_own(actor, client)
    if entry.client_id != client.pk:
        raise ClientNotFound()
    return logbook_services.edit_log_entry(
        actor=actor,
        entry=entry,
        text=text,
        kind=entry.kind,
        visibility=entry.visibility,
        expected_version=expected_version,
    )
