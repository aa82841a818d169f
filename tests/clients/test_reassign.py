"""Handing a client to another coach: only by the team lead, with a reason, history kept."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from werkplein.allocation.models import CoachProposal, ProposalStatus
from werkplein.clients.models import Client, CoachAssignment
from werkplein.logbook.models import EntryKind, LogEntry


def _url(client) -> str:
    return f"/klanten/{client.pk}/overdragen/"


@pytest.fixture
def first_assignment(world):
    """The coach has guided his own client for a year."""
    return CoachAssignment.objects.create(
        werkplein=world.own_client.werkplein,
        client=world.own_client,
        coach=world.users["coach"],
        team=world.team_shared,
        assigned_by=world.users["team_lead"],
        reason="Intake",
        started_at=timezone.now() - datetime.timedelta(days=365),
    )


@pytest.fixture
def reassign(world, login, django_capture_on_commit_callbacks):
    def _reassign(user_key="team_lead", client=None, coach_key="teammate", reason="Verlof coach"):
        client = client or world.own_client
        data = {"coach": str(world.users[coach_key].pk), "reason": reason}
        with django_capture_on_commit_callbacks(execute=True):
            return login(world.users[user_key]).post(_url(client), data)

    return _reassign


def test_team_lead_sees_the_reassign_form(world, login):
    response = login(world.users["team_lead"]).get(_url(world.own_client))

    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()


def test_team_lead_reassigns_the_client_to_another_coach(world, reassign, first_assignment):
    response = reassign()

    assert response.status_code == 302
    assert Client.objects.get(pk=world.own_client.pk).coach == world.users["teammate"]


def test_reassignment_keeps_the_earlier_period_in_the_history(world, reassign, first_assignment):
    reassign(reason="Verlof coach")

    earlier, current = CoachAssignment.objects.filter(client=world.own_client).order_by(
        "started_at"
    )
    assert earlier.pk == first_assignment.pk
    assert earlier.coach == world.users["coach"]
    assert earlier.ended_at is not None
    assert current.coach == world.users["teammate"]
    assert current.ended_at is None
    assert current.assigned_by == world.users["team_lead"]
    assert current.reason == "Verlof coach"
    assert current.started_at >= earlier.ended_at


def test_reassignment_is_written_in_the_logbook(world, reassign, first_assignment):
    reassign(reason="Verlof coach")

    entry = LogEntry.objects.get(client=world.own_client)
    assert entry.kind == EntryKind.SYSTEM
    assert entry.author == world.users["team_lead"]
    assert "Coach gewijzigd" in entry.text
    assert str(world.users["teammate"]) in entry.text
    assert "Verlof coach" in entry.text


def test_new_coach_gets_an_email_without_personal_data(world, reassign, first_assignment):
    reassign()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.users["teammate"].email]
    assert f"/klanten/{world.own_client.pk}/" in message.body
    assert world.own_client.last_name not in message.body + message.subject
    assert world.own_client.bsn not in message.body


def test_client_moves_to_the_new_coachs_caseload(world, reassign, login, first_assignment):
    reassign()

    teammate_caseload = login(world.users["teammate"]).get("/klanten/")
    coach_caseload = login(world.users["coach"]).get("/klanten/")

    assert world.own_client in teammate_caseload.context["page"].object_list
    assert world.own_client not in coach_caseload.context["page"].object_list


@pytest.mark.parametrize("reason", ["", "   "])
def test_reassignment_without_a_reason_is_refused(world, reassign, first_assignment, reason):
    response = reassign(reason=reason)

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert Client.objects.get(pk=world.own_client.pk).coach == world.users["coach"]
    assert CoachAssignment.objects.filter(client=world.own_client).count() == 1
    assert not mail.outbox


def test_reassignment_to_the_current_coach_is_refused(world, reassign, first_assignment):
    response = reassign(coach_key="coach")

    assert "Deze coach begeleidt de klant al." in response.content.decode()
    assert CoachAssignment.objects.filter(client=world.own_client).count() == 1


@pytest.mark.parametrize("coach_key", ["back_office", "quality_officer", "client"])
def test_reassignment_to_someone_who_is_no_coach_is_refused(
    world, reassign, first_assignment, coach_key
):
    response = reassign(coach_key=coach_key)

    assert response.status_code == 200
    assert Client.objects.get(pk=world.own_client.pk).coach == world.users["coach"]


def test_other_lead_cannot_reassign_a_jongeren_client(world, reassign, first_assignment):
    response = reassign(user_key="other_lead", coach_key="other_coach")

    assert response.status_code == 404
    assert Client.objects.get(pk=world.own_client.pk).coach == world.users["coach"]
    assert CoachAssignment.objects.filter(client=world.own_client).count() == 1
    assert not mail.outbox


def test_coach_cannot_reassign_his_own_client(world, reassign, first_assignment):
    response = reassign(user_key="coach")

    assert response.status_code == 403
    assert Client.objects.get(pk=world.own_client.pk).coach == world.users["coach"]
    assert not mail.outbox


def test_dossier_offers_reassignment_only_to_the_team_lead(world, login):
    lead_page = login(world.users["team_lead"]).get(f"/klanten/{world.own_client.pk}/")
    coach_page = login(world.users["coach"]).get(f"/klanten/{world.own_client.pk}/")

    assert _url(world.own_client) in lead_page.content.decode()
    assert _url(world.own_client) not in coach_page.content.decode()


def test_reassignment_settles_a_waiting_coach_proposal(world, reassign, first_assignment):
    proposal = CoachProposal.objects.create(
        werkplein=world.own_client.werkplein,
        client=world.own_client,
        team=world.team_shared,
        proposed_coach=world.users["coach"],
    )

    reassign()

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CANCELLED
    assert proposal.decided_by == world.users["team_lead"]
