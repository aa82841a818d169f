"""A case conference lets its participants read the agenda's clients, never change them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from werkplein.accounts.models import User
from werkplein.appointments.models import Appointment
from werkplein.audit.models import AccessEvent, Outcome, Relation
from werkplein.audit.services import MAX_SAMPLE_SIZE, draw_sample
from werkplein.clients.selectors import is_within_reach
from werkplein.core.access import reachable_clients
from werkplein.logbook.models import LogEntry
from werkplein.messaging.models import Conversation
from werkplein.messaging.services import start_conversation


def test_a_participant_reads_but_cannot_write_the_logbook(world, cw, in_session, login):
    teammate = world.users["teammate"]  # a participant who reaches the client no other way
    client = cw.lochem_client
    http = login(teammate)
    assert http.get(f"/klanten/{client.pk}/?doel=case_conference").status_code == 200
    entries = LogEntry.objects.filter(client=client).count()

    response = http.post(
        f"/klanten/{client.pk}/logboek/",
        {"text": "Genoteerd tijdens het overleg", "kind": "note", "visibility": "client"},
    )

    assert response.status_code == 403
    assert LogEntry.objects.filter(client=client).count() == entries
    refusal = AccessEvent.objects.filter(user=teammate, outcome=Outcome.REFUSED).latest("id")
    assert refusal.relation == Relation.CONFERENCE
    assert "casusoverleg" in refusal.detail


def test_a_participant_cannot_open_a_section_form(world, cw, in_session, login):
    http = login(world.users["teammate"])
    response = http.get(f"/klanten/{cw.lochem_client.pk}/onderdelen/personal/wijzigen/")
    assert response.status_code == 403


def test_a_participant_may_not_act_on_the_client(world, cw, in_session):
    teammate = world.users["teammate"]
    assert not is_within_reach(teammate, cw.lochem_client)
    # His own team's client stays his to act on, conference or not.
    assert is_within_reach(teammate, world.own_client)


def test_the_presenting_coach_keeps_changing_his_own_client(world, cw, login):
    conference = cw.conference(starts_in=-5)
    cw.put_on(conference, world.own_client, world.users["coach"])
    http = login(world.users["coach"])
    response = http.post(
        f"/klanten/{world.own_client.pk}/logboek/",
        {"text": "Advies van het overleg besproken", "kind": "note", "visibility": "client"},
    )
    assert response.status_code == 302
    assert Appointment.objects.count() == 0  # nothing else was touched
    assert timezone.now() < conference.ends_at + datetime.timedelta(minutes=1)


def test_a_participant_cannot_start_a_conversation_about_the_client(world, cw, in_session, login):
    teammate = world.users["teammate"]
    client = cw.lochem_client
    http = login(teammate)
    url = f"/klanten/{client.pk}/gesprekken/nieuw/"

    assert http.get(url).status_code == 403
    response = http.post(url, {"subject": "Na het overleg", "text": "Hoe gaat het?"})

    assert response.status_code == 403
    assert not Conversation.objects.filter(client=client).exists()
    refusal = AccessEvent.objects.filter(user=teammate, outcome=Outcome.REFUSED).latest("id")
    assert refusal.relation == Relation.CONFERENCE


def test_a_participant_is_no_one_to_add_to_a_conversation(world, cw, in_session):
    conversation = start_conversation(
        actor=world.users["other_coach"], client=cw.lochem_client, subject="Vervolg"
    )
    assert not conversation.participants.filter(pk=world.users["teammate"].pk).exists()
    with pytest.raises(ValidationError):
        start_conversation(
            actor=world.users["other_coach"],
            client=cw.lochem_client,
            subject="Met de commissie",
            participants=[world.users["teammate"]],
        )


def test_a_sample_drawn_during_a_conference_leaves_its_agenda_out(world, cw, in_session):
    lead = world.users["team_lead"]  # UWV: a partner of the agenda client, so he takes part
    cw.series.members.add(lead)
    lead = User.objects.get(pk=lead.pk)
    assert reachable_clients(lead).filter(pk=cw.lochem_client.pk).exists()

    sample = draw_sample(
        actor=lead,
        reviewer=world.users["quality_officer"],
        size=MAX_SAMPLE_SIZE,
        description="Tijdens het overleg",
    )

    drawn = set(sample.clients.values_list("pk", flat=True))
    assert drawn and cw.lochem_client.pk not in drawn
