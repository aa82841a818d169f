"""Every write a client makes in Mijn Werkplein: validated, in one transaction, written in the
logbook as an entry he sees himself, and his coach told by e-mail after commit.

The caller reached the client through portal.selectors.own_dossier; each service checks once
more that the client record is the actor's own.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from werkplein.accounts import services as account_services
from werkplein.accounts.models import Role, User
from werkplein.clients.models import Client
from werkplein.clients.sections import Section, display_value
from werkplein.clients.services import StaleVersion, describe_changes
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


def _follow_login_name(actor: User, email: str) -> None:
    """The client logs in with his e-mail address: a new address becomes his new login name."""
    account_services.follow_email_change(
        account=actor,
        old_email=actor.email,
        new_email=email,
        taken_message=_(
            "Dit e-mailadres hoort al bij een ander account. Kies een ander "
            "e-mailadres of vraag uw coach om hulp."
        ),
    )


@transaction.atomic
def update_own_section(
    *,
    actor: User,
    client: Client,
    section: Section,
    changes: dict[str, Any],
    expected_version: int,
) -> models.Model:
    """Saves the changed fields of one of his sections if nobody saved it since
    `expected_version`; the logbook gets old → new, visible to him."""
    _check_own(actor, client)
    manager = section.model._default_manager
    before = manager.select_for_update().filter(pk=client.pk).first()
    if before is None:
        raise ClientNotFound()
    if before.version != expected_version:
        raise StaleVersion(before)
    changes = {name: value for name, value in changes.items() if name in section.fields}
    if not changes:
        return before
    if "email" in changes and section.model is Client:
        _follow_login_name(actor, changes["email"])
    manager.filter(pk=client.pk).update(**changes, version=F("version") + 1)
    logbook_services.record_event(
        actor=actor,
        client=client,
        text=describe_changes(section, before, changes, _("%(section)s gewijzigd door de klant")),
        kind=EntryKind.SYSTEM,
    )
    _tell_coach(client, tasks.CHANGED)
    return manager.get(pk=client.pk)


@transaction.atomic
def add_own_job(*, actor: User, client: Client, values: dict[str, Any]) -> models.Model:
    """Adds a line to his work history."""
    _check_own(actor, client)
    values = {name: values[name] for name in WORK_HISTORY.fields if name in values}
    job = WORK_HISTORY.model._default_manager.create(
        client=client, werkplein_id=client.werkplein_id, **values
    )
    logbook_services.record_event(
        actor=actor,
        client=client,
        text=describe_changes(
            WORK_HISTORY, WORK_HISTORY.model(), values, _("%(section)s toegevoegd door de klant")
        ),
        kind=EntryKind.SYSTEM,
    )
    _tell_coach(client, tasks.CHANGED)
    return job


@transaction.atomic
def remove_own_job(
    *, actor: User, client: Client, job: models.Model, expected_version: int
) -> None:
    """Removes a line of his work history; the logbook keeps what it said."""
    _check_own(actor, client)
    manager = WORK_HISTORY.model._default_manager
    deleted, _rows = manager.filter(pk=job.pk, client=client, version=expected_version).delete()
    if not deleted:
        current = manager.filter(pk=job.pk, client=client).first()
        if current is None:
            return  # already gone: what he asked for
        raise StaleVersion(current)
    lines = "\n".join(
        f"{WORK_HISTORY.model._meta.get_field(name).verbose_name}: "
        f"{display_value(WORK_HISTORY.model, name, getattr(job, name))}"
        for name in WORK_HISTORY.fields
    )
    logbook_services.record_event(
        actor=actor,
        client=client,
        text=_("%(section)s verwijderd door de klant") % {"section": WORK_HISTORY.title}
        + ":\n"
        + lines,
        kind=EntryKind.SYSTEM,
    )
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
