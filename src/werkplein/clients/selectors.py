"""Every read of client data. Each takes the acting user first and goes through core.access."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import DateTimeField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from werkplein.accounts.models import User
from werkplein.appointments.models import Appointment, AppointmentStatus
from werkplein.audit.models import Action, Outcome, Purpose, Relation
from werkplein.audit.services import record_access
from werkplein.clients.models import Client, CoachAssignment, Segment
from werkplein.clients.sections import Section
from werkplein.core.access import (
    ClientNotFound,
    allowed_purposes,
    conference_client_ids,
    default_purpose,
    reachable_clients,
    relation_to,
)

CASELOAD_SORTS = {
    "name": ("last_name", "first_name", "id"),
    "-name": ("-last_name", "-first_name", "-id"),
    "last_contact": ("last_contact_at", "id"),
    "-last_contact": ("-last_contact_at", "-id"),
    "due": ("next_contact_due", "id"),
    "-due": ("-next_contact_due", "-id"),
    "appointment": ("next_appointment_at", "id"),
    "-appointment": ("-next_appointment_at", "-id"),
}
DEFAULT_CASELOAD_SORT = "due"


@dataclass(frozen=True)
class CaseloadFilter:
    segment: str = ""
    overdue_only: bool = False
    scope: str = "mine"  # "mine", or "team": everything the user reaches through his teams
    coach_id: int | None = None
    sort: str = DEFAULT_CASELOAD_SORT


def _with_next_appointment(clients: QuerySet[Client]) -> QuerySet[Client]:
    upcoming = Appointment.objects.filter(
        client=OuterRef("pk"), status=AppointmentStatus.PLANNED, starts_at__gte=timezone.now()
    ).order_by("starts_at")
    return clients.annotate(
        next_appointment_at=Subquery(upcoming.values("starts_at")[:1], output_field=DateTimeField())
    )


def caseload_for(user: User, criteria: CaseloadFilter | None = None) -> QuerySet[Client]:
    """The user's caseload (or his teams' with scope "team"), ready for the caseload table."""
    criteria = criteria or CaseloadFilter()
    clients = reachable_clients(user)
    if criteria.scope != "team":
        clients = clients.filter(coach=user)
    elif criteria.coach_id:
        clients = clients.filter(coach_id=criteria.coach_id)
    if criteria.segment in Segment.values:
        clients = clients.filter(segment=criteria.segment)
    if criteria.overdue_only:
        clients = clients.filter(next_contact_due__lt=timezone.localdate())
    sort = CASELOAD_SORTS.get(criteria.sort, CASELOAD_SORTS[DEFAULT_CASELOAD_SORT])
    return _with_next_appointment(clients).select_related("coach").order_by(*sort)


_BSN_PATTERN = re.compile(r"^\d{8,9}$")
_DATE_PATTERNS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y")


def _as_date(text: str) -> datetime.date | None:
    for pattern in _DATE_PATTERNS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def search_clients(user: User, query: str) -> QuerySet[Client]:
    """Finds clients the user may see by BSN, date of birth (dd-mm-jjjj) or name."""
    query = " ".join(query.split())[:100]
    clients = reachable_clients(user)
    if not query:
        return clients.none()
    compact = query.replace(" ", "").replace(".", "")
    if _BSN_PATTERN.match(compact):
        kind, clients = "bsn", clients.filter(bsn=compact.zfill(9))
    elif (born := _as_date(query)) is not None:
        kind, clients = "date_of_birth", clients.filter(date_of_birth=born)
    else:
        kind = "name"
        # Each word matches the start of a name or any word of the prefix ("van der"); a
        # prefix may also have been registered as part of the last name ("van der Berg").
        for term in query.split()[:6]:
            clients = clients.filter(
                Q(last_name__istartswith=term)
                | Q(first_name__istartswith=term)
                | Q(name_prefix__istartswith=term)
                | Q(name_prefix__icontains=f" {term}")
                | Q(last_name__icontains=f" {term}")
            )
    record_access(
        user=user,
        action=Action.SEARCH,
        outcome=Outcome.ALLOWED,
        relation=Relation.NONE,
        detail=f"{kind}: {query}",
    )
    return clients.select_related("coach").order_by("last_name", "first_name", "id")


def _refuse(
    user: User, client_id: int | None, purpose: str, action: Action, detail: str
) -> ClientNotFound:
    record_access(
        user=user,
        action=action,
        outcome=Outcome.REFUSED,
        relation=Relation.NONE,
        purpose=purpose,
        requested_client_id=client_id,
        detail=detail,
    )
    return ClientNotFound()


def reach_client(
    user: User, client_id: int | str, purpose: str | None, action: Action = Action.READ
) -> Client:
    """The client if the user may reach him for this purpose. Logs only a refusal: the caller
    logs the outcome (dossier_for, record_change). Out of reach is ClientNotFound, a 404."""
    purpose = purpose or default_purpose(user) or ""
    try:
        client_pk = int(client_id)
    except (TypeError, ValueError):
        detail = f"ongeldig klantnummer: {str(client_id)[:40]}"
        raise _refuse(user, None, purpose, action, detail) from None
    if purpose not in allowed_purposes(user):
        raise _refuse(user, client_pk, purpose, action, "doel niet toegestaan voor deze rol")
    if purpose == Purpose.CASE_CONFERENCE and client_pk not in conference_client_ids(user):
        raise _refuse(user, client_pk, purpose, action, "niet op de agenda van een lopend overleg")
    client = (
        reachable_clients(user)
        .select_related("coach", "team", "municipality")
        .filter(pk=client_pk)
        .first()
    )
    if client is None:
        raise _refuse(user, client_pk, purpose, action, "buiten bereik of onbekend")
    return client


def _record_reach(
    user: User,
    client: Client,
    purpose: str | None,
    action: Action,
    outcome: Outcome,
    detail="",
    relation: Relation | None = None,
) -> None:
    relation = relation or relation_to(user, client)
    if relation == Relation.CONFERENCE:
        purpose = Purpose.CASE_CONFERENCE  # the only reason he reaches this client
    record_access(
        user=user,
        client=client,
        action=action,
        outcome=outcome,
        relation=relation,
        purpose=purpose or default_purpose(user) or "",
        detail=detail,
    )


def dossier_for(
    user: User, client_id: int | str, purpose: str | None = None, action: Action = Action.READ
) -> Client:
    """The client, if the user may reach him for this purpose; every attempt is logged once.

    A client outside reach raises ClientNotFound (a 404), exactly like a client who does not exist.
    """
    client = reach_client(user, client_id, purpose, action)
    _record_reach(user, client, purpose, action, Outcome.ALLOWED)
    return client


def record_change(
    user: User,
    client: Client,
    purpose: str | None,
    *,
    permitted: bool,
    detail: str,
    action: Action = Action.UPDATE,
) -> None:
    """Logs an attempt to change a reached dossier once: allowed, or refused with a 403.

    A case conference lets its participants read the agenda's clients, never change them."""
    relation = relation_to(user, client)
    if permitted and relation == Relation.CONFERENCE:
        permitted, detail = False, "alleen lezen via casusoverleg"
    if permitted:
        _record_reach(user, client, purpose, action, Outcome.ALLOWED, relation=relation)
        return
    _record_reach(user, client, purpose, action, Outcome.REFUSED, detail, relation=relation)
    raise PermissionDenied


def dossier_for_change(
    user: User,
    client_id: int | str,
    purpose: str | None,
    *,
    permitted: bool,
    detail: str,
    action: Action = Action.UPDATE,
) -> Client:
    """The client for a change the user's role does or does not permit; logged once."""
    client = reach_client(user, client_id, purpose, action)
    record_change(user, client, purpose, permitted=permitted, detail=detail, action=action)
    return client


def is_within_reach(user: User, client: Client) -> bool:
    """Whether the user may act on this client: a reach through a case conference is for
    reading only."""
    return reachable_clients(user, with_conference=False).filter(pk=client.pk).exists()


def section_instance(client: Client, section: Section, item_id: int | str | None = None):
    """The stored row of a section of a client already reached through dossier_for."""
    if section.model is Client:
        return client
    rows = section_items(client, section)
    if section.many:
        try:
            return rows.get(pk=int(item_id or 0))
        except (ValueError, section.model.DoesNotExist):
            raise ClientNotFound() from None
    return rows.get()


def section_items(client: Client, section: Section) -> QuerySet:
    """The rows of a section, filtered on the Werkplein first, as every client-data query is."""
    return section.model._default_manager.filter(werkplein_id=client.werkplein_id, client=client)


def assignment_history(client: Client) -> QuerySet[CoachAssignment]:
    """Coach history of a client already reached through dossier_for."""
    return client.assignments.select_related("coach", "team", "assigned_by")
