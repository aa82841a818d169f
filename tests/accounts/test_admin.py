"""The admin site: configuration of one Werkplein by its functional admin, never client data."""

import pytest
from django.contrib import admin

from werkplein.audit.models import AccessEvent
from werkplein.clients.models import (
    Benefit,
    Client,
    CoachAssignment,
    Education,
    FinancialSituation,
    Job,
    Skills,
    Wishes,
)
from werkplein.logbook.models import LogEntry, LogEntryVersion

from ..factories import TeamFactory

TEAMS = "/beheer/accounts/team/"


@pytest.fixture
def functional_admin(world):
    user = world.users["functional_admin"]
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def foreign_team(world):
    return TeamFactory(werkplein=world.foreign_client.werkplein, name="Buurteam Apeldoorn")


def test_functional_admin_opens_the_team_list(world, login, functional_admin):
    response = login(functional_admin).get(TEAMS)

    assert response.status_code == 200


def test_functional_admin_sees_only_his_werkpleins_teams(
    world, login, functional_admin, foreign_team
):
    response = login(functional_admin).get(TEAMS)

    assert {team.name for team in response.context["cl"].result_list} == {"Jongeren", "45-plus"}
    assert "Buurteam Apeldoorn" not in response.content.decode()


def test_functional_admin_cannot_open_a_foreign_team(world, login, functional_admin, foreign_team):
    response = login(functional_admin).get(f"{TEAMS}{foreign_team.pk}/change/")

    assert response.status_code in (302, 404)
    assert "Buurteam Apeldoorn" not in response.content.decode()


def test_functional_admin_sees_only_his_werkpleins_users(world, login, functional_admin):
    response = login(functional_admin).get("/beheer/accounts/user/")

    usernames = {user.username for user in response.context["cl"].result_list}
    assert "coach" in usernames
    assert "foreign_coach" not in usernames


def test_coach_cannot_use_the_admin(world, login):
    response = login(world.users["coach"]).get(TEAMS)

    assert response.status_code == 302
    assert "Jongeren" not in response.content.decode()


@pytest.mark.parametrize(
    "model",
    [
        Client,
        Education,
        FinancialSituation,
        Skills,
        Wishes,
        Job,
        Benefit,
        CoachAssignment,
        LogEntry,
        LogEntryVersion,
        AccessEvent,
    ],
)
def test_admin_has_no_client_data(model):
    assert model not in admin.site._registry
