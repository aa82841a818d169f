"""The system's coach proposal and the team lead's confirmation or override."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from tests.factories import TeamFactory
from werkplein.allocation import services
from werkplein.allocation.models import CoachProposal, ProposalStatus
from werkplein.allocation.notices import PROPOSAL_WAITING
from werkplein.clients.models import Client, CoachAssignment, Segment
from werkplein.logbook.models import LogEntry, Visibility
from werkplein.notifications.models import (
    Channel,
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
    OutgoingMessage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world, make_coach, give_clients):
    """Jongeren with two coaches: `coach` fuller than `teammate`, both with target 10."""
    t = world.team_shared
    for name, n in (("coach", 6), ("teammate", 2)):
        user = world.users[name]
        user.target_caseload = 10
        user.save(update_fields=["target_caseload"])
        give_clients(user, t, Segment.SUPPORT, n)
    return t


def _propose(world, client, team=None):
    return services.propose_coach(
        actor=world.users["coach"], client=client, team=team or world.team_shared
    )


def test_propose_picks_the_most_free_capacity_and_stores_the_figures(world, team, new_client):
    client = new_client()
    proposal = _propose(world, client)

    assert proposal.status == ProposalStatus.OPEN
    assert proposal.proposed_coach == world.users["teammate"]
    figures = {f["coach_id"]: f for f in proposal.figures}
    # The world's own clients count too: coach has 6 + 2, teammate 2 + 1.
    assert figures[world.users["teammate"].pk]["clients"] == 3
    assert figures[world.users["coach"].pk]["clients"] == 8
    assert figures[world.users["coach"].pk]["weighted_load"] == "8"
    assert figures[world.users["coach"].pk]["free_capacity"] == "2"
    entry = LogEntry.objects.get(client=client)
    assert entry.visibility == Visibility.INTERNAL
    assert "Coach voorgesteld" in entry.text


def test_propose_notifies_the_team_lead_through_the_outbox(world, team, new_client):
    proposal = _propose(world, new_client())
    message = OutgoingMessage.objects.get(notice=PROPOSAL_WAITING)
    assert message.recipient_user == world.users["team_lead"]
    assert message.params == {"proposal_id": proposal.pk}


def _lead_chooses(world, channel: str) -> None:
    lead = world.users["team_lead"]
    NotificationPreference.objects.create(user=lead, kind=NotificationKind.WORK, channel=channel)
    NotificationSettings.objects.create(user=lead, mobile="+31612345678")


def test_a_lead_who_chose_sms_for_work_hears_of_the_proposal_by_sms(world, team, new_client):
    _lead_chooses(world, Channel.SMS)
    _propose(world, new_client())
    message = OutgoingMessage.objects.get(notice=PROPOSAL_WAITING)
    assert (message.channel, message.recipient) == (Channel.SMS, "+31612345678")


def test_a_lead_who_chose_no_notice_for_work_gets_none(world, team, new_client):
    _lead_chooses(world, "none")
    proposal = _propose(world, new_client())
    assert proposal.status == ProposalStatus.OPEN  # his dashboard still shows it
    assert not OutgoingMessage.objects.filter(notice=PROPOSAL_WAITING).exists()


@pytest.mark.parametrize(
    "change", [{"is_active": False}, {"email": ""}], ids=["inactive", "no-email"]
)
def test_a_lead_who_cannot_be_reached_gets_no_notice_but_the_proposal_stands(
    world, team, new_client, change
):
    type(world.users["team_lead"]).objects.filter(pk=world.users["team_lead"].pk).update(**change)
    proposal = _propose(world, new_client())
    assert proposal.status == ProposalStatus.OPEN
    assert not OutgoingMessage.objects.filter(notice=PROPOSAL_WAITING).exists()


def test_a_new_proposal_cancels_the_open_one(world, team, new_client):
    client = new_client()
    first = _propose(world, client)
    second = _propose(world, client)
    first.refresh_from_db()
    assert first.status == ProposalStatus.CANCELLED
    assert second.status == ProposalStatus.OPEN
    assert CoachProposal.objects.filter(client=client, status=ProposalStatus.OPEN).count() == 1


def test_empty_team_gets_a_proposal_without_coach(world, new_client):
    empty = TeamFactory(werkplein=world.uwv.werkplein, lead=world.users["other_lead"])
    client = new_client(team=empty)
    proposal = _propose(world, client, empty)
    assert proposal.proposed_coach is None
    assert proposal.figures == []
    assert "Geen coach beschikbaar" in LogEntry.objects.get(client=client).text


def test_propose_refuses_a_team_of_another_werkplein(world, new_client):
    foreign_team = TeamFactory()
    with pytest.raises(ValidationError):
        _propose(world, new_client(), foreign_team)


def test_confirm_assigns_the_proposed_coach(world, team, new_client):
    client = new_client(team=None)
    proposal = _propose(world, client)
    lead = world.users["team_lead"]

    decided = services.confirm_proposal(actor=lead, proposal=proposal)

    assert decided.status == ProposalStatus.CONFIRMED
    assert (decided.decided_by, decided.chosen_coach) == (lead, world.users["teammate"])
    assert decided.decided_at is not None
    client.refresh_from_db()
    assert (client.coach, client.team) == (world.users["teammate"], world.team_shared)
    assignment = CoachAssignment.objects.get(client=client)
    assert (assignment.coach, assignment.assigned_by) == (world.users["teammate"], lead)
    assert assignment.reason == "Voorstel bevestigd"
    assert assignment.ended_at is None
    visible = LogEntry.objects.get(client=client, visibility=Visibility.CLIENT)
    assert visible.text.startswith("Uw werkcoach is ")
    assert str(world.users["teammate"]) in visible.text


def test_confirm_tells_the_new_coach(world, team, new_client, django_capture_on_commit_callbacks):
    proposal = _propose(world, new_client())
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_proposal(actor=world.users["team_lead"], proposal=proposal)
    assert OutgoingMessage.objects.filter(
        notice="clients.new_coach", recipient_user=world.users["teammate"]
    ).exists()


def test_override_needs_a_reason_and_a_coach_of_the_team(world, team, new_client):
    proposal = _propose(world, new_client())
    lead = world.users["team_lead"]
    with pytest.raises(ValidationError) as no_reason:
        services.override_proposal(
            actor=lead, proposal=proposal, coach_id=world.users["coach"].pk, reason="  "
        )
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(ValidationError) as outsider:
        services.override_proposal(
            actor=lead, proposal=proposal, coach_id=world.users["other_coach"].pk, reason="Taal"
        )
    assert "coach" in outsider.value.message_dict
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_override_assigns_the_chosen_coach_with_the_reason(world, team, new_client):
    client = new_client()
    proposal = _propose(world, client)
    lead = world.users["team_lead"]
    decided = services.override_proposal(
        actor=lead, proposal=proposal, coach_id=world.users["coach"].pk, reason="Spreekt Pools"
    )
    assert decided.status == ProposalStatus.OVERRIDDEN
    assert decided.reason == "Spreekt Pools"
    client.refresh_from_db()
    assert client.coach == world.users["coach"]
    assert CoachAssignment.objects.get(client=client).reason == "Spreekt Pools"


def test_a_decision_ends_the_open_assignment(world, team, new_client):
    client = new_client()
    lead = world.users["team_lead"]
    services.confirm_proposal(actor=lead, proposal=_propose(world, client))
    services.override_proposal(
        actor=lead,
        proposal=_propose(world, client),
        coach_id=world.users["coach"].pk,
        reason="Andere coach",
    )
    rows = CoachAssignment.objects.filter(client=client).order_by("started_at", "id")
    assert [r.coach for r in rows] == [world.users["teammate"], world.users["coach"]]
    assert rows[0].ended_at is not None and rows[1].ended_at is None


@pytest.mark.parametrize("name", ["other_lead", "coach", "teammate", "back_office"])
def test_only_the_lead_of_the_proposals_team_decides(world, team, new_client, name):
    proposal = _propose(world, new_client())
    with pytest.raises(PermissionDenied):
        services.confirm_proposal(actor=world.users[name], proposal=proposal)
    with pytest.raises(PermissionDenied):
        services.override_proposal(
            actor=world.users[name], proposal=proposal, coach_id=world.users["coach"].pk, reason="x"
        )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_a_second_decision_changes_nothing(world, team, new_client):
    client = new_client()
    proposal = _propose(world, client)
    lead = world.users["team_lead"]
    stale_copy = CoachProposal.objects.get(pk=proposal.pk)  # the page of the second click
    services.confirm_proposal(actor=lead, proposal=proposal)

    with pytest.raises(services.ProposalClosed) as closed:
        services.override_proposal(
            actor=lead, proposal=stale_copy, coach_id=world.users["coach"].pk, reason="Toch niet"
        )
    assert "al besloten" in closed.value.message
    client.refresh_from_db()
    assert client.coach == world.users["teammate"]
    assert CoachAssignment.objects.filter(client=client).count() == 1


def test_a_cancelled_proposal_cannot_be_decided(world, team, new_client):
    client = new_client()
    old = _propose(world, client)
    _propose(world, client)
    old.refresh_from_db()
    with pytest.raises(services.ProposalClosed) as closed:
        services.confirm_proposal(actor=world.users["team_lead"], proposal=old)
    assert "vervallen" in closed.value.message
    client.refresh_from_db()
    assert client.coach is None


def test_the_losing_request_of_a_race_changes_nothing(world, team, new_client):
    """Both requests read the proposal while open; the decisions then run one after the other,
    as the database serialises them: the conditional update lets exactly one through."""
    client = new_client()
    proposal = _propose(world, client)
    lead = world.users["team_lead"]
    first = CoachProposal.objects.get(pk=proposal.pk)
    second = CoachProposal.objects.get(pk=proposal.pk)
    services.confirm_proposal(actor=lead, proposal=first)
    second.status = ProposalStatus.OPEN  # what the second request saw before the first committed
    with pytest.raises(services.ProposalClosed):
        services.override_proposal(
            actor=lead, proposal=second, coach_id=world.users["coach"].pk, reason="Tegelijk"
        )
    assert Client.objects.get(pk=client.pk).coach == world.users["teammate"]
    assert CoachAssignment.objects.filter(client=client).count() == 1
    assert LogEntry.objects.filter(client=client, visibility=Visibility.CLIENT).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_confirmations_give_one_outcome(world, team, new_client):
    proposal = _propose(world, new_client())
    lead = world.users["team_lead"]
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def decide() -> None:
        copy = CoachProposal.objects.get(pk=proposal.pk)
        barrier.wait()
        try:
            services.confirm_proposal(actor=lead, proposal=copy)
            outcomes.append("confirmed")
        except services.ProposalClosed:
            outcomes.append("closed")
        except Exception as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("confirmed") == 1, outcomes
    assert CoachAssignment.objects.filter(client=proposal.client).count() == 1


def test_confirm_without_proposed_coach_asks_for_a_choice(world, new_client, make_coach):
    empty = TeamFactory(werkplein=world.uwv.werkplein, lead=world.users["team_lead"])
    proposal = _propose(world, new_client(team=empty), empty)
    with pytest.raises(ValidationError) as refused:
        services.confirm_proposal(actor=world.users["team_lead"], proposal=proposal)
    assert "geen coach voorgesteld" in str(refused.value)
    later = make_coach(empty, "nieuw")
    decided = services.override_proposal(
        actor=world.users["team_lead"], proposal=proposal, coach_id=later.pk, reason="Nieuw"
    )
    assert decided.chosen_coach == later


def test_confirm_refuses_a_proposed_coach_who_left(world, team, new_client):
    proposal = _propose(world, new_client())
    teammate = world.users["teammate"]
    teammate.is_active = False
    teammate.save(update_fields=["is_active"])
    with pytest.raises(ValidationError):
        services.confirm_proposal(actor=world.users["team_lead"], proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_a_client_with_a_coach_in_the_team_is_proposed_to_him_again(world, team):
    # coach is fuller than teammate, but he already guides this client.
    proposal = _propose(world, world.own_client)
    assert proposal.proposed_coach == world.users["coach"]
