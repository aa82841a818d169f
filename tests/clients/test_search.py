"""Searching clients by name, BSN or date of birth: only clients within reach, always logged."""

import datetime

import pytest

from tests.factories import UNGENERATED_SURNAME
from werkplein.audit.models import AccessEvent, Action
from werkplein.clients.models import Client


def _found(response) -> set[int]:
    return {client.pk for client in response.context["page"].object_list}


@pytest.fixture
def namesakes(world):
    """The coach's own client and another team's client share a surname."""
    for client in (world.own_client, world.private_team_client):
        Client.objects.filter(pk=client.pk).update(last_name=UNGENERATED_SURNAME, first_name="Jan")
    return world.own_client, world.private_team_client


def test_search_by_name_prefix_finds_the_client(world, login, namesakes):
    response = login(world.users["coach"]).get("/klanten/zoeken/", {"q": "brouw"})

    assert response.status_code == 200
    assert world.own_client.pk in _found(response)


def test_search_by_name_does_not_find_another_teams_namesake(world, login, namesakes):
    response = login(world.users["coach"]).get("/klanten/zoeken/", {"q": UNGENERATED_SURNAME})

    assert _found(response) == {world.own_client.pk}


def test_search_by_bsn_finds_exactly_that_client(world, login):
    response = login(world.users["coach"]).get("/klanten/zoeken/", {"q": world.own_client.bsn})

    assert _found(response) == {world.own_client.pk}


def test_search_by_part_of_a_bsn_finds_nothing(world, login):
    partial = world.own_client.bsn[:8]

    response = login(world.users["coach"]).get("/klanten/zoeken/", {"q": partial})

    assert world.own_client.pk not in _found(response)


def test_search_by_bsn_of_a_client_out_of_reach_finds_nothing(world, login):
    response = login(world.users["coach"]).get(
        "/klanten/zoeken/", {"q": world.private_team_client.bsn}
    )

    assert _found(response) == set()
    assert "Geen klanten gevonden" in response.content.decode()


def test_search_by_date_of_birth_in_dutch_notation(world, login):
    born = datetime.date(1990, 3, 15)
    Client.objects.filter(pk=world.own_client.pk).update(date_of_birth=born)
    Client.objects.filter(pk=world.private_team_client.pk).update(date_of_birth=born)

    response = login(world.users["coach"]).get("/klanten/zoeken/", {"q": "15-03-1990"})

    assert _found(response) == {world.own_client.pk}


def test_back_office_finds_only_clients_whose_benefit_his_organisation_pays(
    world, login, namesakes
):
    response = login(world.users["back_office"]).get("/klanten/zoeken/", {"q": UNGENERATED_SURNAME})

    assert _found(response) == {world.own_client.pk}


def test_search_never_finds_a_client_of_another_werkplein(world, login):
    response = login(world.users["coach"]).get("/klanten/zoeken/", {"q": world.foreign_client.bsn})

    assert _found(response) == set()


@pytest.mark.parametrize("query", [UNGENERATED_SURNAME, "15-03-1990", "123456782"])
def test_each_search_is_written_to_the_access_log(world, login, namesakes, query):
    coach = world.users["coach"]
    http = login(coach)

    http.get("/klanten/zoeken/", {"q": query})
    http.get("/klanten/zoeken/", {"q": query})

    searches = AccessEvent.objects.filter(user=coach, action=Action.SEARCH)
    assert searches.count() == 2
    assert all(query in event.detail for event in searches)
    assert all(event.request_id for event in searches)
