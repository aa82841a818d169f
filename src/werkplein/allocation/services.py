"""Writes of the allocation app: the system's coach proposal after an intake, and the team lead's
confirmation or override of it. Each in one transaction, with its logbook entry."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkplein.accounts.models import Team, User
from werkplein.allocation import notices, selectors
from werkplein.allocation.models import CoachProposal, ProposalStatus
from werkplein.clients import services as client_services
from werkplein.clients.models import Client, CoachAssignment
from werkplein.clients.tasks import notify_new_coach
from werkplein.logbook import services as logbook_services
from werkplein.logbook.models import EntryKind, Visibility
from werkplein.notifications.models import NotificationKind
from werkplein.notifications.services import notify

CONFIRMED_REASON = gettext_lazy("Voorstel bevestigd")


class ProposalClosed(Exception):
    """The proposal was decided or replaced meanwhile; `message` says so in Dutch."""

    def __init__(self, proposal: CoachProposal) -> None:
        self.proposal = proposal
        if proposal.status == ProposalStatus.CANCELLED:
            message = _(
                "Dit voorstel is vervallen: er is een nieuwer voorstel voor deze klant. "
                "Er is niets gewijzigd."
            )
        else:
            message = _("Over dit voorstel is al besloten (%(status)s). Er is niets gewijzigd.") % {
                "status": proposal.get_status_display().lower()
            }
        super().__init__(message)
        self.message = message


def _tell_team_lead(proposal: CoachProposal, lead: User) -> None:
    """Queues the notice in the outbox, in the same transaction as the proposal, by the channel
    the lead chose for work waiting for him. Without an address the dashboard still shows it."""
    notify(
        user=lead,
        kind=NotificationKind.WORK,
        notice=notices.PROPOSAL_WAITING,
        params={"proposal_id": proposal.pk},
    )


@transaction.atomic
def propose_coach(*, actor: User, client: Client, team: Team) -> CoachProposal:
    """Proposes the available coach of `team` with the most free weighted capacity relative to
    his target (selectors.rank_key) for the team lead to decide; the client's own coach when he
    has one available in this team. Replaces the client's open
    proposal; `proposed_coach` stays empty when the team has no coach available today. Called
    inside the intake's transaction; the figures shown to the team lead are stored with it."""
    if team.werkplein_id != client.werkplein_id:
        raise ValidationError({"team": [_("Kies een team van dit Werkplein.")]})
    now = timezone.now()
    CoachProposal.objects.cancel_open(client, at=now)
    loads = selectors.coach_loads(team)
    # One coach from intake to work: a client who already has an available coach in this team
    # is proposed to him again, whatever the loads.
    chosen = next((x for x in loads if x.coach_id == client.coach_id), None) or (
        selectors.choose_coach(loads)
    )
    proposal = CoachProposal.objects.create(
        werkplein_id=client.werkplein_id,
        client=client,
        team=team,
        proposed_coach_id=chosen.coach_id if chosen else None,
        figures=[load.figures() for load in loads],
    )
    if chosen is None:
        text = _("Geen coach beschikbaar in team %(team)s: de teamleider kiest een coach.") % {
            "team": team.name
        }
    else:
        text = _(
            "Coach voorgesteld: %(coach)s (team %(team)s, gewogen caseload %(load)s van "
            "%(target)s). Wacht op de teamleider."
        ) % {
            "coach": chosen.name,
            "team": team.name,
            "load": chosen.weighted_load,
            "target": chosen.target,
        }
    logbook_services.add_system_entry(actor=actor, client=client, text=text)
    lead = User.objects.filter(pk=team.lead_id).first()
    if lead is not None:
        _tell_team_lead(proposal, lead)
    return proposal


def _close(proposal: CoachProposal, *, actor: User, status: str, coach: User, reason: str):
    """Marks the open proposal decided; exactly one of two simultaneous decisions gets here."""
    now = timezone.now()
    closed = CoachProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.OPEN).update(
        status=status,
        decided_by=actor,
        decided_at=now,
        chosen_coach=coach,
        reason=reason,
        updated_at=now,
    )
    if not closed:
        proposal.refresh_from_db()
        raise ProposalClosed(proposal)
    return now


def _check_decider(actor: User, proposal: CoachProposal) -> None:
    if not actor.has_perm("allocation.decide_proposal", proposal):
        raise PermissionDenied
    if proposal.status != ProposalStatus.OPEN:
        raise ProposalClosed(proposal)


def _lock_unassigned_client(proposal: CoachProposal) -> Client:
    """Locks and returns the proposal's client; refuses the decision when the client got a coach
    after the proposal was made (say the lead reassigned him from the dossier): deciding would
    silently undo that assignment."""
    client = (
        Client.objects.select_for_update(of=("self",))
        .select_related("coach")
        .get(pk=proposal.client_id)
    )
    if CoachAssignment.objects.filter(client=client, started_at__gt=proposal.created_at).exists():
        raise ValidationError(
            {
                "coach": [
                    _(
                        "%(client)s heeft sinds dit voorstel al een coach gekregen: %(coach)s. "
                        "Er is niets gewijzigd."
                    )
                    % {"client": client.full_name, "coach": client.coach or "—"}
                ]
            }
        )
    return client


def _team_coach(proposal: CoachProposal, coach_id: int | None, field: str) -> User:
    coach = (
        selectors.team_coaches(proposal.team).filter(pk=coach_id).first()
        if coach_id is not None
        else None
    )
    if coach is None:
        raise ValidationError(
            {field: [_("Kies een actieve coach van team %(team)s.") % {"team": proposal.team.name}]}
        )
    return coach


def _decide(
    proposal: CoachProposal, *, actor: User, status: str, coach: User, reason: str
) -> CoachProposal:
    """Closes the proposal as `status` and makes `coach` the client's coach from now on."""
    when = _close(proposal, actor=actor, status=status, coach=coach, reason=reason)
    client = _lock_unassigned_client(proposal)
    team = proposal.team
    client_services.assign_coach(
        client=client, coach=coach, team=team, actor=actor, reason=reason, at=when
    )
    logbook_services.record_event(
        actor=actor,
        client=client,
        text=_("Uw werkcoach is %(coach)s (team %(team)s).") % {"coach": coach, "team": team},
        kind=EntryKind.DECISION,
        visibility=Visibility.CLIENT,
    )
    client_id, coach_id = client.pk, coach.pk
    transaction.on_commit(
        lambda: notify_new_coach.enqueue(client_id=client_id, coach_id=coach_id), robust=True
    )
    proposal.refresh_from_db()
    return proposal


@transaction.atomic
def confirm_proposal(*, actor: User, proposal: CoachProposal) -> CoachProposal:
    """The team lead confirms the proposed coach: the client's coach from now on."""
    _check_decider(actor, proposal)
    if proposal.proposed_coach_id is None:
        raise ValidationError(
            {"coach": [_("Er is geen coach voorgesteld: kies zelf een coach en geef een reden.")]}
        )
    coach = _team_coach(proposal, proposal.proposed_coach_id, "coach")
    reason = str(CONFIRMED_REASON)
    return _decide(
        proposal, actor=actor, status=ProposalStatus.CONFIRMED, coach=coach, reason=reason
    )


@transaction.atomic
def override_proposal(
    *, actor: User, proposal: CoachProposal, coach_id: int | None, reason: str
) -> CoachProposal:
    """The team lead chooses another coach of the team than proposed, and says why."""
    _check_decider(actor, proposal)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Geef een reden voor de andere keuze.")]})
    coach = _team_coach(proposal, coach_id, "coach")
    if coach.pk == proposal.proposed_coach_id:
        raise ValidationError(
            {"coach": [_("Dit is de voorgestelde coach: kies 'Voorstel bevestigen'.")]}
        )
    return _decide(
        proposal, actor=actor, status=ProposalStatus.OVERRIDDEN, coach=coach, reason=reason
    )
