"""The caseload: a coach's own clients with their contact rhythm, sortable, filterable, paged."""

import datetime

import pytest
from django.utils import formats, timezone, translation

from werkplein.accounts.models import Role
from werkplein.appointments.models import Appointment
from werkplein.clients.models import Client, Segment

from ..factories import ClientFactory, UserFactory

TODAY = timezone.localdate


def _pks(response) -> list[int]:
    return [client.pk for client in response.context["page"].object_list]


@pytest.fixture
def fresh_coach(world):
    """A coach in the world's Werkplein without any clients yet, in no team."""
    return UserFactory(username="fresh_coach", role=Role.COACH, organisation=world.zutphen)


@pytest.fixture
def make_client(world):
    def _make(coach, **values) -> Client:
        client = ClientFactory(
            werkplein=world.own_client.werkplein, municipality=world.zutphen, coach=coach
        )
        if values:
            Client.objects.filter(pk=client.pk).update(**values)
            client.refresh_from_db()
        return client

    return _make


def _appointment(client, starts_at) -> Appointment:
    return Appointment.objects.create(
        werkplein=client.werkplein,
        client=client,
        coach=client.coach,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=45),
    )


def test_caseload_shows_only_the_coachs_own_clients_by_default(world, login):
    response = login(world.users["coach"]).get("/klanten/")

    assert response.status_code == 200
    assert set(_pks(response)) == {world.own_client.pk, world.client_user_client.pk}


def test_caseload_shows_last_contact_next_appointment_and_days_overdue(
    world, login, fresh_coach, make_client
):
    last_contact = timezone.now() - datetime.timedelta(days=40)
    appointment_at = timezone.now() + datetime.timedelta(days=3)
    client = make_client(
        fresh_coach,
        last_contact_at=last_contact,
        next_contact_due=TODAY() - datetime.timedelta(days=3),
    )
    _appointment(client, appointment_at)

    html = login(fresh_coach).get("/klanten/").content.decode()

    with translation.override("nl"):
        assert formats.date_format(timezone.localtime(last_contact), "SHORT_DATE_FORMAT") in html
        assert (
            formats.date_format(timezone.localtime(appointment_at), "SHORT_DATETIME_FORMAT") in html
        )
    assert "40 dagen geleden" in html
    assert "3 dagen te laat" in html
    assert 'class="overdue"' in html


def test_caseload_does_not_flag_a_client_whose_contact_is_not_yet_due(
    world, login, fresh_coach, make_client
):
    make_client(fresh_coach, next_contact_due=TODAY() + datetime.timedelta(days=5))

    html = login(fresh_coach).get("/klanten/").content.decode()

    assert "te laat" not in html
    assert 'class="overdue"' not in html


@pytest.fixture
def three_clients(fresh_coach, make_client):
    """Three clients whose names, contacts, due dates and appointments sort differently."""
    now = timezone.now()
    anna = make_client(
        fresh_coach,
        last_name="Aalders",
        first_name="Anna",
        last_contact_at=now - datetime.timedelta(days=10),
        next_contact_due=TODAY() + datetime.timedelta(days=20),
    )
    bram = make_client(
        fresh_coach,
        last_name="Bakker",
        first_name="Bram",
        last_contact_at=now - datetime.timedelta(days=30),
        next_contact_due=TODAY() + datetime.timedelta(days=2),
    )
    cor = make_client(
        fresh_coach,
        last_name="Cornelissen",
        first_name="Cor",
        last_contact_at=now - datetime.timedelta(days=20),
        next_contact_due=TODAY() + datetime.timedelta(days=10),
    )
    _appointment(anna, now + datetime.timedelta(days=7))
    _appointment(bram, now + datetime.timedelta(days=14))
    _appointment(cor, now + datetime.timedelta(days=1))
    return anna, bram, cor


@pytest.mark.parametrize(
    ("sort", "expected_order"),
    [
        ("name", ("anna", "bram", "cor")),
        ("-name", ("cor", "bram", "anna")),
        ("due", ("bram", "cor", "anna")),
        ("last_contact", ("bram", "cor", "anna")),
        ("appointment", ("cor", "anna", "bram")),
    ],
)
def test_caseload_sorting_changes_the_order(
    world, login, fresh_coach, three_clients, sort, expected_order
):
    by_name = dict(zip(("anna", "bram", "cor"), three_clients, strict=True))

    response = login(fresh_coach).get("/klanten/", {"sort": sort})

    assert _pks(response) == [by_name[name].pk for name in expected_order]


def test_caseload_without_sort_orders_by_contact_due(world, login, fresh_coach, three_clients):
    anna, bram, cor = three_clients

    response = login(fresh_coach).get("/klanten/")

    assert _pks(response) == [bram.pk, cor.pk, anna.pk]


def test_caseload_filters_on_segment(world, login, fresh_coach, make_client):
    intensive = make_client(fresh_coach, segment=Segment.INTENSIVE)
    make_client(fresh_coach, segment=Segment.WORK_READY)

    response = login(fresh_coach).get("/klanten/", {"segment": Segment.INTENSIVE})

    assert _pks(response) == [intensive.pk]


def test_caseload_filters_on_overdue_contact(world, login, fresh_coach, make_client):
    overdue = make_client(fresh_coach, next_contact_due=TODAY() - datetime.timedelta(days=1))
    make_client(fresh_coach, next_contact_due=TODAY())
    make_client(fresh_coach, next_contact_due=TODAY() + datetime.timedelta(days=7))

    response = login(fresh_coach).get("/klanten/", {"overdue": "1"})

    assert _pks(response) == [overdue.pk]


def test_team_lead_sees_the_clients_of_his_team(world, login):
    response = login(world.users["team_lead"]).get("/klanten/", {"scope": "team"})

    assert set(_pks(response)) == {
        world.own_client.pk,
        world.teammate_client.pk,
        world.client_user_client.pk,
    }


def test_team_lead_caseload_defaults_to_his_team(world, login):
    response = login(world.users["team_lead"]).get("/klanten/")

    assert set(_pks(response)) == {
        world.own_client.pk,
        world.teammate_client.pk,
        world.client_user_client.pk,
    }


def test_caseload_is_paged_by_fifty(world, login, fresh_coach, make_client):
    for _ in range(60):
        make_client(fresh_coach)
    http = login(fresh_coach)

    first, second = http.get("/klanten/"), http.get("/klanten/", {"page": "2"})

    assert len(_pks(first)) == 50
    assert len(_pks(second)) == 10
    assert not set(_pks(first)) & set(_pks(second))


CASELOAD_QUERY_BOUND = 11  # 10 today (one counts unread messages), whether 5 rows or 50


@pytest.mark.parametrize("clients", [5, 60])
def test_caseload_query_count_does_not_grow_with_rows(
    world, login, fresh_coach, make_client, django_assert_max_num_queries, clients
):
    for number in range(clients):
        client = make_client(fresh_coach)
        if number % 2:
            _appointment(client, timezone.now() + datetime.timedelta(days=number + 1))
    http = login(fresh_coach)

    with django_assert_max_num_queries(CASELOAD_QUERY_BOUND):
        response = http.get("/klanten/", {"scope": "team"})

    assert response.status_code == 200


def test_empty_caseload_says_so(world, login, fresh_coach):
    response = login(fresh_coach).get("/klanten/")

    assert "Er staan nog geen klanten in deze caseload." in response.content.decode()


def test_caseload_with_filters_that_match_nothing_says_so(world, login, fresh_coach, make_client):
    make_client(fresh_coach, segment=Segment.SUPPORT)

    response = login(fresh_coach).get("/klanten/", {"segment": Segment.CARE_FIRST})

    assert "Geen klanten die aan deze filters voldoen." in response.content.decode()


def test_caseload_htmx_request_returns_only_the_table(world, login):
    response = login(world.users["coach"]).get("/klanten/", headers={"HX-Request": "true"})

    html = response.content.decode()
    assert 'id="caseload-table"' in html
    assert "<html" not in html
