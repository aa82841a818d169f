"""Counter registration by staff, the registration queue and withdrawing a registration."""

import pytest

from werkplein.audit.models import AccessEvent, Action, Purpose, Relation
from werkplein.intake.models import Registration, RegistrationChannel, RegistrationStatus

from ..factories import valid_bsn
from .helpers import COUNTER_URL, make_registration, person_post

pytestmark = pytest.mark.django_db


def _lookup(http, bsn):
    return http.post(COUNTER_URL, {"step": "lookup", "bsn": bsn})


def test_the_counter_asks_the_bsn_first(world, login):
    response = login(world.users["coach"]).get(COUNTER_URL)

    body = response.content.decode()
    assert 'name="bsn"' in body
    assert 'name="first_name"' not in body


def test_a_known_bsn_shows_the_known_data_and_the_read_is_logged(world, login):
    known = world.private_team_client
    coach = world.users["coach"]

    response = _lookup(login(coach), known.bsn)

    body = response.content.decode()
    assert f'value="{known.last_name}"' in body
    assert "al bekend" in body
    event = AccessEvent.objects.get(user=coach, client=known)
    assert (event.purpose, event.relation, event.action) == (
        Purpose.REGISTRATION,
        Relation.INTAKE,
        Action.READ,
    )


def test_a_new_bsn_gets_an_empty_form_and_no_read_is_logged(world, login):
    bsn = valid_bsn()
    coach = world.users["coach"]

    body = _lookup(login(coach), bsn).content.decode()

    assert f'value="{bsn}"' in body
    assert "al bekend" not in body
    assert not AccessEvent.objects.filter(user=coach, client__isnull=False).exists()


def test_a_bsn_of_another_werkplein_is_new_here(world, login):
    body = _lookup(login(world.users["coach"]), world.foreign_client.bsn).content.decode()

    assert world.foreign_client.last_name not in body


def test_an_invalid_bsn_is_refused_at_the_lookup(world, login):
    body = _lookup(login(world.users["coach"]), "12345").content.decode()

    assert "Dit is geen geldig BSN" in body


def test_saving_at_the_counter_links_the_known_client_and_opens_the_intake(world, login):
    known = world.private_team_client
    data = {"step": "save", **person_post(world, bsn=known.bsn)}

    response = login(world.users["team_lead"]).post(COUNTER_URL, data)

    registration = Registration.objects.get(bsn=known.bsn)
    assert response["Location"] == f"/intake/{registration.pk}/"
    assert registration.channel == RegistrationChannel.COUNTER
    assert registration.client == known
    assert registration.registered_by == world.users["team_lead"]


def test_the_old_registration_page_leads_to_the_counter(world, login):
    response = login(world.users["coach"]).get("/klanten/nieuw/")

    assert response.status_code == 302
    assert response["Location"] == COUNTER_URL


def test_the_queue_lists_pending_registrations_oldest_first(world, login):
    first = make_registration(world, last_name="Eerste")
    second = make_registration(world, client=world.own_client, last_name="Tweede")
    done = make_registration(world, last_name="Klaar")
    done.status = RegistrationStatus.DONE
    done.save()

    response = login(world.users["team_lead"]).get("/intake/")

    rows = response.context["rows"]
    assert [row["registration"] for row in rows] == [first, second]
    body = response.content.decode()
    assert body.index("Eerste") < body.index("Tweede")
    assert "Klaar" not in body
    assert "bekend" in body
    assert rows[0]["age"] == 34


def test_the_queue_does_not_grow_in_queries(world, login, django_assert_max_num_queries):
    for _ in range(30):
        make_registration(world)
    http = login(world.users["coach"])
    http.get("/intake/")

    with django_assert_max_num_queries(14):
        http.get("/intake/")


def test_withdrawing_asks_for_confirmation_then_withdraws(world, login):
    registration = make_registration(world, client=world.own_client)
    http = login(world.users["coach"])

    page = http.get(f"/intake/{registration.pk}/intrekken/")
    assert "Weet u zeker" in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING

    response = http.post(f"/intake/{registration.pk}/intrekken/")

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.WITHDRAWN


def test_opening_a_known_clients_registration_logs_the_read_of_that_client(world, login):
    registration = make_registration(world, client=world.private_team_client)
    coach = world.users["coach"]

    login(coach).get(f"/intake/{registration.pk}/")

    event = AccessEvent.objects.get(user=coach, client=world.private_team_client)
    assert (event.purpose, event.relation) == (Purpose.REGISTRATION, Relation.INTAKE)
