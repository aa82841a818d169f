"""Registering a job seeker through clients.services.register_client (used by the API): once per
Werkplein, with a valid BSN. The staff page /klanten/nieuw/ now leads to the counter
registration of the intake (tests/intake)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from werkplein.clients import services
from werkplein.clients.forms import RegistrationForm
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


def _register(user, registration) -> Client:
    form = RegistrationForm(registration, werkplein_id=user.werkplein_id)
    if not form.is_valid():
        raise ValidationError(form.errors)
    return services.register_client(actor=user, data=form.cleaned_data)


def _registered(world, registration) -> Client:
    return Client.objects.get(werkplein=world.own_client.werkplein, bsn=registration["bsn"])


def test_the_old_registration_page_leads_to_the_counter_registration(world, login):
    response = login(world.users["coach"]).get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/intake/balie/"


def test_valid_registration_creates_the_client(world, registration):
    client = _register(world.users["coach"], registration)

    assert client == _registered(world, registration)
    assert client.full_name == "Sanne de Vries"
    assert client.postcode == "7201 EA"


def test_registration_creates_every_one_to_one_section(world, registration):
    client = _register(world.users["coach"], registration)

    for model in ONE_TO_ONE_MODELS:
        assert model.objects.filter(client=client, werkplein=client.werkplein).exists()


def test_registration_is_written_in_the_logbook(world, registration):
    client = _register(world.users["coach"], registration)

    entry = LogEntry.objects.get(client=client)
    assert entry.kind == EntryKind.SYSTEM
    assert "ingeschreven" in entry.text
    assert entry.author == world.users["coach"]


def test_coach_who_registers_becomes_the_coach(world, registration):
    coach = world.users["coach"]

    client = _register(coach, registration)

    assert client.coach == coach
    assert client.team == world.team_shared
    assignment = CoachAssignment.objects.get(client=client)
    assert (assignment.coach, assignment.assigned_by, assignment.ended_at) == (coach, coach, None)


def test_team_lead_registers_a_client_without_a_coach(world, registration):
    client = _register(world.users["team_lead"], registration)

    assert client.coach is None
    assert not CoachAssignment.objects.filter(client=client).exists()


def test_bsn_failing_the_elfproef_is_refused(world, registration):
    registration["bsn"] = "123456789"

    with pytest.raises(ValidationError, match="Dit is geen geldig BSN"):
        _register(world.users["coach"], registration)
    assert not Client.objects.filter(last_name="Vries").exists()


def test_duplicate_bsn_in_the_same_werkplein_is_refused(world, registration):
    registration["bsn"] = world.private_team_client.bsn

    with pytest.raises(ValidationError, match="Dit BSN is al ingeschreven bij dit Werkplein"):
        _register(world.users["coach"], registration)
    assert not Client.objects.filter(last_name="Vries").exists()
    assert not LogEntry.objects.filter(text__contains="Sanne").exists()


def test_bsn_registered_in_another_werkplein_may_be_registered_here(world, registration):
    registration["bsn"] = world.foreign_client.bsn

    _register(world.users["coach"], registration)

    assert _registered(world, registration).last_name == "Vries"


def test_registration_with_a_municipality_of_another_werkplein_is_refused(world, registration):
    registration["municipality"] = str(world.foreign_client.municipality_id)

    with pytest.raises(ValidationError):
        _register(world.users["coach"], registration)
    assert not Client.objects.filter(last_name="Vries").exists()


def test_registration_with_a_future_date_of_birth_is_refused(world, registration):
    registration["date_of_birth"] = "2999-01-01"

    with pytest.raises(ValidationError, match="De geboortedatum ligt in de toekomst"):
        _register(world.users["coach"], registration)
    assert not Client.objects.filter(last_name="Vries").exists()


@pytest.mark.parametrize("user_key", ["quality_officer", "security_officer", "client"])
def test_roles_without_registration_cannot_register(world, registration, user_key):
    with pytest.raises(PermissionDenied):
        _register(world.users[user_key], registration)
    assert not Client.objects.filter(last_name="Vries").exists()
