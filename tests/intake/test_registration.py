"""The public registration at /aanmelden/: anonymous, asked once, the same answer for every BSN."""

import re

import pytest
from django.test import Client as HttpClient

from werkplein.clients.models import Client
from werkplein.intake.models import Registration, RegistrationChannel, RegistrationStatus
from werkplein.logbook.models import LogEntry

from ..factories import WerkpleinFactory, valid_bsn
from .helpers import PUBLIC_URL, make_registration, person_post, years_ago

pytestmark = pytest.mark.django_db


def _post(data, http=None):
    return (http or HttpClient()).post(PUBLIC_URL, data)


def test_the_form_opens_for_an_anonymous_visitor(world):
    response = HttpClient().get(PUBLIC_URL)

    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="bsn"' in body
    assert "<fieldset" in body and "<legend>" in body
    assert 'name="jobs-4-employer_name"' in body  # five jobs
    assert "<script" not in body.split("<main", 1)[-1]  # works without JavaScript


def test_the_only_werkplein_needs_no_slug(db):
    WerkpleinFactory(slug="enige")

    assert HttpClient().get("/aanmelden/").status_code == 200


def test_with_two_werkpleinen_and_no_slug_the_form_is_not_found(world):
    assert HttpClient().get("/aanmelden/").status_code == 404
    assert HttpClient().get("/aanmelden/?werkplein=bestaat-niet").status_code == 404


def test_a_new_bsn_is_stored_as_a_pending_registration(world):
    data = person_post(world, jobs=2)

    response = _post(data)

    assert response.status_code == 302
    assert response["Location"] == "/aanmelden/ontvangen/"
    registration = Registration.objects.get(bsn=data["bsn"])
    assert registration.channel == RegistrationChannel.WEB
    assert registration.status == RegistrationStatus.PENDING
    assert registration.client is None
    assert registration.werkplein == world.zutphen.werkplein
    assert registration.data["last_name"] == "Vries"
    assert registration.data["postcode"] == "7201 EA"
    assert registration.data["municipality"] == world.zutphen.pk
    assert [j["employer_name"] for j in registration.data["jobs"]] == [
        "Transportbedrijf 0",
        "Transportbedrijf 1",
    ]
    assert not Client.objects.filter(bsn=data["bsn"]).exists()


def test_the_success_page_says_what_happens_next(world):
    response = _post(person_post(world), HttpClient())
    page = HttpClient().get(response["Location"])

    assert "intakegesprek" in page.content.decode()


def test_known_and_new_bsn_get_exactly_the_same_answer(world):
    new = _post(person_post(world))
    known = _post(person_post(world, bsn=world.private_team_client.bsn))

    assert (new.status_code, new["Location"]) == (known.status_code, known["Location"])
    assert _page(new["Location"]) == _page(known["Location"])


def _page(url: str) -> str:
    """A page without what differs per request (the CSP nonce, the CSRF token)."""
    body = HttpClient().get(url).content.decode()
    body = re.sub(r'(nonce|value)="[^"]*"', "", body)
    return re.sub(r'Token": "[^"]*"', "", body)


def test_the_form_never_shows_known_data(world):
    known = world.private_team_client
    http = HttpClient()
    response = http.post(PUBLIC_URL, person_post(world, bsn=known.bsn, last_name=""))

    body = response.content.decode()
    assert response.status_code == 200
    assert known.last_name not in body
    assert known.street not in body


def test_a_known_bsn_is_linked_to_the_existing_client(world):
    known = world.private_team_client

    _post(person_post(world, bsn=known.bsn))

    registration = Registration.objects.get(bsn=known.bsn)
    assert registration.client == known
    assert Client.objects.filter(bsn=known.bsn).count() == 1
    assert LogEntry.objects.filter(client=known, text__contains="Aanmelding ontvangen").exists()


def test_a_second_pending_registration_of_the_same_bsn_updates_the_first(world):
    bsn = valid_bsn()
    _post(person_post(world, bsn=bsn, city="Zutphen"))
    first = Registration.objects.get(bsn=bsn)

    _post(person_post(world, bsn=bsn, city="Warnsveld"))

    assert Registration.objects.filter(bsn=bsn).count() == 1
    first.refresh_from_db()
    assert first.data["city"] == "Warnsveld"


def test_a_web_form_never_replaces_a_counter_registration(world):
    bsn = valid_bsn()
    counter = make_registration(world, bsn=bsn, channel=RegistrationChannel.COUNTER)
    data_before = dict(counter.data)

    response = _post(person_post(world, bsn=bsn, city="Warnsveld"))

    assert response.status_code == 302  # the same answer as for any other BSN
    counter.refresh_from_db()
    assert counter.channel == RegistrationChannel.COUNTER
    assert counter.data == data_before
    assert Registration.objects.filter(bsn=bsn).count() == 1


def test_repeated_web_forms_note_a_known_client_once_in_his_logbook(world):
    known = world.private_team_client
    for city in ("Zutphen", "Warnsveld", "Eefde"):
        _post(person_post(world, bsn=known.bsn, city=city))

    notes = LogEntry.objects.filter(client=known, text__contains="Aanmelding ontvangen")
    assert notes.count() == 1


def test_a_minor_is_refused_in_dutch(world):
    data = person_post(world, date_of_birth=years_ago(17, days=-1).isoformat())

    response = _post(data)

    assert response.status_code == 200
    assert "jonger dan 18 jaar" in response.content.decode()
    assert not Registration.objects.filter(bsn=data["bsn"]).exists()


def test_an_invalid_bsn_and_postcode_are_refused_with_linked_errors(world):
    response = _post(person_post(world, bsn="123456789", postcode="ABCD 12"))

    body = response.content.decode()
    assert "Dit is geen geldig BSN" in body
    assert "Vul een geldige postcode in" in body
    assert 'aria-describedby="id_bsn_error"' in body
    assert 'id="id_bsn_error"' in body
    assert not Registration.objects.exists()


def test_a_municipality_of_another_werkplein_is_refused(world):
    response = _post(person_post(world, municipality=str(world.foreign_client.municipality_id)))

    assert "Kies uw gemeente uit de lijst." in response.content.decode()
    assert not Registration.objects.exists()


def test_too_many_registrations_from_one_address_are_refused_in_dutch(world, settings):
    settings.WERKPLEIN_REGISTRATION_RATE = "2/h"
    http = HttpClient()
    for _ in range(2):
        assert http.post(PUBLIC_URL, person_post(world)).status_code == 302

    data = person_post(world)
    response = http.post(PUBLIC_URL, data)

    assert response.status_code == 429
    assert "veel aanmeldingen kort na elkaar" in response.content.decode()
    assert not Registration.objects.filter(bsn=data["bsn"]).exists()


@pytest.mark.parametrize("slug", ["zut%00phen", "%00", "x" * 500], ids=["nul", "only-nul", "long"])
def test_a_malformed_werkplein_in_the_address_is_not_found(world, slug):
    """A NUL byte in the query would make PostgreSQL fail the request: it is simply unknown."""
    http = HttpClient()
    assert http.get(f"/aanmelden/?werkplein={slug}").status_code == 404
    assert http.post(f"/aanmelden/?werkplein={slug}", person_post(world)).status_code == 404
    assert not Registration.objects.exists()
