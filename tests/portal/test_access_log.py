"""Who looked at my file: others' reads of his dossier, never his own, never another client's."""

import pytest

from werkplein.audit.models import AccessEvent

ACCESS = "/mijn/inzage/"


@pytest.fixture
def reads(me, world, login):
    login(world.users["coach"]).get(f"/klanten/{me.pk}/")
    login(world.users["team_lead"]).get(f"/klanten/{me.pk}/?doel=team_management")
    login(world.users["coach"]).get(f"/klanten/{world.own_client.pk}/")


def test_others_reads_are_shown_with_organisation_role_and_purpose(http, reads, world):
    html = http.get(ACCESS).content.decode()

    assert "Gemeente Zutphen" in html  # the coach's organisation
    assert "Werkcoach" in html
    assert "Begeleiding naar werk" in html
    assert "Teamleider" in html
    assert "Teamsturing" in html
    assert "Dossier gelezen" in html
    assert world.users["team_lead"].username not in html.split("<main")[1]
    assert world.users["coach"].get_full_name() not in html


def test_his_own_reads_are_not_listed(http, world, me):
    http.get("/mijn/gegevens/")

    response = http.get(ACCESS)

    assert "Nog niemand anders heeft uw dossier bekeken." in response.content.decode()
    assert AccessEvent.objects.filter(client=me, user=world.users["client"]).exists()


def test_another_clients_events_never_appear(http, world, login):
    login(world.users["other_coach"]).get(f"/klanten/{world.private_team_client.pk}/")

    html = http.get(ACCESS).content.decode()

    assert "Nog niemand anders heeft uw dossier bekeken." in html


def test_staff_names_only_with_the_setting(http, reads, world, settings):
    coach = world.users["coach"]
    hidden = http.get(ACCESS).content.decode()
    settings.WERKPLEIN_SHOW_STAFF_NAMES_TO_CLIENTS = True
    shown = http.get(ACCESS).content.decode()

    assert coach.get_full_name() not in hidden
    assert "Namen van medewerkers tonen wij hier niet" in hidden
    assert coach.get_full_name() in shown


def test_paginated(http, me, world, login):
    coach = login(world.users["coach"])
    for _ in range(27):
        coach.get(f"/klanten/{me.pk}/")

    first = http.get(ACCESS).content.decode()
    second = http.get(ACCESS + "?page=2").content.decode()

    assert "Pagina 1 van 2" in first
    assert "Pagina 2 van 2" in second


def test_query_count_does_not_grow_with_events(
    http, me, world, login, settings, django_assert_max_num_queries
):
    settings.WERKPLEIN_SHOW_STAFF_NAMES_TO_CLIENTS = True
    for user in ("coach", "teammate", "team_lead"):
        for _ in range(4):
            login(world.users[user]).get(f"/klanten/{me.pk}/")

    with django_assert_max_num_queries(14):
        assert http.get(ACCESS).status_code == 200
