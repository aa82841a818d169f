"""Putting a client on an agenda and taking him off: the rules, the logbook, the race."""

import pytest
from django.core.exceptions import ValidationError

from tests.bad_input import assert_page_refused
from tests.factories import ClientFactory
from werkplein.audit.models import AccessEvent, Outcome
from werkplein.conferences import services
from werkplein.conferences.models import AgendaItem
from werkplein.logbook.models import LogEntry, Visibility

pytestmark = pytest.mark.django_db

QUESTION = "Is een werkervaringsplaats haalbaar naast de mantelzorg?"


def add(http, conference, client, question=QUESTION):
    return http.post(
        f"/casusoverleg/{conference.pk}/aanmelden/", {"client": client.pk, "question": question}
    )


def test_coach_puts_his_client_on_the_agenda(world, cw, login):
    conference = cw.conference(starts_in=60 * 24)
    coach = world.users["coach"]
    http = login(coach)
    form = http.get(f"/casusoverleg/{conference.pk}/aanmelden/")
    assert form.status_code == 200
    assert world.own_client.last_name in form.content.decode()
    assert world.teammate_client.last_name not in form.content.decode()
    assert add(http, conference, world.own_client).status_code == 302
    item = AgendaItem.objects.get()
    assert (item.client, item.presenter, item.question) == (world.own_client, coach, QUESTION)
    entry = LogEntry.objects.filter(client=world.own_client).latest("id")
    assert entry.visibility == Visibility.INTERNAL
    assert entry.text.startswith("Aangemeld voor casusoverleg Re-integratiecommissie op ")
    assert f"met de vraag: {QUESTION}" in entry.text
    assert AccessEvent.objects.filter(
        user=coach, client=world.own_client, outcome=Outcome.ALLOWED
    ).exists()


def test_question_is_required(world, cw, login):
    conference = cw.conference(starts_in=60)
    response = add(login(world.users["coach"]), conference, world.own_client, question="  ")
    assert response.status_code == 422
    assert "Schrijf de vraag aan het overleg." in assert_page_refused(response)
    assert not AgendaItem.objects.exists()


def test_only_own_caseload(world, cw, login):
    # teammate_client is reachable through the shared team, but not the coach's own.
    conference = cw.conference(starts_in=60)
    response = add(login(world.users["coach"]), conference, world.teammate_client)
    assert response.status_code == 422
    assert_page_refused(response)
    assert not AgendaItem.objects.exists()
    with pytest.raises(ValidationError):
        services.add_to_agenda(
            actor=world.users["coach"],
            conference=conference,
            client=world.teammate_client,
            question=QUESTION,
        )


def test_full_conference_refuses(world, cw, login):
    conference = cw.conference(starts_in=60, max_clients=1)
    cw.put_on(conference, cw.lochem_client, world.users["other_coach"])
    response = add(login(world.users["coach"]), conference, world.own_client)
    assert response.status_code == 422
    assert "Dit casusoverleg is vol." in assert_page_refused(response)
    assert AgendaItem.objects.count() == 1


def test_last_place_is_counted_under_the_lock_not_from_a_stale_page(world, cw):
    # Two coaches load the sign-up page while one place is free; both send it.
    conference = cw.conference(starts_in=60, max_clients=1)
    seen_by_first, seen_by_second = (
        type(conference).objects.get(pk=conference.pk),
        type(conference).objects.get(pk=conference.pk),
    )
    services.add_to_agenda(
        actor=world.users["coach"], conference=seen_by_first, client=world.own_client, question="?"
    )
    with pytest.raises(ValidationError, match="vol"):
        services.add_to_agenda(
            actor=world.users["other_coach"],
            conference=seen_by_second,
            client=cw.lochem_client,
            question="?",
        )
    assert AgendaItem.objects.count() == 1


def test_the_conference_row_is_locked(world, cw, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    conference = cw.conference(starts_in=60)
    with CaptureQueriesContext(connection) as queries:
        services.add_to_agenda(
            actor=world.users["coach"], conference=conference, client=world.own_client, question="?"
        )
    locking = [q["sql"] for q in queries if "conferences_conference" in q["sql"]]
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in sql for sql in locking)
    else:
        assert locking  # SQLite serialises writers itself


@pytest.mark.parametrize(
    ("starts_in", "cancelled", "message"),
    [
        (-5, False, "al begonnen"),
        (-120, False, "al begonnen"),
        (60, True, "geannuleerd"),
    ],
    ids=["started", "past", "cancelled"],
)
def test_started_past_or_cancelled_refuses(world, cw, login, starts_in, cancelled, message):
    from django.utils import timezone

    conference = cw.conference(
        starts_in=starts_in, cancelled_at=timezone.now() if cancelled else None
    )
    response = add(login(world.users["coach"]), conference, world.own_client)
    assert response.status_code == 422
    assert any(message in text for text in assert_page_refused(response))
    assert not AgendaItem.objects.exists()


def test_same_client_twice_refuses(world, cw, login):
    conference = cw.conference(starts_in=60)
    http = login(world.users["coach"])
    assert add(http, conference, world.own_client).status_code == 302
    response = add(http, conference, world.own_client)
    assert response.status_code == 422
    assert "Deze klant staat al op de agenda." in assert_page_refused(response)
    assert AgendaItem.objects.count() == 1


def test_client_out_of_reach_is_not_offered(world, cw, login):
    conference = cw.conference(starts_in=60)
    response = add(login(world.users["coach"]), conference, world.private_team_client)
    assert response.status_code == 422
    assert not AgendaItem.objects.exists()


def test_presenter_takes_the_item_off_before_the_start(world, cw, login):
    conference = cw.conference(starts_in=60)
    http = login(world.users["coach"])
    add(http, conference, world.own_client)
    item = AgendaItem.objects.get()
    assert (
        login(world.users["teammate"])
        .post(f"/casusoverleg/agendapunt/{item.pk}/afmelden/")
        .status_code
        == 404
    )
    assert http.post(f"/casusoverleg/agendapunt/{item.pk}/afmelden/").status_code == 302
    assert not AgendaItem.objects.exists()
    entry = LogEntry.objects.filter(client=world.own_client).latest("id")
    assert entry.text.startswith("Afgemeld voor casusoverleg")
    assert entry.visibility == Visibility.INTERNAL


def test_item_stays_once_the_conference_started(world, cw, login):
    conference = cw.conference(starts_in=-1)
    item = cw.put_on(conference, world.own_client, world.users["coach"])
    response = login(world.users["coach"]).post(
        f"/casusoverleg/agendapunt/{item.pk}/afmelden/", follow=True
    )
    assert "al begonnen" in response.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_list_shows_free_places(world, cw, login):
    conference = cw.conference(starts_in=60, max_clients=3)
    cw.put_on(conference, cw.lochem_client, world.users["other_coach"])
    rows = login(world.users["coach"]).get("/casusoverleg/").context["rows"]
    row = next(r for r in rows if r.conference.pk == conference.pk)
    assert row.free == 2
    assert not row.participates
    rows = login(world.users["teammate"]).get("/casusoverleg/").context["rows"]
    assert next(r for r in rows if r.conference.pk == conference.pk).participates


def test_list_query_count_does_not_grow_with_the_agenda(
    world, cw, login, django_assert_max_num_queries
):
    http = login(world.users["teammate"])
    http.get("/casusoverleg/")  # schedules the series
    for n in range(4):
        conference = cw.conference(starts_in=60 + n)
        client = ClientFactory(
            werkplein=cw.series.werkplein,
            municipality=world.lochem,
            coach=world.users["other_coach"],
        )
        cw.put_on(conference, client, world.users["other_coach"])
    with django_assert_max_num_queries(20):
        assert http.get("/casusoverleg/").status_code == 200
