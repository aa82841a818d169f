"""Every write to a client's dossier: validated, in one transaction, written in the logbook."""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkplein.accounts import services as account_services
from werkplein.accounts.models import Role, Team, User
from werkplein.allocation.models import CoachProposal
from werkplein.clients.models import Client, CoachAssignment
from werkplein.clients.sections import ONE_TO_ONE_MODELS, Section, display_value
from werkplein.clients.tasks import notify_new_coach
from werkplein.core.access import ClientNotFound
from werkplein.logbook import services as logbook_services


class StaleVersion(Exception):
    """A save based on data that someone else changed in the meantime."""

    def __init__(self, current: models.Model) -> None:
        super().__init__("stale version")
        self.current = current


def describe_changes(
    section: Section, before: models.Model, changes: dict[str, Any], heading: str
) -> str:
    """A logbook text: the heading, then one line per field with its old and new value."""
    model = section.model
    lines = [
        f"{model._meta.get_field(name).verbose_name}: "
        f"{display_value(model, name, getattr(before, name))} → {display_value(model, name, value)}"
        for name, value in changes.items()
    ]
    return heading % {"section": section.title} + ":\n" + "\n".join(lines)


def _check_may_change(actor: User, section: Section) -> None:
    if not actor.has_perm("clients.change_section", section.key):
        raise PermissionDenied


def save_new_client(client: Client, bsn_taken_message: str) -> Client:
    """Saves a new client with his first contact date and his empty one-to-one sections, inside
    the caller's transaction. The same BSN saved at the same moment is refused with
    `bsn_taken_message`."""
    try:
        with transaction.atomic():
            client.save()
    except IntegrityError as exc:
        raise ValidationError({"bsn": [bsn_taken_message]}) from exc
    client.next_contact_due = client.compute_next_contact_due()
    Client.objects.filter(pk=client.pk).update(next_contact_due=client.next_contact_due)
    for model in ONE_TO_ONE_MODELS:
        model.objects.create(client=client, werkplein_id=client.werkplein_id)
    return client


@transaction.atomic
def register_client(*, actor: User, data: dict[str, Any]) -> Client:
    """Registers a job seeker once per Werkplein; a coach who registers him becomes his coach."""
    if not actor.has_perm("clients.register_client"):
        raise PermissionDenied
    if Client.objects.filter(werkplein_id=actor.werkplein_id, bsn=data["bsn"]).exists():
        raise ValidationError({"bsn": [_("Dit BSN is al ingeschreven bij dit Werkplein.")]})
    client = Client(werkplein_id=actor.werkplein_id, **data)
    if actor.role == Role.COACH:
        client.coach = actor
        client.team = actor.teams.order_by("id").first()
    save_new_client(client, _("Dit BSN is al ingeschreven bij dit Werkplein."))
    if client.coach_id:
        CoachAssignment.objects.create(
            werkplein_id=client.werkplein_id,
            client=client,
            coach=actor,
            team=client.team,
            assigned_by=actor,
            reason=_("Ingeschreven door de coach"),
            started_at=timezone.now(),
        )
    logbook_services.add_system_entry(
        actor=actor, client=client, text=_("Klant ingeschreven door %(name)s.") % {"name": actor}
    )
    return client


EntryWriter = Callable[[str], Any]
"""Writes the logbook text of a section change (staff: an internal system entry; the client
himself: an entry he sees)."""

EMAIL_TAKEN = gettext_lazy(
    "Dit e-mailadres hoort al bij een ander account van Mijn Werkplein. Kies een ander e-mailadres."
)


def save_section_changes(
    *,
    actor: User,
    client: Client,
    section: Section,
    instance: models.Model,
    changes: dict[str, Any],
    expected_version: int,
    heading: str,
    write_entry: EntryWriter,
    taken_message: str = EMAIL_TAKEN,
) -> models.Model:
    """The versioned save of a section, for a caller that checked who may make it; inside the
    caller's transaction. Saves only if nobody saved the section since `expected_version`; the
    logbook gets old → new under `heading`, written by `write_entry`."""
    version_field = section.version_field
    manager = section.model._default_manager
    before = manager.select_for_update().filter(pk=instance.pk).first()
    if before is None:
        raise ClientNotFound()  # the row was removed meanwhile
    if getattr(before, version_field) != expected_version:
        raise StaleVersion(before)
    if not changes:
        return before
    if section.model is Client and "email" in changes and before.user_id is not None:
        account_services.follow_email_change(
            account=actor if before.user_id == actor.pk else before.user,
            old_email=before.email,
            new_email=changes["email"],
            taken_message=str(taken_message),
        )
    manager.filter(pk=instance.pk).update(**changes, **{version_field: F(version_field) + 1})
    write_entry(describe_changes(section, before, changes, heading))
    if section.key == "guidance" and "contact_frequency_days" in changes:
        client.refresh_from_db()
        Client.objects.filter(pk=client.pk).update(
            next_contact_due=client.compute_next_contact_due()
        )
    return manager.get(pk=instance.pk)


def create_section_item(
    *,
    client: Client,
    section: Section,
    values: dict[str, Any],
    heading: str,
    write_entry: EntryWriter,
) -> models.Model:
    """Adds a line to a list section, for a caller that checked who may; inside its transaction."""
    item = section.model._default_manager.create(
        client=client, werkplein_id=client.werkplein_id, **values
    )
    write_entry(describe_changes(section, section.model(), values, heading))
    return item


def delete_section_item(
    *,
    client: Client,
    section: Section,
    item: models.Model,
    expected_version: int,
    heading: str,
    write_entry: EntryWriter,
) -> bool:
    """Removes a line of a list section if unchanged since `expected_version`, for a caller that
    checked who may; inside its transaction. The logbook keeps what the line said. False when
    the line was already gone."""
    manager = section.model._default_manager
    deleted, _rows = manager.filter(pk=item.pk, client=client, version=expected_version).delete()
    if not deleted:
        current = manager.filter(pk=item.pk, client=client).first()
        if current is None:
            return False  # already removed by someone else: the outcome the user asked for
        raise StaleVersion(current)
    lines = "\n".join(
        f"{section.model._meta.get_field(n).verbose_name}: "
        f"{display_value(section.model, n, getattr(item, n))}"
        for n in section.fields
    )
    write_entry(heading % {"section": section.title} + ":\n" + lines)
    return True


def _internal_entry(actor: User, client: Client) -> EntryWriter:
    return lambda text: logbook_services.add_system_entry(actor=actor, client=client, text=text)


@transaction.atomic
def update_section(
    *,
    actor: User,
    client: Client,
    section: Section,
    instance: models.Model,
    changes: dict[str, Any],
    expected_version: int,
) -> models.Model:
    """Saves changed fields only if nobody saved this section since `expected_version`."""
    _check_may_change(actor, section)
    return save_section_changes(
        actor=actor,
        client=client,
        section=section,
        instance=instance,
        changes=changes,
        expected_version=expected_version,
        heading=_("%(section)s gewijzigd"),
        write_entry=_internal_entry(actor, client),
    )


@transaction.atomic
def add_section_item(
    *, actor: User, client: Client, section: Section, values: dict[str, Any]
) -> models.Model:
    """Adds a line to a list section (work history, benefits)."""
    _check_may_change(actor, section)
    return create_section_item(
        client=client,
        section=section,
        values=values,
        heading=_("%(section)s toegevoegd"),
        write_entry=_internal_entry(actor, client),
    )


@transaction.atomic
def remove_section_item(
    *, actor: User, client: Client, section: Section, item: models.Model, expected_version: int
) -> None:
    """Removes a line of a list section; the logbook keeps what it said."""
    _check_may_change(actor, section)
    delete_section_item(
        client=client,
        section=section,
        item=item,
        expected_version=expected_version,
        heading=_("%(section)s verwijderd"),
        write_entry=_internal_entry(actor, client),
    )


def assign_coach(
    *,
    client: Client,
    coach: User,
    team: Team | None,
    actor: User,
    reason: str,
    at: datetime.datetime,
) -> None:
    """Ends the client's current coach period and starts one with `coach` in `team`, inside the
    caller's transaction, after the caller checked who may do it."""
    CoachAssignment.objects.filter(client=client, ended_at__isnull=True).update(ended_at=at)
    CoachAssignment.objects.create(
        werkplein_id=client.werkplein_id,
        client=client,
        coach=coach,
        team=team,
        assigned_by=actor,
        reason=reason,
        started_at=at,
    )
    Client.objects.filter(pk=client.pk).update(coach=coach, team=team)
    client.coach, client.team = coach, team


@transaction.atomic
def reassign_client(*, actor: User, client: Client, coach: User, reason: str) -> Client:
    """Hands the client to another coach; the assignment history keeps who, when and why."""
    if not actor.has_perm("clients.reassign_client", client):
        raise PermissionDenied
    if coach.werkplein_id != client.werkplein_id or coach.role not in (Role.COACH, Role.TEAM_LEAD):
        raise ValidationError({"coach": [_("Kies een coach van dit Werkplein.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Geef een reden voor de overdracht.")]})
    if coach.pk == client.coach_id:
        raise ValidationError({"coach": [_("Deze coach begeleidt de klant al.")]})
    now = timezone.now()
    previous = client.coach
    team = coach.teams.order_by("id").first() or client.team
    assign_coach(client=client, coach=coach, team=team, actor=actor, reason=reason.strip(), at=now)
    # A coach chosen here settles any coach proposal still waiting for the team lead.
    CoachProposal.objects.cancel_open(client, at=now, by=actor)
    logbook_services.add_system_entry(
        actor=actor,
        client=client,
        text=_("Coach gewijzigd van %(old)s naar %(new)s. Reden: %(reason)s")
        % {"old": previous or "—", "new": coach, "reason": reason.strip()},
    )
    transaction.on_commit(lambda: notify_new_coach.enqueue(client_id=client.pk, coach_id=coach.pk))
    return client
