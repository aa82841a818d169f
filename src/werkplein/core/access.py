"""The one place where it is decided which clients a user may reach, and for what purpose.

Selectors build on `reachable_clients`; nothing else filters client data by role.
"""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkplein.accounts.models import Role, Team, User
from werkplein.audit.models import Purpose, QualitySample, Relation
from werkplein.clients.models import Benefit, Client

PURPOSES_BY_ROLE: dict[str, tuple[Purpose, ...]] = {
    Role.COACH: (Purpose.GUIDANCE,),
    Role.TEAM_LEAD: (Purpose.TEAM_MANAGEMENT, Purpose.GUIDANCE),
    Role.BACK_OFFICE: (Purpose.BENEFIT,),
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


def _work_ids(user: User) -> tuple[list[int], list[int]]:
    """The ids of the teams whose caseloads this user shares, and of the coaches he stands in
    for today (during their absence, messaging.absences). Two short lists fetched in one query,
    so the database can combine the coach and team indexes instead of scanning all clients.
    Kept on the user object, which lives for one request (and fetched again on another day)."""
    today = timezone.localdate()
    cached = getattr(user, "_work_ids", None)
    if cached is None or cached[0] != today:
        rows = (
            Team.objects.filter(members=user, shares_caseloads=True)
            .order_by()
            .annotate(kind=Value("team"))
            .values_list("kind", "id")
        )
        if user.role in STAND_IN_ROLES:
            from werkplein.messaging.absences import absences_stood_in_for

            stand_in = (
                absences_stood_in_for(user, today)
                .order_by()
                .annotate(kind=Value("coach"))
                .values_list("kind", "coach_id")
            )
            rows = rows.union(stand_in, all=True)
        teams: list[int] = []
        coaches: list[int] = []
        for kind, pk in rows:
            (teams if kind == "team" else coaches).append(pk)
        cached = (today, teams, coaches)
        user._work_ids = cached  # type: ignore[attr-defined]
    return cached[1], cached[2]


def _shared_team_ids(user: User) -> list[int]:
    """Ids of the teams whose caseloads this user shares."""
    return _work_ids(user)[0]


def _stood_in_for_ids(user: User) -> list[int]:
    """Ids of the coaches this user stands in for today."""
    return _work_ids(user)[1]


def _with_stand_in(user: User, condition: Q) -> Q:
    """During a coach's absence his stand-in also reaches the coach's clients."""
    ids = _stood_in_for_ids(user)
    return condition | Q(coach__in=ids) if ids else condition


def _paid_by(organisation_id: int | None, today: datetime.date) -> Exists:
    return Exists(
        Benefit.objects.filter(client=OuterRef("pk"), paying_organisation_id=organisation_id)
        .exclude(kind="none")
        .filter(Q(expected_end_on__isnull=True) | Q(expected_end_on__gte=today))
    )


def _in_open_sample(user: User) -> Exists:
    return Exists(
        QualitySample.clients.through.objects.filter(
            client_id=OuterRef("pk"), qualitysample__reviewer=user, qualitysample__closed_at=None
        )
    )


def reach_condition(user: User) -> Q | None:
    """The condition on Client that says what this user may reach; None means nothing."""
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
        return Q(_paid_by(user.organisation_id, timezone.localdate()))
    if user.role == Role.QUALITY_OFFICER:
        return Q(_in_open_sample(user))
    return None


def reachable_clients(user: User) -> QuerySet[Client]:
    """Every client this user may reach, filtered on his Werkplein first."""
    condition = reach_condition(user)
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
    if user.role == Role.TEAM_LEAD and client.team_id is None:
        return Relation.TEAM_LEAD
    if user.role == Role.BACK_OFFICE:
        return Relation.BENEFIT_PAYER
    if user.role == Role.QUALITY_OFFICER:
        return Relation.SAMPLE
    return Relation.NONE
