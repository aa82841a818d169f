"""The one place where it is decided which clients a user may reach, and for what purpose.

Selectors build on `reachable_clients`; nothing else filters client data by role.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkplein.accounts.models import CASEWORK_ROLES, Role, Team, User
from werkplein.audit.models import Purpose, QualitySample, Relation
from werkplein.clients.models import Benefit, Client

PURPOSES_BY_ROLE: dict[str, tuple[Purpose, ...]] = {
    Role.COACH: (Purpose.GUIDANCE, Purpose.CASE_CONFERENCE),
    Role.TEAM_LEAD: (Purpose.TEAM_MANAGEMENT, Purpose.GUIDANCE, Purpose.CASE_CONFERENCE),
    Role.BACK_OFFICE: (Purpose.BENEFIT, Purpose.CASE_CONFERENCE),
    Role.QUALITY_OFFICER: (Purpose.QUALITY_REVIEW,),
    Role.CLIENT: (Purpose.OWN_DOSSIER,),
}

# Roles that can stand in for an absent coach (messaging.absences).
STAND_IN_ROLES = frozenset({Role.COACH, Role.TEAM_LEAD})

# Relations that are part of a user's own daily work; the others are reviewed periodically.
ORDINARY_RELATIONS = frozenset({Relation.OWN_CASELOAD, Relation.TEAM, Relation.SELF})


class ClientNotFound(Http404):
    """Raised for a client outside the user's reach: it must look exactly like a missing one."""

    def __init__(self) -> None:
        super().__init__(_("Deze klant is niet gevonden."))


def allowed_purposes(user: User) -> tuple[Purpose, ...]:
    return PURPOSES_BY_ROLE.get(user.role, ())


def default_purpose(user: User) -> Purpose | None:
    purposes = allowed_purposes(user)
    return purposes[0] if purposes else None


@dataclass(frozen=True)
class _WorkIds:
    """What a user reaches beyond his own caseload, fetched once and kept on the user object."""

    day: datetime.date
    valid_until: datetime.datetime
    teams: list[int]
    coaches: list[int]
    conference_clients: list[int]


# A long-lived user object (a chat socket's) fetches its conference reach again after this long;
# a conference's end always ends the reach at once.
WORK_IDS_SECONDS = 60


def _work_ids(user: User) -> _WorkIds:
    """The ids of the teams whose caseloads this user shares, of the coaches he stands in for
    today (messaging.absences) and of the conferences in session he may take part in, in one
    query, so the database can combine the coach and team indexes instead of scanning all
    clients. Only when a conference is in session do its agenda clients cost more queries."""
    now = timezone.now()
    cached = getattr(user, "_work_ids", None)
    if cached is not None and now < cached.valid_until and cached.day == timezone.localdate(now):
        return cached
    rows = (
        Team.objects.filter(members=user, shares_caseloads=True)
        .order_by()
        .annotate(kind=Value("team"))
        .values_list("kind", "id")
    )
    if user.role in STAND_IN_ROLES:
        from werkplein.messaging.absences import absences_stood_in_for

        stand_in = (
            absences_stood_in_for(user, timezone.localdate(now))
            .order_by()
            .annotate(kind=Value("coach"))
            .values_list("kind", "coach_id")
        )
        rows = rows.union(stand_in, all=True)
    if user.role in CASEWORK_ROLES:
        from werkplein.conferences.attendance import conferences_in_session

        in_session = (
            conferences_in_session(user, now)
            .order_by()
            .annotate(kind=Value("conference"))
            .values_list("kind", "id")
        )
        rows = rows.union(in_session, all=True)
    found: dict[str, list] = {"team": [], "coach": [], "conference": []}
    for kind, value in rows:
        found[kind].append(value)
    valid_until = now + datetime.timedelta(seconds=WORK_IDS_SECONDS)
    conference_clients: list[int] = []
    if found["conference"]:
        from werkplein.conferences.attendance import reachable_agenda_client_ids

        conference_clients, ends_at = reachable_agenda_client_ids(
            user, sorted(set(found["conference"])), now
        )
        valid_until = min(valid_until, ends_at or valid_until)
    cached = _WorkIds(
        timezone.localdate(now), valid_until, found["team"], found["coach"], conference_clients
    )
    user._work_ids = cached  # type: ignore[attr-defined]
    return cached


def _shared_team_ids(user: User) -> list[int]:
    """Ids of the teams whose caseloads this user shares."""
    return _work_ids(user).teams


def _stood_in_for_ids(user: User) -> list[int]:
    """Ids of the coaches this user stands in for today."""
    return _work_ids(user).coaches


def conference_client_ids(user: User) -> list[int]:
    """Ids of the clients on the agenda of a case conference the user takes part in right now."""
    if user.role not in CASEWORK_ROLES:
        return []
    return _work_ids(user).conference_clients


def _with_stand_in(user: User, condition: Q) -> Q:
    """During a coach's absence his stand-in also reaches the coach's clients."""
    ids = _stood_in_for_ids(user)
    return condition | Q(coach__in=ids) if ids else condition


def _with_conference(user: User, condition: Q) -> Q:
    ids = conference_client_ids(user)
    return condition | Q(pk__in=ids) if ids else condition


def _paid_by(organisation_id: int | None, today: datetime.date) -> Exists:
    return Exists(
        Benefit.objects.filter(client=OuterRef("pk"), paying_organisation_id=organisation_id)
        .exclude(kind="none")
        .filter(Q(expected_end_on__isnull=True) | Q(expected_end_on__gte=today))
    )


def _applied_to(organisation_id: int | None) -> Exists:
    """An application waiting for this organisation's decision (benefits), also while it is
    back with the coach for a question."""
    from werkplein.benefits.models import OPEN_STATUSES, BenefitApplication

    return Exists(
        BenefitApplication.objects.filter(
            client=OuterRef("pk"),
            paying_organisation_id=organisation_id,
            status__in=OPEN_STATUSES,
        )
    )


def _payer_condition(user: User) -> Q:
    """A back office reaches the clients his organisation pays, or is asked to pay."""
    return Q(_paid_by(user.organisation_id, timezone.localdate())) | Q(
        _applied_to(user.organisation_id)
    )


def _in_open_sample(user: User) -> Exists:
    return Exists(
        QualitySample.clients.through.objects.filter(
            client_id=OuterRef("pk"), qualitysample__reviewer=user, qualitysample__closed_at=None
        )
    )


def reach_condition(user: User, *, with_conference: bool = True) -> Q | None:
    """The condition on Client that says what this user may reach; None means nothing.

    During a case conference its participants also reach the clients on its agenda, to read
    them; `with_conference=False` leaves that out, for whatever changes a dossier or lasts
    beyond the meeting.
    """
    condition = _own_reach_condition(user)
    if condition is None or not with_conference:
        return condition
    return _with_conference(user, condition)


def _own_reach_condition(user: User) -> Q | None:
    if not user.is_authenticated or user.werkplein_id is None or not user.is_active:
        return None
    if user.role == Role.COACH:
        return _with_stand_in(user, Q(coach=user) | Q(team__in=_shared_team_ids(user)))
    if user.role == Role.TEAM_LEAD:
        # Unassigned clients wait for a team lead to give them a coach.
        return _with_stand_in(
            user,
            Q(team__lead=user)
            | Q(coach=user)
            | Q(team__in=_shared_team_ids(user))
            | Q(coach__isnull=True, team__isnull=True),
        )
    if user.role == Role.BACK_OFFICE:
        return _payer_condition(user)
    if user.role == Role.QUALITY_OFFICER:
        return Q(_in_open_sample(user))
    return None


def reachable_clients(user: User, *, with_conference: bool = True) -> QuerySet[Client]:
    """Every client this user may reach, filtered on his Werkplein first."""
    condition = reach_condition(user, with_conference=with_conference)
    if condition is None:
        return Client.objects.none()
    return Client.objects.filter(werkplein_id=user.werkplein_id).filter(condition)


def own_client(user: User) -> Client:
    """The client record of a client's own account: the only dossier a client ever reaches.

    Staff pages never use this; a client reaches nothing through `reachable_clients`.
    """
    if not user.is_authenticated or not user.is_active or user.role != Role.CLIENT:
        raise ClientNotFound()
    client = (
        Client.objects.filter(werkplein_id=user.werkplein_id, user=user)
        .select_related("coach", "municipality")
        .first()
    )
    if client is None:
        raise ClientNotFound()
    return client


def relation_to(user: User, client: Client) -> Relation:
    """How the user stands to a client he reaches; recorded with every read."""
    if client.user_id is not None and client.user_id == user.pk:
        return Relation.SELF
    if client.coach_id == user.pk:
        return Relation.OWN_CASELOAD
    if (
        user.role in STAND_IN_ROLES
        and client.coach_id is not None
        and client.coach_id in _stood_in_for_ids(user)
    ):
        return Relation.STAND_IN
    if client.team_id is not None:
        if client.team_id in _shared_team_ids(user):
            return Relation.TEAM
        if user.role == Role.TEAM_LEAD and client.team.lead_id == user.pk:
            return Relation.TEAM_LEAD
    if user.role == Role.TEAM_LEAD and client.team_id is None and client.coach_id is None:
        # Only an unassigned client waits for any team lead; one with a coach but no team is
        # not his, so a conference read of him must not be logged as team management.
        return Relation.TEAM_LEAD
    if client.pk in conference_client_ids(user) and not _reached_otherwise(user, client):
        return Relation.CONFERENCE
    if user.role == Role.BACK_OFFICE:
        return Relation.BENEFIT_PAYER
    if user.role == Role.QUALITY_OFFICER:
        return Relation.SAMPLE
    return Relation.NONE


def reached_only_through_conference(user: User, client: Client) -> bool:
    """Whether the user reaches this client only because he takes part in a conference in
    session: such reach is for reading (the committee discusses the client), never for
    changing the dossier; a caller deciding a change refuses it."""
    return relation_to(user, client) == Relation.CONFERENCE


def _reached_otherwise(user: User, client: Client) -> bool:
    """Whether a back office user reaches the client as (would-be) payer, conference aside."""
    if user.role != Role.BACK_OFFICE:
        return False
    return Client.objects.filter(pk=client.pk).filter(_payer_condition(user)).exists()
