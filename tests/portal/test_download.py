"""His right of access: all his data as a JSON file and as a printable page."""

import datetime
import json

import pytest
from django.utils import timezone

from werkplein.appointments.models import Appointment
from werkplein.audit.models import AccessEvent, Action
from werkplein.logbook.models import Visibility
from werkplein.plans.models import Activity, Goal, JobApplication, LadderStep, Plan

from ..factories import BenefitFactory, LogEntryFactory

DOWNLOAD = "/mijn/gegevens/download.json"
PRINTABLE = "/mijn/gegevens/afdrukken/"


@pytest.fixture
def full_dossier(me, world, login):
    wp = me.werkplein
    BenefitFactory(client=me, paying_organisation=world.zutphen, monthly_amount_cents=98_765)
    plan = Plan.objects.create(client=me, werkplein=wp, applications_required=4)
    goal = Goal.objects.create(plan=plan, werkplein=wp, text="Werk in de horeca")
    Activity.objects.create(plan=plan, werkplein=wp, goal=goal, description="Cv bijwerken")
    JobApplication.objects.create(
        client=me,
        werkplein=wp,
        employer_name="Hotel De Gelderse Poort",
        position="Afwasser",
        applied_on=timezone.localdate(),
    )
    LadderStep.objects.create(client=me, werkplein=wp, rung=3, set_on=timezone.localdate())
    start = timezone.now() + datetime.timedelta(days=3)
    Appointment.objects.create(
        client=me,
        werkplein=wp,
        coach=world.users["coach"],
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=30),
    )
    LogEntryFactory(client=me, text="Zichtbaar gesprek over werk", author=world.users["coach"])
    LogEntryFactory(
        client=me,
        text="GEHEIM interne notitie",
        visibility=Visibility.INTERNAL,
        author=world.users["coach"],
    )
    LogEntryFactory(client=world.own_client, text="Regel van een andere klant")
    BenefitFactory(client=world.own_client, monthly_amount_cents=11_111)
    JobApplication.objects.create(
        client=world.own_client,
        werkplein=wp,
        employer_name="Andermans Werkgever",
        position="X",
        applied_on=timezone.localdate(),
    )
    login(world.users["coach"]).get(f"/klanten/{me.pk}/")  # a read he will see
    login(world.users["coach"]).get(f"/klanten/{world.own_client.pk}/")  # not his
    return me


def test_download_is_a_json_attachment_with_all_his_data(http, full_dossier):
    response = http.get(DOWNLOAD)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    me = full_dossier
    assert data["personal"]["bsn"] == me.bsn
    assert data["personal"]["last_name"] == me.last_name
    assert set(data["sections"]) == {"contact", "address", "education", "skills", "wishes"}
    assert data["sections"]["contact"]["email"] == me.email
    assert data["benefits"][0]["monthly_amount_cents"] == 98_765
    assert data["benefits"][0]["kind_label"] == "Bijstand"
    assert data["plan"]["goals"][0]["text"] == "Werk in de horeca"
    assert data["plan"]["activities"][0]["description"] == "Cv bijwerken"
    assert data["plan"]["activities"][0]["goal"] == "Werk in de horeca"
    assert data["job_applications"][0]["employer_name"] == "Hotel De Gelderse Poort"
    assert data["ladder_steps"][0]["rung"] == 3
    assert data["appointments"][0]["coach"] == "Uw coach"
    texts = [e["text"] for e in data["logbook"]]
    assert "Zichtbaar gesprek over werk" in texts
    assert any(e["organisation"] == "Gemeente Zutphen" for e in data["access_events"])
    assert all(e["purpose"] != "Eigen dossier (klant)" for e in data["access_events"])


def test_download_holds_no_internal_entry_and_nothing_of_another_client(http, full_dossier):
    body = http.get(DOWNLOAD).content.decode()

    assert "GEHEIM" not in body
    assert "Regel van een andere klant" not in body
    assert "Andermans Werkgever" not in body
    assert "11111" not in body
    assert "coach" not in json.loads(body)["access_events"][0].get("name", "")


def test_each_download_is_logged(http, full_dossier, world):
    http.get(DOWNLOAD)
    http.get(PRINTABLE)

    downloads = AccessEvent.objects.filter(
        client=full_dossier, user=world.users["client"], action=Action.DOWNLOAD
    )
    assert downloads.count() == 2


def test_printable_page_shows_the_same_with_a_print_stylesheet(http, full_dossier):
    response = http.get(PRINTABLE)

    html = response.content.decode()
    assert response.status_code == 200
    assert full_dossier.bsn in html
    assert "Werk in de horeca" in html
    assert "Hotel De Gelderse Poort" in html
    assert "Zichtbaar gesprek over werk" in html
    assert "Gemeente Zutphen" in html
    assert "GEHEIM" not in html
    assert "Regel van een andere klant" not in html
    assert "portal.css" in html


def test_printable_page_queries_do_not_grow_with_rows(
    http, full_dossier, django_assert_max_num_queries
):
    for n in range(10):
        LogEntryFactory(client=full_dossier, text=f"Regel {n}")

    with django_assert_max_num_queries(25):
        http.get(PRINTABLE)
