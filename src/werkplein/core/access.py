"""The one place where it is decided which clients a user may reach, and for what purpose.

Selectors build on `reachable_clients`; nothing else filters client data by role.
"""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
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


def _shared_team_ids(user: User) -> list[int]:
    """Ids of the teams whose caseloads this user shares. A short list, fetched once, so the
    database can combine the coach and team indexes instead of scanning all clients.
    Kept on the user object, which lives for one request."""
    cached = getattr(user, "_shared_team_ids", None)
    if cached is None:
        cached = list(
            Team.objects.filter(members=user, shares_caseloads=True).values_list("id", flat=True)
        )
        user._shared_team_ids = cached  # type: ignore[attr-defined]
    return cached


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
        return Q(coach=user) | Q(team__in=_shared_team_ids(user))
    if user.role == Role.TEAM_LEAD:
        # Unassigned clients wait for a team lead to give them a coach.
        return (
            Q(team__lead=user)
            | Q(coach=user)
            | Q(team__in=_shared_team_ids(user))
            | Q(coach__isnull=True, team__isnull=True)
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
