"""Changing a dossier through the API: partial PATCH, optimistic locking, list sections."""

import datetime

import pytest

from tests.factories import ClientFactory
from werkplein.audit.models import AccessEvent, Action, Outcome
from werkplein.clients.models import Benefit, Client, Education, FinancialSituation, Job, Wishes
from werkplein.logbook.models import EntryKind, LogEntry


def _url(client, key: str) -> str:
    return f"/clients/{client.pk}/sections/{key}/"


@pytest.fixture
def coach_api(world, api_as):
    return api_as(world.users["coach"])


@pytest.fixture
def job(world) -> Job:
    return Job.objects.create(
        werkplein=world.own_client.werkplein,
        client=world.own_client,
        employer_name="Bakkerij De Korenbloem",
        position="Verkoper",
        started_on=datetime.date(2019, 3, 1),
    )


class TestPatch:
    def test_only_the_given_fields_change(self, world, coach_api):
        client = world.own_client
        Education.objects.filter(client=client).update(diplomas="VCA", current_study="Logistiek")
        response = coach_api.patch(
            _url(client, "education"), {"version": 1, "data": {"highest_level": "mbo2"}}
        )
        assert response.status_code == 200, response.content
        assert response.json() == {
            "version": 2,
            "data": {
                "highest_level": "mbo2",
                "has_start_qualification": False,
                "diplomas": "VCA",
                "current_study": "Logistiek",
            },
        }
        education = Education.objects.get(client=client)
        assert (education.highest_level, education.diplomas, education.version) == (
            "mbo2",
            "VCA",
            2,
        )

    def test_the_change_is_written_in_the_logbook_with_old_and_new_value(self, world, coach_api):
        client = world.own_client
        coach_api.patch(
            _url(client, "financial"),
            {"version": 1, "data": {"housing_costs_cents": 65_050, "has_debts": True}},
        )
        entry = LogEntry.objects.get(client=client, kind=EntryKind.SYSTEM)
        assert "€ 0,00 → € 650,50" in entry.text
        assert "schulden: nee → ja" in entry.text
        assert "leefsituatie" not in entry.text  # unchanged fields are not mentioned
        assert FinancialSituation.objects.get(client=client).housing_costs_cents == 65_050

    def test_an_update_is_logged_as_such(self, world, coach_api):
        coach_api.patch(
            _url(world.own_client, "wishes"), {"version": 1, "data": {"region": "Zutphen"}}
        )
        event = AccessEvent.objects.get(user=world.users["coach"])
        assert (event.action, event.outcome) == (Action.UPDATE, Outcome.ALLOWED)

    def test_personal_data_keep_their_phone_number_when_another_field_changes(
        self, world, coach_api
    ):
        client = world.own_client
        Client.objects.filter(pk=client.pk).update(phone="+31612345678")
        response = coach_api.patch(
            _url(client, "personal"), {"version": 1, "data": {"city": "Warnsveld"}}
        )
        assert response.status_code == 200, response.content
        data = response.json()["data"]
        assert (data["city"], data["phone"]) == ("Warnsveld", "+31612345678")
        entry = LogEntry.objects.get(client=client, kind=EntryKind.SYSTEM)
        assert entry.text.splitlines()[1:] == ["woonplaats: Zutphen → Warnsveld"]

    def test_guidance_has_its_own_version_and_moves_the_next_contact(self, world, coach_api):
        client = world.own_client
        Client.objects.filter(pk=client.pk).update(version=7)
        response = coach_api.patch(
            _url(client, "guidance"), {"version": 1, "data": {"contact_frequency_days": 7}}
        )
        assert response.status_code == 200, response.content
        assert response.json()["version"] == 2
        client.refresh_from_db()
        assert (client.contact_frequency_days, client.guidance_version, client.version) == (7, 2, 7)
        assert client.next_contact_due == client.compute_next_contact_due()

    def test_a_stale_version_is_409_with_the_current_data_and_nothing_changes(
        self, world, coach_api
    ):
        client = world.own_client
        Wishes.objects.filter(client=client).update(region="Achterhoek", version=3)
        response = coach_api.patch(
            _url(client, "wishes"), {"version": 2, "data": {"region": "Twente"}}
        )
        assert response.status_code == 409
        body = response.json()
        assert "net gewijzigd" in body["detail"]
        assert body["version"] == 3
        assert body["data"]["region"] == "Achterhoek"
        wishes = Wishes.objects.get(client=client)
        assert (wishes.region, wishes.version) == ("Achterhoek", 3)
        assert not LogEntry.objects.filter(client=client).exists()

    @pytest.mark.parametrize(
        ("key", "data", "field"),
        [
            ("wishes", {"hours_per_week": 99}, "hours_per_week"),
            ("wishes", {"hours_per_week": "veel"}, "hours_per_week"),
            ("education", {"highest_level": "master"}, "highest_level"),
            ("financial", {"in_debt_counselling": True}, "has_debts"),
            ("financial", {"housing_costs_cents": "650,50"}, "housing_costs_cents"),
            ("financial", {"housing_costs_cents": 12.5}, "housing_costs_cents"),
            ("financial", {"housing_costs_cents": -100}, "housing_costs_cents"),
            ("personal", {"postcode": "ABCD"}, "postcode"),
            ("personal", {"last_name": ""}, "last_name"),
            ("personal", {"bsn": "111222333"}, "bsn"),  # not a field of this section
            ("guidance", {"segment": "vip"}, "segment"),
        ],
    )
    def test_bad_input_is_422_and_nothing_changes(self, world, coach_api, key, data, field):
        client = world.own_client
        before = coach_api.get(f"/clients/{client.pk}/").json()["sections"][key]
        response = coach_api.patch(_url(client, key), {"version": 1, "data": data})
        assert response.status_code == 422, response.content
        body = response.json()
        assert body["detail"] == "De invoer is niet geldig."
        assert field in body["errors"], body
        assert coach_api.get(f"/clients/{client.pk}/").json()["sections"][key] == before
        assert not LogEntry.objects.filter(client=client).exists()

    def test_a_body_without_version_is_422(self, world, coach_api):
        response = coach_api.patch(_url(world.own_client, "wishes"), {"data": {"region": "X"}})
        assert response.status_code == 422
        assert response.json()["errors"] == {"version": ["Dit veld is verplicht."]}

    def test_unknown_section_is_404(self, world, coach_api):
        response = coach_api.patch(_url(world.own_client, "hobbies"), {"version": 1, "data": {}})
        assert response.status_code == 404
        assert response.json() == {"detail": "Niet gevonden."}

    def test_back_office_changes_benefits_but_nothing_else(self, world, api_as):
        api = api_as(world.users["back_office"])
        client = world.own_client
        benefit = client.benefits.get()
        response = api.patch(
            _url(client, "benefits"),
            {"version": 1, "item": benefit.pk, "data": {"monthly_amount_cents": 130_000}},
        )
        assert response.status_code == 200, response.content
        assert response.json()["id"] == benefit.pk
        assert Benefit.objects.get(pk=benefit.pk).monthly_amount_cents == 130_000
        refused = api.patch(_url(client, "wishes"), {"version": 1, "data": {"region": "X"}})
        assert refused.status_code == 403
        assert refused.json() == {"detail": "U heeft geen toegang tot deze functie."}
        event = AccessEvent.objects.filter(user=world.users["back_office"]).order_by("-id").first()
        assert (event.action, event.outcome) == (Action.UPDATE, Outcome.REFUSED)


class TestListSections:
    def test_patch_edits_one_item(self, world, coach_api, job):
        response = coach_api.patch(
            _url(world.own_client, "work_history"),
            {"version": 1, "item": job.pk, "data": {"ended_on": "2023-06-30"}},
        )
        assert response.status_code == 200, response.content
        assert response.json() == {
            "id": job.pk,
            "version": 2,
            "data": {
                "employer_name": "Bakkerij De Korenbloem",
                "position": "Verkoper",
                "started_on": "2019-03-01",
                "ended_on": "2023-06-30",
                "hours_per_week": None,
                "reason_ended": "",
            },
        }

    def test_an_end_before_the_start_is_422(self, world, coach_api, job):
        response = coach_api.patch(
            _url(world.own_client, "work_history"),
            {"version": 1, "item": job.pk, "data": {"ended_on": "2018-01-01"}},
        )
        assert response.status_code == 422
        assert "ended_on" in response.json()["errors"]
        job.refresh_from_db()
        assert (job.ended_on, job.version) == (None, 1)

    def test_patch_without_item_is_422(self, world, coach_api, job):
        response = coach_api.patch(
            _url(world.own_client, "work_history"), {"version": 1, "data": {"position": "X"}}
        )
        assert response.status_code == 422
        assert "item" in response.json()["errors"]

    def test_an_item_of_another_client_is_not_found(self, world, coach_api, job):
        response = coach_api.patch(
            _url(world.teammate_client, "work_history"),
            {"version": 1, "item": job.pk, "data": {"position": "Bakker"}},
        )
        assert response.status_code == 404
        assert Job.objects.get(pk=job.pk).position == "Verkoper"

    def test_post_adds_an_item(self, world, coach_api):
        client = world.own_client
        response = coach_api.post(
            f"/clients/{client.pk}/sections/work_history/items/",
            {
                "data": {
                    "employer_name": "Aviko",
                    "position": "Productiemedewerker",
                    "started_on": "2021-09-01",
                    "hours_per_week": 32,
                }
            },
        )
        assert response.status_code == 201, response.content
        job = Job.objects.get(client=client)
        assert response.json()["id"] == job.pk
        assert (job.position, job.hours_per_week) == ("Productiemedewerker", 32)
        assert LogEntry.objects.filter(client=client, kind=EntryKind.SYSTEM).count() == 1

    def test_post_a_benefit_checks_the_payer(self, world, coach_api):
        client = world.own_client
        url = f"/clients/{client.pk}/sections/benefits/items/"
        benefit = {
            "kind": "ww",
            "paying_organisation": world.zutphen.pk,
            "started_on": "2024-01-01",
        }
        response = coach_api.post(url, {"data": benefit})
        assert response.status_code == 422
        assert "paying_organisation" in response.json()["errors"]
        benefit["paying_organisation"] = world.uwv.pk
        benefit["monthly_amount_cents"] = 150_000
        response = coach_api.post(url, {"data": benefit})
        assert response.status_code == 201, response.content
        assert response.json()["data"]["monthly_amount_cents"] == 150_000
        assert client.benefits.count() == 2

    def test_post_with_bad_input_adds_nothing(self, world, coach_api):
        client = world.own_client
        response = coach_api.post(
            f"/clients/{client.pk}/sections/work_history/items/", {"data": {"position": "X"}}
        )
        assert response.status_code == 422
        assert {"employer_name", "started_on"} <= set(response.json()["errors"])
        assert not Job.objects.filter(client=client).exists()

    def test_post_to_a_one_to_one_section_is_404(self, world, coach_api):
        response = coach_api.post(
            f"/clients/{world.own_client.pk}/sections/wishes/items/", {"data": {}}
        )
        assert response.status_code == 404

    def test_post_for_a_client_out_of_reach_is_404(self, world, coach_api):
        other = ClientFactory(werkplein=world.own_client.werkplein, municipality=world.zutphen)
        response = coach_api.post(
            f"/clients/{other.pk}/sections/work_history/items/",
            {"data": {"employer_name": "A", "position": "B", "started_on": "2020-01-01"}},
        )
        assert response.status_code == 404
        assert not Job.objects.exists()
