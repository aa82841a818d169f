"""The access log through the API: only for the security officer of the Werkplein."""

import datetime

import pytest
from django.utils import timezone

from werkplein.audit.models import AccessEvent, Outcome


@pytest.fixture
def reads(world, api_as):
    """A coach reads his own client, the quality officer his sample, a coach tries a foreign one."""
    api_as(world.users["coach"]).get(f"/clients/{world.own_client.pk}/")
    api_as(world.users["quality_officer"]).get(f"/clients/{world.sampled_client.pk}/")
    api_as(world.users["coach"]).get(f"/clients/{world.foreign_client.pk}/")


URL = "/audit/access-events/"


def test_the_security_officer_reads_the_access_log(world, api_as, reads):
    response = api_as(world.users["security_officer"]).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    newest = body["items"][0]
    assert newest["username"] == "coach"
    assert newest["client_id"] == world.foreign_client.pk
    assert newest["outcome"] == Outcome.REFUSED
    assert {"at", "role", "purpose", "action", "relation", "detail", "request_id"} <= set(newest)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"username": "quality_officer"}, 1),
        ({"username": "COACH"}, 2),
        ({"client_id": "own_client"}, 1),
        ({"organisation_id": "zutphen"}, 2),
        ({"outside_own_work": "true"}, 2),
        ({"outside_own_work": "false"}, 3),
        ({"date_from": "today", "date_to": "today"}, 3),
        ({"date_to": "yesterday"}, 0),
    ],
)
def test_filters(world, api_as, reads, params, expected):
    today = timezone.localdate()
    values = {
        "own_client": world.own_client.pk,
        "zutphen": world.zutphen.pk,
        "today": today.isoformat(),
        "yesterday": (today - datetime.timedelta(days=1)).isoformat(),
    }
    query = {key: values.get(value, value) for key, value in params.items()}
    response = api_as(world.users["security_officer"]).get(URL, **query)
    assert response.status_code == 200, response.content
    assert response.json()["count"] == expected


def test_reads_outside_own_work_are_the_sample_read_and_the_refused_attempt(world, api_as, reads):
    response = api_as(world.users["security_officer"]).get(URL, outside_own_work="true")
    events = {(e["username"], e["relation"], e["outcome"]) for e in response.json()["items"]}
    assert events == {("quality_officer", "sample", "allowed"), ("coach", "none", "refused")}


def test_a_bad_date_is_422(world, api_as):
    response = api_as(world.users["security_officer"]).get(URL, date_from="gisteren")
    assert response.status_code == 422
    assert response.json()["errors"] == {"date_from": ["Vul een geldige datum in (jjjj-mm-dd)."]}


@pytest.mark.parametrize(
    "role", ["coach", "team_lead", "back_office", "quality_officer", "functional_admin", "client"]
)
def test_nobody_else_reads_the_access_log(world, api_as, reads, role):
    response = api_as(world.users[role]).get(URL)
    assert response.status_code == 403
    assert response.json() == {"detail": "U heeft geen toegang tot deze functie."}


def test_pages_with_a_constant_number_of_queries(world, api_as, django_assert_max_num_queries):
    api = api_as(world.users["security_officer"])
    coach_api = api_as(world.users["coach"])
    coach_api.get(f"/clients/{world.own_client.pk}/")
    with django_assert_max_num_queries(7):
        api.get(URL)
    for _ in range(60):
        coach_api.get(f"/clients/{world.own_client.pk}/")
    with django_assert_max_num_queries(7):
        response = api.get(URL)
    assert response.json()["count"] == 61
    assert len(response.json()["items"]) == 50


def test_events_of_another_werkplein_are_not_shown(world, api_as, login):
    from tests.factories import UserFactory
    from werkplein.accounts.models import Role

    foreign_officer = UserFactory(
        role=Role.SECURITY_OFFICER, organisation=world.foreign_client.municipality
    )
    api_as(world.users["coach"]).get(f"/clients/{world.own_client.pk}/")
    response = api_as(foreign_officer).get(URL)
    assert response.json()["count"] == 0
    assert AccessEvent.objects.count() == 1
