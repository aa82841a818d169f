"""The intake card on the dossier page, and paying_organisation_for."""

import pytest

from werkplein.intake import selectors, services

from .helpers import make_registration
from .test_intake import _service_data

pytestmark = pytest.mark.django_db


def test_the_dossier_shows_the_latest_intake(world, login):
    registration = make_registration(world, client=world.own_client)
    data = {
        **_service_data(world, registration),
        "second_adviser": world.users["back_office_uwv"],
        "route": "training",
        "self_reliance": "intensive",
        "requested_benefit": "bijstand",
        "household": "single",
    }
    for key in ("first_name", "name_prefix", "last_name", "date_of_birth"):
        data[key] = getattr(world.own_client, key)
    services.hold_intake(actor=world.users["coach"], registration=registration, data=data)

    body = login(world.users["coach"]).get(f"/klanten/{world.own_client.pk}/").content.decode()

    assert 'id="intake-card-title"' in body
    assert "Scholing" in body
    assert "Heeft intensieve ondersteuning nodig" in body
    assert "Gemeente Zutphen" in body and "(UWV)" in body


def test_no_card_without_an_intake(world, login):
    body = login(world.users["coach"]).get(f"/klanten/{world.own_client.pk}/").content.decode()

    assert 'id="intake-card-title"' not in body


def test_latest_intake_is_one_query(world, django_assert_num_queries):
    registration = make_registration(world, client=world.own_client)
    data = _service_data(world, registration)
    for key in ("first_name", "name_prefix", "last_name", "date_of_birth"):
        data[key] = getattr(world.own_client, key)
    services.hold_intake(actor=world.users["coach"], registration=registration, data=data)

    with django_assert_num_queries(1):
        intake = selectors.latest_intake(world.own_client)
        str(intake.held_by), str(intake.held_by_organisation), str(intake.second_adviser)


@pytest.mark.parametrize(
    ("kind", "payer"),
    [("ww", "uwv"), ("wia", "uwv"), ("bijstand", "zutphen"), ("none", None)],
)
def test_the_paying_organisation_follows_the_benefit_kind(world, kind, payer):
    client = world.own_client

    found = selectors.paying_organisation_for(client, kind)

    assert found == (getattr(world, payer) if payer else None)
