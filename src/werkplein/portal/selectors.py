"""Reads for the client's own pages. A client reaches exactly one dossier: his own.

Every function but `own_dossier` takes the client already reached through `own_dossier` (which
logged the read) and filters by that client; nothing here reaches another client's rows.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import PhoneNumber

from werkplein.accounts.models import User
from werkplein.appointments import selectors as appointments_selectors
from werkplein.audit.models import AccessEvent, Action, Outcome, Purpose, Relation
from werkplein.audit.services import record_access
from werkplein.clients.models import Benefit, Client, Job
from werkplein.clients.sections import SECTIONS
from werkplein.clients.selectors import section_instance, section_items
from werkplein.core.access import ClientNotFound, own_client
from werkplein.logbook import selectors as logbook_selectors
from werkplein.logbook.models import LogEntry, LogEntryVersion
from werkplein.plans import selectors as plans_selectors
from werkplein.plans.models import Plan
from werkplein.portal.forms import PORTAL_SECTIONS, WORK_HISTORY

BENEFITS = SECTIONS["benefits"]


def own_dossier(user: User, action: Action = Action.READ, detail: str = "") -> Client:
    """The client record of the logged-in client, with the read (or change) logged.

    Any other user, or a client account without a record, gets ClientNotFound (a 404).
    """
    client = own_client(user)
    record_access(
        user=user,
        client=client,
        action=action,
        outcome=Outcome.ALLOWED,
        relation=Relation.SELF,
        purpose=Purpose.OWN_DOSSIER,
        detail=detail,
    )
    return client


# --- his data ------------------------------------------------------------------------------------


def personal_rows(client: Client) -> list[tuple[str, str]]:
    """What partners own and he only reads: (label, value) pairs."""
    return [
        (_("Naam"), client.full_name),
        (_("BSN"), client.bsn),
        (_("Geboortedatum"), _date(client.date_of_birth)),
        (_("Gemeente"), str(client.municipality)),
    ]


def _date(value: datetime.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def own_jobs(client: Client) -> QuerySet[Job]:
    return section_items(client, WORK_HISTORY)


def own_job(client: Client, job_id: int | str) -> Job:
    """One line of his work history; another client's or no such line is ClientNotFound."""
    return section_instance(client, WORK_HISTORY, job_id)


def own_benefits(client: Client) -> QuerySet[Benefit]:
    return section_items(client, BENEFITS).select_related("paying_organisation")


def profile_for(client: Client) -> dict[str, Any]:
    """Everything the "Mijn gegevens" page shows, in a fixed number of queries."""
    sections = []
    for section in PORTAL_SECTIONS.values():
        instance = section_instance(client, section)
        sections.append({"section": section, "instance": instance, "rows": section.rows(instance)})
    return {
        "personal_rows": personal_rows(client),
        "sections": sections,
        "jobs": [{"item": job, "rows": WORK_HISTORY.rows(job)} for job in own_jobs(client)],
        "benefits": [{"item": b, "rows": BENEFITS.rows(b)} for b in own_benefits(client)],
    }


def coach_for_notice(client_id: int) -> User | None:
    """The coach an e-mail task about his client writes to (the task worker: no user acts);
    None when the client or his coach is gone. Nothing of the client is read but the link."""
    return User.objects.filter(caseload__pk=client_id).first()


# --- the shared logbook --------------------------------------------------------------------------


def own_log_entries(user: User, client: Client) -> QuerySet[LogEntry]:
    """The entries visible to him, newest first (never internal ones)."""
    return logbook_selectors.log_entries_for(user, client).select_related("author__organisation")


def own_log_entry(user: User, client: Client, entry_id: int | str) -> LogEntry:
    """One entry visible to him; an internal or another client's entry is ClientNotFound."""
    try:
        return own_log_entries(user, client).get(pk=int(entry_id))
    except (ValueError, LogEntry.DoesNotExist):
        raise ClientNotFound() from None


def entry_versions(user: User, entry: LogEntry) -> QuerySet[LogEntryVersion]:
    """Earlier versions of an entry he already reached through own_log_entry; never the ones
    written while the entry was internal."""
    return logbook_selectors.earlier_versions(user, entry).select_related(
        "written_by__organisation"
    )


def author_label(author: User | None, viewer: User, client: Client) -> str:
    """Who wrote something, as the client reads it: "U", "Uw coach", or an organisation.
    Staff names only when WERKPLEIN_SHOW_STAFF_NAMES_TO_CLIENTS is on."""
    if author is None:
        return _("Werkplein")
    if author.pk == viewer.pk:
        return _("U")
    name = str(author) if settings.WERKPLEIN_SHOW_STAFF_NAMES_TO_CLIENTS else ""
    if author.pk == client.coach_id:
        return _("Uw coach") + (f" ({name})" if name else "")
    organisation = author.organisation.name if author.organisation_id else _("Werkplein")
    return f"{name} ({organisation})" if name else organisation


def may_edit_entry(entry: LogEntry, viewer: User) -> bool:
    return entry.author_id == viewer.pk and not entry.generated and entry.kind != "system"


# --- who looked at my file -----------------------------------------------------------------------


def access_events_on_own_dossier(user: User, client: Client) -> QuerySet[AccessEvent]:
    """Reads and changes of his dossier by others, newest first; never his own, never those on
    another client's dossier."""
    events = (
        AccessEvent.objects.filter(werkplein_id=client.werkplein_id, client=client)
        .exclude(user_id=user.pk)
        .order_by("-at", "-id")
    )
    if settings.WERKPLEIN_SHOW_STAFF_NAMES_TO_CLIENTS:
        events = events.select_related("user")
    return events


def access_event_row(event: AccessEvent) -> dict[str, Any]:
    """One event as the client reads it: no usernames, names only per the setting."""
    name = ""
    if settings.WERKPLEIN_SHOW_STAFF_NAMES_TO_CLIENTS and event.user is not None:
        name = str(event.user)
    return {
        "at": event.at,
        "organisation": event.organisation_name or _("Werkplein"),
        "role": event.get_role_display(),
        "purpose": event.get_purpose_display() if event.purpose else "—",
        "action": event.get_action_display(),
        "refused": event.outcome == Outcome.REFUSED,
        "name": name,
    }


# --- everything, for his right of access ---------------------------------------------------------


def _value(instance: models.Model, name: str) -> Any:
    value = getattr(instance, name)
    if isinstance(value, PhoneNumber):
        return value.as_e164
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def _record(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """Field values with, for choices, the Dutch label beside the stored code."""
    data: dict[str, Any] = {}
    for name in fields:
        data[name] = _value(instance, name)
        field = instance._meta.get_field(name)
        if field.choices and data[name] not in (None, ""):
            data[f"{name}_label"] = str(getattr(instance, f"get_{name}_display")())
    return data


def everything_for(user: User, client: Client) -> dict[str, Any]:
    """All his data, as rows and lists: the source of the download and the printable page.
    A fixed number of queries whatever the number of rows."""
    entries = list(own_log_entries(user, client).order_by("occurred_at", "id"))
    for entry in entries:
        entry.author_label = author_label(entry.author, user, client)
    appointments = list(
        appointments_selectors.own_appointments(client)
        .select_related("coach__organisation")
        .order_by("starts_at", "id")
    )
    for appointment in appointments:
        appointment.coach_label = author_label(appointment.coach, user, client)
    return {
        "plan": plans_selectors.plan_for(user, client),
        "job_applications": list(plans_selectors.applications_for(user, client)),
        "ladder_steps": list(plans_selectors.ladder_history(user, client).order_by("set_on", "id")),
        "appointments": appointments,
        "log_entries": entries,
        "access_events": [access_event_row(e) for e in access_events_on_own_dossier(user, client)],
    }


def _plan_record(plan: Plan | None) -> dict[str, Any] | None:
    if plan is None:
        return None
    fields = ["version", "accepted_version", "accepted_at", "applications_required"]
    return {
        **_record(plan, [*fields, "obligation_weeks"]),
        "goals": [_record(g, ["text"]) for g in plan.goals.all()],
        "activities": [
            {
                **_record(a, ["description", "owner", "due_on", "status", "done_at"]),
                "goal": a.goal.text if a.goal_id else None,
            }
            for a in plan.activities.all()
        ],
    }


def export_personal(client: Client) -> dict[str, Any]:
    """What partners own, read-only for him."""
    return {
        "first_name": client.first_name,
        "name_prefix": client.name_prefix,
        "last_name": client.last_name,
        "bsn": client.bsn,
        "date_of_birth": client.date_of_birth.isoformat(),
        "municipality": str(client.municipality),
        "coach": str(client.coach) if client.coach_id else None,
    }


def benefit_record(benefit: Benefit) -> dict[str, Any]:
    return _record(benefit, BENEFITS.fields)


def export_for(user: User, client: Client) -> dict[str, Any]:
    """All his data as one JSON-ready document: what the download and GET /me/export give."""
    everything = everything_for(user, client)
    return {
        "exported_at": timezone.localtime().isoformat(),
        "personal": export_personal(client),
        "sections": {
            key: _record(section_instance(client, section), section.fields)
            for key, section in PORTAL_SECTIONS.items()
        },
        "work_history": [_record(j, WORK_HISTORY.fields) for j in own_jobs(client)],
        "benefits": [benefit_record(b) for b in own_benefits(client)],
        "plan": _plan_record(everything["plan"]),
        "job_applications": [
            _record(a, ["employer_name", "position", "applied_on", "channel", "result", "notes"])
            for a in everything["job_applications"]
        ],
        "ladder_steps": [
            _record(s, ["rung", "set_on", "note"]) for s in everything["ladder_steps"]
        ],
        "appointments": [
            {
                **_record(a, ["starts_at", "ends_at", "kind", "location", "status"]),
                "coach": a.coach_label,
            }
            for a in everything["appointments"]
        ],
        "logbook": [
            {
                **_record(e, ["occurred_at", "kind", "text", "version"]),
                "author": e.author_label,
            }
            for e in everything["log_entries"]
        ],
        "access_events": [
            {**row, "at": timezone.localtime(row["at"]).isoformat()}
            for row in everything["access_events"]
        ],
    }
