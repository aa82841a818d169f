"""Access matrix of Mijn Werkplein: every role against every /mijn/ page.

The client reaches his own pages (200); every other role gets a 404 (never a 403 that tells
Mijn Werkplein exists for him); someone not logged in is sent to the login page. Pages with an
id of another client's row are a 404 for the client too.
"""

import pytest
from django.test import Client as HttpClient

from werkplein.clients.models import Job

from ..factories import LogEntryFactory

# Pages of this part (profile, logbook, access log, security) and the list pages of the plan,
# applications and appointments parts, which worked when this matrix was written.
PAGES = [
    "/mijn/",
    "/mijn/gegevens/",
    "/mijn/gegevens/contact/wijzigen/",
    "/mijn/gegevens/address/wijzigen/",
    "/mijn/gegevens/education/wijzigen/",
    "/mijn/gegevens/skills/wijzigen/",
    "/mijn/gegevens/wishes/wijzigen/",
    "/mijn/gegevens/werkervaring/nieuw/",
    "/mijn/gegevens/correctie/",
    "/mijn/gegevens/download.json",
    "/mijn/gegevens/afdrukken/",
    "/mijn/logboek/",
    "/mijn/inzage/",
    "/mijn/beveiliging/",
    "/mijn/plan/",
    "/mijn/sollicitaties/",
    "/mijn/afspraken/",
    "/mijn/afspraken/maken/",
]
STAFF_AND_OTHERS = [
    "coach",
    "teammate",
    "other_coach",
    "team_lead",
    "other_lead",
    "back_office",
    "back_office_uwv",
    "quality_officer",
    "security_officer",
    "functional_admin",
    "provider_staff",
    "employer",
]


@pytest.mark.parametrize("role", STAFF_AND_OTHERS)
def test_no_one_but_a_client_reaches_mijn_werkplein(world, login, role):
    http = login(world.users[role])

    for url in PAGES:
        assert http.get(url).status_code == 404, (role, url)


def test_the_client_reaches_every_page(world, login):
    http = login(world.users["client"])

    for url in PAGES:
        assert http.get(url).status_code == 200, url


def test_not_logged_in_goes_to_the_login_page(db):
    http = HttpClient()

    for url in PAGES:
        response = http.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


def test_a_client_account_without_a_dossier_reaches_nothing(world, login):
    world.client_user_client.user = None
    world.client_user_client.save(update_fields=["user"])
    http = login(world.users["client"])

    for url in PAGES[1:14]:
        assert http.get(url).status_code == 404, url


def test_rows_of_another_client_are_not_found(world, login):
    other = world.own_client
    job = Job.objects.create(
        client=other,
        werkplein=other.werkplein,
        employer_name="X",
        position="Y",
        started_on="2020-01-01",
    )
    entry = LogEntryFactory(client=other, text="Niet van hem")
    foreign_entry = LogEntryFactory(client=world.foreign_client, text="Ander Werkplein")
    http = login(world.users["client"])

    for url in (
        f"/mijn/gegevens/werkervaring/{job.pk}/verwijderen/",
        f"/mijn/logboek/{entry.pk}/wijzigen/",
        f"/mijn/logboek/{entry.pk}/versies/",
        f"/mijn/logboek/{foreign_entry.pk}/wijzigen/",
        f"/mijn/logboek/{foreign_entry.pk}/versies/",
    ):
        assert http.get(url).status_code == 404, url
        if not url.endswith("/versies/"):  # a read-only page: only GET
            assert http.post(url, {"text": "x", "version": 1}).status_code == 404, url
