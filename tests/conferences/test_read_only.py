"""A case conference lets its participants read the agenda's clients, never change them."""

import datetime

from django.utils import timezone

from werkplein.appointments.models import Appointment
from werkplein.audit.models import AccessEvent, Outcome, Relation
from werkplein.clients.selectors import is_within_reach
from werkplein.logbook.models import LogEntry


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
