"""Every read of the case conferences, taking the acting user first.

The conference page is for its participants only (conferences.attendance); anyone else gets a
404, as for a conference that does not exist. Client names on an agenda are shown only to who
reaches the client (core.access), which during the conference includes every participant.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from werkplein.accounts.models import CASEWORK_ROLES, User
from werkplein.audit.models import Action, Outcome, Purpose, Relation
from werkplein.audit.services import record_access
from werkplein.clients.models import Client
from werkplein.conferences import attendance
from werkplein.conferences.models import AgendaItem, Conference, ConferenceSeries
from werkplein.conferences.services import SCHEDULE_WEEKS, may_record
from werkplein.core.access import reachable_clients
from werkplein.core.http import parse_id
from werkplein.logbook.rules import reads_internal_entries

# --- series --------------------------------------------------------------------------------


def series_list(user: User) -> QuerySet[ConferenceSeries]:
    return (
        ConferenceSeries.objects.filter(werkplein_id=user.werkplein_id)
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name")
    )


def series_for(user: User, pk) -> ConferenceSeries:
    found = ConferenceSeries.objects.filter(werkplein_id=user.werkplein_id, pk=parse_id(pk)).first()
    if found is None:
        raise Http404
    return found


def eligible_members(user: User) -> QuerySet[User]:
    """Staff of the user's Werkplein who may attend conferences."""
    return (
        User.objects.filter(werkplein_id=user.werkplein_id, is_active=True)
        .filter(role__in=CASEWORK_ROLES)
        .select_related("organisation")
        .order_by("last_name", "first_name", "id")
    )


# --- the list ------------------------------------------------------------------------------


@dataclass
class ConferenceRow:
    conference: Conference
    taken: int
    participates: bool
    my_items: list[AgendaItem] = field(default_factory=list)

    @property
    def free(self) -> int:
        return max(self.conference.max_clients - self.taken, 0)


def upcoming_conferences(user: User) -> list[ConferenceRow]:
    """The conferences of the coming weeks (and the one under way), with their free places and
    whether the user takes part, in a fixed number of queries."""
    now = timezone.now()
    conferences = list(
        Conference.objects.filter(
            werkplein_id=user.werkplein_id,
            ends_at__gt=now,
            starts_at__lt=now + datetime.timedelta(weeks=SCHEDULE_WEEKS),
        )
        .select_related("series")
        .annotate(taken=Count("items"))
        .order_by("starts_at", "id")
    )
    ids = [c.pk for c in conferences]
    items = list(attendance.agenda_of(ids)) if ids else []
    by_conference: dict[int, list[AgendaItem]] = {}
    for item in items:
        by_conference.setdefault(item.conference_id, []).append(item)
    taking_part = (
        attendance.participating_conference_ids(user, by_conference, timezone.localdate())
        if user.role in CASEWORK_ROLES
        else set()
    )
    rows = []
    for conference in conferences:
        agenda = by_conference.get(conference.pk, [])
        rows.append(
            ConferenceRow(
                conference=conference,
                taken=conference.taken,
                participates=conference.pk in taking_part,
                my_items=[i for i in agenda if i.presenter_id == user.pk],
            )
        )
    return rows


def open_conference(user: User, pk) -> Conference:
    """A conference of the user's Werkplein that clients can still be put on (for the sign-up
    page; it shows no client data)."""
    conference = (
        Conference.objects.filter(werkplein_id=user.werkplein_id, pk=parse_id(pk))
        .select_related("series")
        .annotate(taken=Count("items"))
        .first()
    )
    if conference is None:
        raise Http404
    return conference


def own_clients(user: User) -> QuerySet[Client]:
    """The clients of the user's own caseload, by name: the ones he may put on an agenda."""
    return reachable_clients(user).filter(coach=user).order_by("last_name", "first_name", "id")


# --- the conference page ---------------------------------------------------------------------


@dataclass
class AgendaLine:
    item: AgendaItem
    number: int
    shows_client: bool  # the user reaches the client (inside the window: every participant)


@dataclass
class ConferencePage:
    conference: Conference
    lines: list[AgendaLine]
    attendees: list[User]
    in_session: bool
    may_record: bool

    @property
    def taken(self) -> int:
        return len(self.lines)


def _agenda(conference: Conference) -> list[AgendaItem]:
    return list(
        attendance.agenda_of([conference.pk])
        .select_related("presenter__organisation", "recorded_by")
        .prefetch_related("follow_ups__owner")
        .order_by("created_at", "id")
    )


def conference_for(user: User, pk) -> ConferencePage:
    """The conference page for a participant; a 404 for anyone else."""
    conference_id = parse_id(pk)
    if user.role not in CASEWORK_ROLES or not user.is_active:
        raise Http404
    conference = (
        Conference.objects.filter(werkplein_id=user.werkplein_id, pk=conference_id)
        .select_related("series")
        .first()
    )
    if conference is None:
        raise Http404
    items = _agenda(conference)
    # The agenda's partner organisations decide who takes part and who is expected: one query.
    on = timezone.localdate()
    partners = attendance.partner_organisation_ids([i.client for i in items], on)
    if not attendance.is_participant(user, items, on, partners):
        raise Http404
    reached = set(
        reachable_clients(user)
        .filter(pk__in=[i.client_id for i in items])
        .values_list("pk", flat=True)
    )
    shown = [i.client_id for i in items if i.client_id in reached]
    if shown:
        # The agenda's names and questions are personal data: the read is logged, like every
        # list of clients (one entry for the page, naming the clients shown).
        record_access(
            user=user,
            action=Action.LIST,
            outcome=Outcome.ALLOWED,
            relation=Relation.CONFERENCE,
            purpose=Purpose.CASE_CONFERENCE,
            detail=f"agenda casusoverleg {conference.pk}: klanten {', '.join(map(str, shown))}"[
                :200
            ],
        )
    now = timezone.now()
    return ConferencePage(
        conference=conference,
        lines=[
            AgendaLine(item=item, number=n, shows_client=item.client_id in reached)
            for n, item in enumerate(items, start=1)
        ],
        attendees=attendance.expected_attendees(conference, items, partners),
        in_session=conference.cancelled_at is None
        and conference.starts_at <= now < conference.ends_at,
        may_record=may_record(conference, now),
    )


def item_for_recording(user: User, pk) -> tuple[ConferencePage, AgendaLine]:
    """An agenda line of a conference the user takes part in (404 otherwise)."""
    item = (
        AgendaItem.objects.filter(werkplein_id=user.werkplein_id, pk=parse_id(pk))
        .values_list("conference_id", flat=True)
        .first()
    )
    if item is None:
        raise Http404
    page = conference_for(user, item)
    line = next(line for line in page.lines if line.item.pk == int(pk))
    return page, line


def own_item(user: User, pk) -> AgendaItem:
    """An agenda item the user presents (for taking it off the agenda)."""
    item = (
        AgendaItem.objects.filter(
            werkplein_id=user.werkplein_id, pk=parse_id(pk), presenter_id=user.pk
        )
        .select_related("conference", "client")
        .first()
    )
    if item is None:
        raise Http404
    return item


# --- the dossier card ----------------------------------------------------------------------

RECENT_DAYS = 90


@dataclass
class CardItem:
    item_id: int
    starts_at: datetime.datetime
    series: str
    question: str
    advice: str
    decision: str
    cancelled: bool
    follow_ups: list[dict] = field(default_factory=list)


def dossier_card(user: User, client: Client) -> dict:
    """The client's upcoming agenda items and recent outcomes with their follow-ups, in one
    query; only for readers of internal notes (coaches, team leads, quality officers)."""
    if not reads_internal_entries(user):  # the logbook's own rule, without a query
        return {"conference_card": None}
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    rows = (
        AgendaItem.objects.filter(
            werkplein_id=client.werkplein_id, client=client, conference__ends_at__gte=since
        )
        .order_by("conference__starts_at", "id", "follow_ups__due_on", "follow_ups__id")
        .values(
            "id",
            "question",
            "advice",
            "decision",
            "conference__starts_at",
            "conference__cancelled_at",
            "conference__series__name",
            "follow_ups__description",
            "follow_ups__due_on",
            "follow_ups__owner__first_name",
            "follow_ups__owner__last_name",
        )
    )
    items: dict[int, CardItem] = {}
    for row in rows:
        card = items.get(row["id"])
        if card is None:
            card = items[row["id"]] = CardItem(
                item_id=row["id"],
                starts_at=row["conference__starts_at"],
                series=row["conference__series__name"],
                question=row["question"],
                advice=row["advice"],
                decision=row["decision"],
                cancelled=row["conference__cancelled_at"] is not None,
            )
        if row["follow_ups__description"]:
            owner = " ".join(
                p
                for p in (row["follow_ups__owner__first_name"], row["follow_ups__owner__last_name"])
                if p
            )
            card.follow_ups.append(
                {
                    "description": row["follow_ups__description"],
                    "due_on": row["follow_ups__due_on"],
                    "owner": owner,
                }
            )
    now = timezone.now()
    return {
        "conference_card": {
            "upcoming": [c for c in items.values() if c.starts_at > now and not c.cancelled],
            "recent": [c for c in items.values() if c.starts_at <= now and not c.cancelled],
        }
    }
