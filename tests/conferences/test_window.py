"""The access window: participants read the agenda's clients only while the conference is on,
for the purpose "case conference", and every read and refusal is logged."""

import pytest

from werkplein.accounts.models import User
from werkplein.audit.models import AccessEvent, Outcome, Purpose, Relation

pytestmark = pytest.mark.django_db


def dossier_url(client, purpose="case_conference"):
    return f"/klanten/{client.pk}/" + (f"?doel={purpose}" if purpose else "")


def last_event(user):
    return AccessEvent.objects.filter(user=user).order_by("-id").first()


@pytest.mark.parametrize("name", ["teammate", "back_office_uwv"])
def test_participant_reads_agenda_client_during_window(world, cw, in_session, login, name):
    user = world.users[name]
    response = login(user).get(dossier_url(cw.lochem_client))
    assert response.status_code == 200
    event = last_event(user)
    assert event.client_id == cw.lochem_client.pk
    assert event.outcome == Outcome.ALLOWED
    assert event.purpose == Purpose.CASE_CONFERENCE
    assert event.relation == Relation.CONFERENCE


def test_read_without_stated_purpose_is_logged_as_case_conference(world, cw, in_session, login):
    user = world.users["teammate"]
    assert login(user).get(dossier_url(cw.lochem_client, purpose="")).status_code == 200
    event = last_event(user)
    assert (event.purpose, event.relation) == (Purpose.CASE_CONFERENCE, Relation.CONFERENCE)


@pytest.mark.parametrize(
    ("starts_in", "minutes"),
    [(1, 60), (-60, 60), (-61, 60), (-120, 30)],
    ids=["a-minute-before", "at-the-end", "a-minute-after", "long-after"],
)
def test_outside_the_window_the_dossier_is_not_found(world, cw, login, starts_in, minutes):
    conference = cw.conference(starts_in=starts_in, minutes=minutes)
    cw.put_on(conference, cw.lochem_client, world.users["other_coach"])
    user = world.users["teammate"]
    assert login(user).get(dossier_url(cw.lochem_client)).status_code == 404
    event = last_event(user)
    assert event.outcome == Outcome.REFUSED
    assert event.requested_client_id == cw.lochem_client.pk


def test_cancelled_conference_gives_no_reach(world, cw, in_session, login):
    from django.utils import timezone

    in_session.cancelled_at = timezone.now()
    in_session.save()
    assert login(world.users["teammate"]).get(dossier_url(cw.lochem_client)).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["back_office", "team_lead", "coach", "quality_officer", "functional_admin"],
    ids=["member-not-partner", "non-member-lead", "non-member-coach", "quality", "admin"],
)
def test_non_participants_do_not_reach(world, cw, in_session, login, name):
    user = world.users[name]
    assert login(user).get(dossier_url(cw.lochem_client)).status_code == 404
    assert login(user).get(dossier_url(cw.lochem_client, "")).status_code == 404
    assert login(user).get(f"/casusoverleg/{in_session.pk}/").status_code == 404


def test_other_werkplein_does_not_reach_even_as_member(world, cw, in_session, login):
    foreign = User.objects.get(username="foreign_coach")
    cw.series.members.add(foreign)
    assert login(foreign).get(dossier_url(cw.lochem_client)).status_code == 404
    assert login(foreign).get(f"/casusoverleg/{in_session.pk}/").status_code == 404


def test_presenting_coach_attends_and_reaches_the_whole_agenda(world, cw, in_session, login):
    # coach (Zutphen) is no member: presenting his own client makes him a participant.
    cw.put_on(in_session, world.own_client, world.users["coach"])
    coach = world.users["coach"]
    page = login(coach).get(f"/casusoverleg/{in_session.pk}/")
    assert page.status_code == 200
    assert page.context["page"].attendees.count(coach) == 1
    assert world.users["other_coach"] in page.context["page"].attendees
    assert login(coach).get(dossier_url(cw.lochem_client)).status_code == 200
    assert last_event(coach).relation == Relation.CONFERENCE
    # Zutphen is now a partner (own_client): the Zutphen back office member attends too.
    assert world.users["back_office"] in page.context["page"].attendees


def test_case_conference_purpose_refused_for_client_not_on_an_agenda(world, cw, in_session, login):
    user = world.users["coach"]
    assert login(user).get(dossier_url(world.own_client)).status_code == 404
    assert login(user).get(dossier_url(world.own_client, "guidance")).status_code == 200


def test_logbook_api_obeys_the_window(world, cw, login):
    path = f"/api/v1/clients/{cw.lochem_client.pk}/logbook/?purpose=case_conference"
    http = login(world.users["teammate"])
    later = cw.conference(starts_in=5)
    cw.put_on(later, cw.lochem_client, world.users["other_coach"])
    assert http.get(path).status_code == 404
    now = cw.conference(starts_in=-5)
    cw.put_on(now, cw.lochem_client, world.users["other_coach"])
    assert http.get(path).status_code == 200
    assert last_event(world.users["teammate"]).relation == Relation.CONFERENCE


def test_plan_page_obeys_the_window(world, cw, login):
    path = f"/klanten/{cw.lochem_client.pk}/plan/?doel=case_conference"
    http = login(world.users["teammate"])
    past = cw.conference(starts_in=-90)
    cw.put_on(past, cw.lochem_client, world.users["other_coach"])
    assert http.get(path).status_code == 404
    now = cw.conference(starts_in=-5)
    cw.put_on(now, cw.lochem_client, world.users["other_coach"])
    assert http.get(path).status_code == 200


def test_conference_page_links_dossiers_only_in_session(world, cw, login):
    teammate = world.users["teammate"]
    later = cw.conference(starts_in=30)
    cw.put_on(later, cw.lochem_client, world.users["other_coach"])
    page = login(teammate).get(f"/casusoverleg/{later.pk}/")
    assert page.status_code == 200
    content = page.content.decode()
    assert cw.lochem_client.last_name not in content
    assert "Agendapunt 1" in content

    now = cw.conference(starts_in=-1)
    cw.put_on(now, cw.lochem_client, world.users["other_coach"])
    content = login(teammate).get(f"/casusoverleg/{now.pk}/").content.decode()
    assert f"/klanten/{cw.lochem_client.pk}/?doel=case_conference" in content
    assert cw.lochem_client.last_name in content


def test_participant_who_reaches_otherwise_sees_names_before_the_window(world, cw, login):
    later = cw.conference(starts_in=30)
    cw.put_on(later, cw.lochem_client, world.users["other_coach"])
    # other_lead leads the client's team and is a Lochem member.
    content = login(world.users["other_lead"]).get(f"/casusoverleg/{later.pk}/").content.decode()
    assert cw.lochem_client.last_name in content
    assert "?doel=case_conference" not in content


@pytest.mark.parametrize("extra", [1, 5], ids=["one-more", "five-more"])
def test_conference_page_query_count_does_not_grow(
    world, cw, in_session, login, django_assert_max_num_queries, extra
):
    from tests.factories import ClientFactory

    for _n in range(extra):
        client = ClientFactory(
            werkplein=cw.series.werkplein,
            municipality=world.lochem,
            coach=world.users["other_coach"],
        )
        cw.put_on(in_session, client, world.users["other_coach"])
    http = login(world.users["teammate"])
    with django_assert_max_num_queries(22):
        response = http.get(f"/casusoverleg/{in_session.pk}/")
    assert len(response.context["page"].lines) == extra + 1


def test_conference_page_logs_the_read_of_the_agenda_clients(world, cw, in_session, login):
    user = world.users["teammate"]
    assert login(user).get(f"/casusoverleg/{in_session.pk}/").status_code == 200
    event = last_event(user)
    assert (event.action, event.outcome) == ("list", Outcome.ALLOWED)
    assert (event.purpose, event.relation) == (Purpose.CASE_CONFERENCE, Relation.CONFERENCE)
    assert str(cw.lochem_client.pk) in event.detail
