"""Who takes part in a case conference, and so which agenda clients he reaches, and when.

core.access asks this module; nothing else decides conference reach.

Participants are the coaches presenting a client, and the series' members whose organisation is
a partner of at least one client on the agenda: his municipality of residence, the organisation
paying one of his current benefits, or his coach's organisation. A participant reaches every
client on that conference's agenda, from its start until its end, and no longer
(docs/decisions/0008-conference-and-application-reach.md).
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from werkplein.accounts.models import CASEWORK_ROLES, User
from werkplein.clients.models import Benefit, Client
from werkplein.conferences.models import AgendaItem, Conference


def conferences_in_session(user: User, at: datetime.datetime) -> QuerySet[Conference]:
    """The conferences of the user's Werkplein under way at `at` that he presents at or whose
    series he is a member of (he may still not take part: see `is_participant`)."""
    return (
        Conference.objects.filter(
            werkplein_id=user.werkplein_id,
            starts_at__lte=at,
            ends_at__gt=at,
            cancelled_at__isnull=True,
        )
        .filter(Q(items__presenter=user) | Q(series__members=user))
        .distinct()
    )


def partners_by_client(clients: list[Client], on: datetime.date) -> dict[int, set[int]]:
    """Each client's partner organisations: municipality, paying organisations of his current
    benefits, his coach's organisation. One query besides the clients given."""
    partners = {c.pk: {c.municipality_id} for c in clients}
    for c in clients:
        if c.coach_id and c.coach.organisation_id:
            partners[c.pk].add(c.coach.organisation_id)
    if clients:
        benefits = (
            Benefit.objects.filter(
                werkplein_id=clients[0].werkplein_id,
                client__in=list(partners),
                paying_organisation__isnull=False,
            )
            .exclude(kind="none")
            .filter(Q(expected_end_on__isnull=True) | Q(expected_end_on__gte=on))
            .values_list("client_id", "paying_organisation_id")
        )
        for client_id, organisation_id in benefits:
            partners[client_id].add(organisation_id)
    return partners


def partner_organisation_ids(clients: list[Client], on: datetime.date) -> set[int]:
    """The partner organisations of these clients together (see `partners_by_client`)."""
    return set().union(*partners_by_client(clients, on).values())


def agenda_of(conference_ids: list[int]) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(conference_id__in=conference_ids).select_related(
        "client__coach", "conference__series"
    )


def is_participant(
    user: User, items: list[AgendaItem], on: datetime.date, partners: set[int] | None = None
) -> bool:
    """Whether the user takes part in the conference whose agenda is `items`; `partners`, when
    the caller has them, are partner_organisation_ids of the agenda's clients on `on`."""
    if any(item.presenter_id == user.pk for item in items):
        return True
    if not items or user.organisation_id is None:
        return False
    series = items[0].conference.series
    if not series.members.filter(pk=user.pk).exists():
        return False
    if partners is None:
        partners = partner_organisation_ids([i.client for i in items], on)
    return user.organisation_id in partners


def participating_conference_ids(
    user: User, agendas: dict[int, list[AgendaItem]], on: datetime.date
) -> set[int]:
    """The ids of the conferences, given as {conference id: its agenda (from `agenda_of`)} of
    the user's Werkplein, that the user takes part in on `on`: `is_participant` for many at
    once, in at most two queries (his memberships of their series, the partners of the agenda
    clients) however many conferences are given."""
    taking_part = {
        conference_id
        for conference_id, items in agendas.items()
        if any(item.presenter_id == user.pk for item in items)
    }
    rest = {
        conference_id: items
        for conference_id, items in agendas.items()
        if items and conference_id not in taking_part
    }
    if not rest or user.organisation_id is None:
        return taking_part
    member_of = set(
        user.conference_series.filter(
            werkplein_id=user.werkplein_id,
            pk__in={items[0].conference.series_id for items in rest.values()},
        ).values_list("pk", flat=True)
    )
    candidates = [items for items in rest.values() if items[0].conference.series_id in member_of]
    partners = partners_by_client([item.client for items in candidates for item in items], on)
    taking_part.update(
        items[0].conference_id
        for items in candidates
        if any(user.organisation_id in partners[item.client_id] for item in items)
    )
    return taking_part


def reachable_agenda_client_ids(
    user: User, conference_ids: list[int], at: datetime.datetime
) -> tuple[list[int], datetime.datetime | None]:
    """The clients the user reaches through the given conferences in session, and the moment
    the first of those conferences ends (when the reach must be looked at again). At most three
    queries, whatever the number of conferences."""
    on = timezone.localdate(at)
    by_conference: dict[int, list[AgendaItem]] = {}
    for item in agenda_of(conference_ids):
        by_conference.setdefault(item.conference_id, []).append(item)
    taking_part = participating_conference_ids(user, by_conference, on)
    client_ids: list[int] = []
    ends_at: datetime.datetime | None = None
    for conference_id, items in by_conference.items():
        if conference_id in taking_part:
            client_ids.extend(item.client_id for item in items)
            end = items[0].conference.ends_at
            ends_at = end if ends_at is None else min(ends_at, end)
    return client_ids, ends_at


def expected_attendees(
    conference: Conference, items: list[AgendaItem], partners: set[int] | None = None
) -> list[User]:
    """Who is expected at the conference: the presenters and the active members of its series
    whose role may attend and whose organisation is a partner of an agenda client. Derived from
    the agenda, never stored. Two queries (members, benefits) besides the items given."""

    if not items:
        return []
    if partners is None:
        partners = partner_organisation_ids([i.client for i in items], timezone.localdate())
    people: dict[int, User] = {item.presenter_id: item.presenter for item in items}
    for member in conference.series.members.filter(
        is_active=True, role__in=CASEWORK_ROLES, organisation_id__in=partners
    ).select_related("organisation"):
        people.setdefault(member.pk, member)
    return sorted(people.values(), key=lambda u: (u.last_name, u.first_name, u.pk))
