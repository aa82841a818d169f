"""Registering a job seeker at /klanten/nieuw/: once per Werkplein, with a valid BSN."""

import pytest

from werkplein.clients.models import Client, CoachAssignment
from werkplein.clients.sections import ONE_TO_ONE_MODELS
from werkplein.logbook.models import EntryKind, LogEntry

from ..factories import valid_bsn

URL = "/klanten/nieuw/"


@pytest.fixture
def registration(world) -> dict:
    return {
        "bsn": valid_bsn(),
        "first_name": "Sanne",
        "name_prefix": "de",
        "last_name": "Vries",
        "date_of_birth": "1998-04-21",
        "street": "Spittaalstraat",
        "house_number": "3",
        "postcode": "7201 EA",
        "city": "Zutphen",
        "municipality": str(world.zutphen.pk),
        "phone": "06 12345678",
        "email": "sanne@voorbeeld.nl",
    }


def _registered(world, registration) -> Client:
    return Client.objects.get(werkplein=world.own_client.werkplein, bsn=registration["bsn"])


def test_registration_form_opens(world, login):
    response = login(world.users["coach"]).get(URL)

    assert response.status_code == 200
    assert 'name="bsn"' in response.content.decode()


def test_valid_registration_creates_the_client_and_opens_his_dossier(world, login, registration):
    response = login(world.users["coach"]).post(URL, registration)

    client = _registered(world, registration)
    assert response.status_code == 302
    assert response["Location"] == f"/klanten/{client.pk}/"
    assert client.full_name == "Sanne de Vries"
    assert client.postcode == "7201 EA"


def test_registration_creates_every_one_to_one_section(world, login, registration):
    login(world.users["coach"]).post(URL, registration)

    client = _registered(world, registration)
    for model in ONE_TO_ONE_MODELS:
        assert model.objects.filter(client=client, werkplein=client.werkplein).exists()


def test_registration_is_written_in_the_logbook(world, login, registration):
    login(world.users["coach"]).post(URL, registration)

    entry = LogEntry.objects.get(client=_registered(world, registration))
    assert entry.kind == EntryKind.SYSTEM
    assert "ingeschreven" in entry.text
    assert entry.author == world.users["coach"]


def test_coach_who_registers_becomes_the_coach(world, login, registration):
    coach = world.users["coach"]

    login(coach).post(URL, registration)

    client = _registered(world, registration)
    assert client.coach == coach
    assert client.team == world.team_shared
    assignment = CoachAssignment.objects.get(client=client)
    assert (assignment.coach, assignment.assigned_by, assignment.ended_at) == (coach, coach, None)


def test_registered_client_shows_in_the_coachs_caseload(world, login, registration):
    http = login(world.users["coach"])
    http.post(URL, registration)

    response = http.get("/klanten/")

    assert _registered(world, registration) in response.context["page"].object_list


def test_team_lead_registers_a_client_without_a_coach(world, login, registration):
    login(world.users["team_lead"]).post(URL, registration)

    client = _registered(world, registration)
    assert client.coach is None
    assert not CoachAssignment.objects.filter(client=client).exists()


def test_bsn_failing_the_elfproef_is_refused(world, login, registration):
    registration["bsn"] = "123456789"

    response = login(world.users["coach"]).post(URL, registration)

    assert response.status_code == 200
    assert "Dit is geen geldig BSN" in response.content.decode()
    assert not Client.objects.filter(last_name="Vries").exists()


def test_duplicate_bsn_in_the_same_werkplein_is_refused(world, login, registration):
    registration["bsn"] = world.private_team_client.bsn

    response = login(world.users["coach"]).post(URL, registration)

    assert "Dit BSN is al ingeschreven bij dit Werkplein." in response.content.decode()
    assert not Client.objects.filter(last_name="Vries").exists()
    assert not LogEntry.objects.filter(text__contains="Sanne").exists()


def test_bsn_registered_in_another_werkplein_may_be_registered_here(world, login, registration):
    registration["bsn"] = world.foreign_client.bsn

    response = login(world.users["coach"]).post(URL, registration)

    assert response.status_code == 302
    assert _registered(world, registration).last_name == "Vries"


def test_registration_with_a_municipality_of_another_werkplein_is_refused(
    world, login, registration
):
    registration["municipality"] = str(world.foreign_client.municipality_id)

    response = login(world.users["coach"]).post(URL, registration)

    assert response.status_code == 200
    assert not Client.objects.filter(last_name="Vries").exists()


def test_registration_with_a_future_date_of_birth_is_refused(world, login, registration):
    registration["date_of_birth"] = "2999-01-01"

    response = login(world.users["coach"]).post(URL, registration)

    assert "De geboortedatum ligt in de toekomst." in response.content.decode()
    assert not Client.objects.filter(last_name="Vries").exists()


@pytest.mark.parametrize("user_key", ["quality_officer", "security_officer", "client"])
def test_roles_without_registration_cannot_register(world, login, registration, user_key):
    response = login(world.users[user_key]).post(URL, registration)

    assert response.status_code == 403
    assert not Client.objects.filter(last_name="Vries").exists()
