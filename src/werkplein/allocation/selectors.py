"""Reads of the allocation app: each coach's weighted caseload, the team lead's dashboard and his
coach proposals.

Weights are counted in quarters (work-ready 3, support 4, intensive 6, care first 8), so that
every sum and comparison is exact integer arithmetic; `SEGMENT_WEIGHTS` gives them as Decimals.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from werkplein.accounts.models import Role, Team, User
from werkplein.allocation.models import CoachProposal, ProposalStatus
from werkplein.audit.models import Action, Outcome, Purpose, Relation
from werkplein.audit.services import record_access
from werkplein.clients.models import Client, Segment
from werkplein.core.access import reachable_clients
from werkplein.core.http import parse_id
from werkplein.messaging.models import Absence

SEGMENT_WEIGHTS: dict[str, Decimal] = {
    Segment.WORK_READY: Decimal("0.75"),
    Segment.SUPPORT: Decimal("1.0"),
    Segment.INTENSIVE: Decimal("1.5"),
    Segment.CARE_FIRST: Decimal("2.0"),
}
QUARTERS: dict[str, int] = {segment: int(w * 4) for segment, w in SEGMENT_WEIGHTS.items()}
DEFAULT_QUARTERS = QUARTERS[Segment.SUPPORT]  # a segment unknown to the weights counts as 1.0


def _quarters(value: int) -> Decimal:
    return Decimal(value) / 4


@dataclass
class CoachLoad:
    """One coach's caseload weighed by segment, against his target caseload."""

    coach_id: int
    name: str
    team_id: int
    target: int
    clients: int
    load_quarters: int  # the weighted load, in quarters
    per_segment: dict[str, int]
    overdue: int = 0  # clients whose next contact was due before today
    absent: bool = False  # on leave today (messaging.absences)
    pending: int = 0  # open proposals naming him, not yet decided by the team lead
    pending_quarters: int = 0

    @property
    def weighted_load(self) -> Decimal:
        return _quarters(self.load_quarters)

    @property
    def free_capacity(self) -> Decimal:
        """Target minus weighted load (negative when he is over his target)."""
        return Decimal(self.target) - self.weighted_load

    @property
    def committed_quarters(self) -> int:
        """The weighted load including the clients proposed to him and still undecided."""
        return self.load_quarters + self.pending_quarters

    @property
    def fullness(self) -> Fraction | None:
        """Committed weighted load relative to target; None for a coach without a target."""
        if self.target <= 0:
            return None
        return Fraction(self.committed_quarters, 4 * self.target)

    @property
    def percent(self) -> int:
        """Weighted load as a whole percentage of the target (for the bar; 0 without target)."""
        if self.target <= 0:
            return 0
        return round(Fraction(self.load_quarters * 100, 4 * self.target))

    @property
    def segments(self) -> list[tuple[str, int]]:
        return [(segment, self.per_segment.get(segment, 0)) for segment in Segment.values]

    @property
    def labelled_segments(self) -> list[tuple[str, int]]:
        return [(label, self.per_segment.get(segment, 0)) for segment, label in Segment.choices]

    def figures(self) -> dict:
        """What the team lead is shown of this coach with a proposal (stored as JSON)."""
        return {
            "coach_id": self.coach_id,
            "name": self.name,
            "clients": self.clients,
            "weighted_load": str(self.weighted_load),
            "target": self.target,
            "free_capacity": str(self.free_capacity),
            "percent": self.percent,
            "pending": self.pending,
            "per_segment": dict(self.segments),
        }


def rank_key(load: CoachLoad) -> tuple:
    """The order of preference: the least full relative to his target (weighted load, open
    proposals included), then the fewest clients, then the lowest id. Coaches without a target
    come last."""
    fullness = load.fullness
    return (fullness is None, fullness or 0, load.clients + load.pending, load.coach_id)


def choose_coach(loads: list[CoachLoad]) -> CoachLoad | None:
    """The coach to propose among the available ones; None when there is none."""
    return min(loads, key=rank_key) if loads else None


def _weight_of(prefix: str) -> Case:
    return Case(
        *[When(**{prefix + "segment": s}, then=Value(q)) for s, q in QUARTERS.items()],
        default=Value(DEFAULT_QUARTERS),
        output_field=IntegerField(),
    )


def _absent_on(day: datetime.date) -> Exists:
    return Exists(
        Absence.objects.filter(
            werkplein_id=OuterRef("werkplein_id"),
            coach=OuterRef("pk"),
            cancelled_at=None,
            starts_on__lte=day,
            ends_on__gte=day,
        )
    )


def _loads(werkplein_id: int, team_ids: list[int], day: datetime.date) -> list[CoachLoad]:
    """The active coaches of these teams with their weighted caseloads: one query for the
    caseloads (grouped by coach and team, with today's absence), one for the open proposals."""
    if not team_ids:
        return []
    own = Q(caseload__werkplein_id=werkplein_id)
    segment_counts = {
        f"n_{s}": Count("caseload", filter=own & Q(caseload__segment=s)) for s in Segment.values
    }
    rows = (
        User.objects.filter(
            werkplein_id=werkplein_id,
            role=Role.COACH,
            is_active=True,
            teams__in=team_ids,
        )
        .values("id", "first_name", "last_name", "username", "target_caseload")
        .annotate(
            team_id=F("teams__id"),
            absent=_absent_on(day),
            clients=Count("caseload", filter=own),
            load=Coalesce(Sum(_weight_of("caseload__"), filter=own), 0),
            overdue=Count("caseload", filter=own & Q(caseload__next_contact_due__lt=day)),
            **segment_counts,
        )
        .order_by("team_id", "last_name", "first_name", "id")
    )
    loads = [
        CoachLoad(
            coach_id=row["id"],
            name=" ".join(p for p in (row["first_name"], row["last_name"]) if p) or row["username"],
            team_id=row["team_id"],
            target=row["target_caseload"],
            clients=row["clients"],
            load_quarters=row["load"],
            per_segment={s: row[f"n_{s}"] for s in Segment.values},
            overdue=row["overdue"],
            absent=bool(row["absent"]),
        )
        for row in rows
    ]
    if loads:
        pending = (
            CoachProposal.objects.filter(
                werkplein_id=werkplein_id,
                status=ProposalStatus.OPEN,
                proposed_coach__in={load.coach_id for load in loads},
            )
            .order_by()
            .values("proposed_coach")
            .annotate(n=Count("id"), q=Sum(_weight_of("client__")))
        )
        by_coach = {row["proposed_coach"]: row for row in pending}
        for load in loads:
            row = by_coach.get(load.coach_id)
            if row:
                load.pending, load.pending_quarters = row["n"], row["q"] or 0
    return loads


def coach_loads(team: Team) -> list[CoachLoad]:
    """The coaches of the team who can take a client today (active, not on leave), with their
    weighted caseload against their target. Two queries whatever the size of the team."""
    day = timezone.localdate()
    return [load for load in _loads(team.werkplein_id, [team.pk], day) if not load.absent]


def team_loads(team: Team) -> list[CoachLoad]:
    """Every active coach of the team with his weighted caseload, those on leave included."""
    return _loads(team.werkplein_id, [team.pk], timezone.localdate())


def stored_figures(proposal: CoachProposal) -> list[dict]:
    """The figures stored with the proposal, as shown to the team lead when it was made."""
    labels = dict(Segment.choices)
    rows = []
    for figure in proposal.figures if isinstance(proposal.figures, list) else []:
        if not isinstance(figure, dict):
            continue
        per_segment = figure.get("per_segment") or {}
        rows.append(
            {
                **figure,
                "weighted_load": Decimal(str(figure.get("weighted_load", "0"))),
                "free_capacity": Decimal(str(figure.get("free_capacity", "0"))),
                "segments": [(labels[s], per_segment.get(s, 0)) for s in Segment.values],
                "proposed": figure.get("coach_id") == proposal.proposed_coach_id,
            }
        )
    return rows


# --- the team lead's dashboard -------------------------------------------------------------------


@dataclass
class TeamFigures:
    team: Team
    loads: list[CoachLoad] = field(default_factory=list)

    def _total(self, attribute: str) -> int:
        return sum(getattr(load, attribute) for load in self.loads)

    @property
    def clients(self) -> int:
        return self._total("clients")

    @property
    def overdue(self) -> int:
        return self._total("overdue")

    @property
    def target(self) -> int:
        return self._total("target")

    @property
    def weighted_load(self) -> Decimal:
        return _quarters(self._total("load_quarters"))

    @property
    def labelled_segments(self) -> list[tuple[str, int]]:
        return [
            (label, sum(load.per_segment.get(segment, 0) for load in self.loads))
            for segment, label in Segment.choices
        ]


def led_teams(user: User) -> QuerySet[Team]:
    if not user.is_authenticated or user.role != Role.TEAM_LEAD or not user.is_active:
        return Team.objects.none()
    return Team.objects.filter(werkplein_id=user.werkplein_id, lead=user).order_by("name", "id")


def _team_figures(user: User) -> list[TeamFigures]:
    """Per team the user leads, each coach's caseload (absent coaches included and marked).
    Three queries however many teams, coaches and clients."""
    teams = list(led_teams(user))
    figures = {team.pk: TeamFigures(team) for team in teams}
    for load in _loads(user.werkplein_id, list(figures), timezone.localdate()):
        figures[load.team_id].loads.append(load)
    return list(figures.values())


def _unassigned(user: User) -> QuerySet[Client]:
    open_proposals = CoachProposal.objects.filter(
        client=OuterRef("pk"), status=ProposalStatus.OPEN
    ).order_by("-id")
    return (
        reachable_clients(user)
        .filter(coach__isnull=True)
        .filter(Q(team__isnull=True) | Q(team__lead=user))
        .annotate(
            proposal_id=Subquery(open_proposals.values("id")[:1]),
            proposal_team_lead_id=Subquery(open_proposals.values("team__lead_id")[:1]),
            proposed_first_name=Subquery(open_proposals.values("proposed_coach__first_name")[:1]),
            proposed_last_name=Subquery(open_proposals.values("proposed_coach__last_name")[:1]),
        )
        .select_related("team")
        .order_by("created_at", "id")
    )


@dataclass
class Dashboard:
    teams: list[TeamFigures]
    unassigned: QuerySet[Client]  # paginate it


def team_dashboard(user: User) -> Dashboard:
    """The team lead's dashboard: per team he leads each coach's caseload against target, and
    the clients without a coach in his teams plus those without team and coach (any team lead
    may take those up; core.access), each with his open proposal. One access-log entry (a list
    read) for the whole page."""
    dashboard = Dashboard(_team_figures(user), _unassigned(user))
    record_access(
        user=user,
        action=Action.LIST,
        outcome=Outcome.ALLOWED,
        relation=Relation.TEAM_LEAD,
        purpose=Purpose.TEAM_MANAGEMENT,
        detail="teamoverzicht: caseload per coach en klanten zonder coach",
    )
    return dashboard


# --- proposals -----------------------------------------------------------------------------------


def proposal_for(user: User, proposal_id: int | str) -> CoachProposal:
    """A proposal of a team the user leads, with its client; once decided, only while he still
    reaches the client. Anything else is a 404. The read of the client's name and figures is
    logged."""
    pk = parse_id(proposal_id)
    if not user.is_authenticated or user.role != Role.TEAM_LEAD or not user.is_active:
        raise Http404
    proposal = (
        CoachProposal.objects.filter(
            werkplein_id=user.werkplein_id, team__lead=user, team__werkplein_id=user.werkplein_id
        )
        .select_related("client", "team", "proposed_coach", "chosen_coach", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404
    # A decided proposal is history of a client the lead may since have handed to another
    # team: he reads it only while he still reaches the client.
    if (
        proposal.status != ProposalStatus.OPEN
        and not reachable_clients(user).filter(pk=proposal.client_id).exists()
    ):
        raise Http404
    record_access(
        user=user,
        client=proposal.client,
        action=Action.READ,
        outcome=Outcome.ALLOWED,
        relation=Relation.TEAM_LEAD,
        purpose=Purpose.TEAM_MANAGEMENT,
        detail="coachvoorstel",
    )
    return proposal


def team_coaches(team: Team) -> QuerySet[User]:
    """The coaches the team lead may choose for a client of this team: its active coaches."""
    return User.objects.filter(
        werkplein_id=team.werkplein_id, role=Role.COACH, is_active=True, teams=team
    ).order_by("last_name", "first_name", "id")


def open_proposal_of(user: User, client: Client) -> CoachProposal | None:
    """The open proposal of a client the user has just reached, for the dossier card (one
    query)."""
    return (
        CoachProposal.objects.filter(
            werkplein_id=user.werkplein_id, client=client, status=ProposalStatus.OPEN
        )
        .select_related("team", "proposed_coach")
        .first()
    )
