"""The clients API: caseload and search, registration, the dossier."""

import datetime

import pytest

from tests.factories import UNGENERATED_SURNAME, BenefitFactory, ClientFactory, valid_bsn
from werkplein.audit.models import AccessEvent, Action, Outcome, Purpose, Relation
from werkplein.clients.models import Client, Education, Job
from werkplein.clients.sections import SECTIONS


def _ids(response) -> set[int]:
    return {item["id"] for item in response.json()["items"]}


class TestList:
    def test_coach_without_query_gets_his_team_caseload(self, world, api_as):
        response = api_as(world.users["coach"]).get("/clients/")
        assert response.status_code == 200
        body = response.json()
        own = world.own_client
        assert body["count"] == 3
        assert _ids(response) == {own.pk, world.teammate_client.pk, world.client_user_client.pk}
        item = next(i for i in body["items"] if i["id"] == own.pk)
        assert item == {
            "id": own.pk,
            "name": own.full_name,
            "bsn": own.bsn,
            "date_of_birth": own.date_of_birth.isoformat(),
            "coach": {"id": world.users["coach"].pk, "name": str(world.users["coach"])},
            "segment": own.segment,
            "last_contact_at": None,
            "next_contact_due": own.next_contact_due.isoformat(),
        }

    def test_team_lead_without_query_gets_the_teams_he_leads(self, world, api_as):
        response = api_as(world.users["other_lead"]).get("/clients/")
        assert _ids(response) == {world.private_team_client.pk, world.sampled_client.pk}

    @pytest.mark.parametrize(
        "role", ["back_office", "quality_officer", "security_officer", "client"]
    )
    def test_other_roles_without_query_get_nothing(self, world, api_as, role):
        response = api_as(world.users[role]).get("/clients/")
        assert response.status_code == 200
        assert response.json() == {"items": [], "count": 0}

    def test_search_by_bsn_finds_only_reachable_clients_and_is_logged(self, world, api_as):
        back_office = world.users["back_office"]
        api = api_as(back_office)
        assert _ids(api.get("/clients/", q=world.own_client.bsn)) == {world.own_client.pk}
        assert api.get("/clients/", q=world.teammate_client.bsn).json()["count"] == 0
        assert api.get("/clients/", q=world.foreign_client.bsn).json()["count"] == 0
        assert AccessEvent.objects.filter(user=back_office, action=Action.SEARCH).count() == 3

    def test_search_by_name(self, world, api_as):
        client = world.teammate_client
        response = api_as(world.users["coach"]).get("/clients/", q=client.last_name)
        assert client.pk in _ids(response)

    def test_pages_of_fifty_with_a_constant_number_of_queries(
        self, world, api_as, django_assert_max_num_queries
    ):
        coach = world.users["coach"]
        api = api_as(coach)
        with django_assert_max_num_queries(8):
            api.get("/clients/")
        for _ in range(60):
            ClientFactory(
                werkplein=coach.werkplein, municipality=world.zutphen, coach=coach, team=None
            )
        with django_assert_max_num_queries(8):
            first = api.get("/clients/")
        assert first.json()["count"] == 63
        assert len(first.json()["items"]) == 50
        second = api.get("/clients/", page=2)
        assert len(second.json()["items"]) == 13
        assert not _ids(first) & _ids(second)
        assert len(api.get("/clients/", page_size=500).json()["items"]) == 50

    def test_search_has_a_constant_number_of_queries(
        self, world, api_as, django_assert_max_num_queries
    ):
        coach = world.users["coach"]
        for _ in range(30):
            ClientFactory(
                werkplein=coach.werkplein,
                municipality=world.zutphen,
                coach=coach,
                last_name=UNGENERATED_SURNAME,
            )
        api = api_as(coach)
        with django_assert_max_num_queries(10):
            response = api.get("/clients/", q=UNGENERATED_SURNAME)
        assert response.json()["count"] == 30


def _registration(world, **overrides) -> dict:
    return {
        "bsn": valid_bsn(),
        "first_name": "Fatima",
        "name_prefix": "el",
        "last_name": "Amrani",
        "date_of_birth": "1990-04-12",
        "street": "Houtmarkt",
        "house_number": "12a",
        "postcode": "7201ab",
        "city": "Zutphen",
        "municipality": world.zutphen.pk,
        "phone": "06 12345678",
        "email": "fatima@voorbeeld.nl",
        **overrides,
    }


class TestRegister:
    def test_a_coach_registers_a_client_who_joins_his_caseload(self, world, api_as):
        coach = world.users["coach"]
        body = _registration(world)
        response = api_as(coach).post("/clients/", body)
        assert response.status_code == 201, response.content
        dossier = response.json()
        client = Client.objects.get(pk=dossier["id"])
        assert client.bsn == body["bsn"]
        assert client.coach == coach
        assert dossier["coach"]["id"] == coach.pk
        assert dossier["team"] == {"id": world.team_shared.pk, "name": "Jongeren"}
        personal = dossier["sections"]["personal"]["data"]
        assert personal["postcode"] == "7201 AB"
        assert personal["phone"] == "+31612345678"
        assert personal["municipality"] == world.zutphen.pk
        assert dossier["sections"]["education"] == {
            "version": 1,
            "data": {
                "highest_level": "none",
                "has_start_qualification": False,
                "diplomas": "",
                "current_study": "",
            },
        }

    def test_back_office_may_register(self, world, api_as):
        response = api_as(world.users["back_office"]).post("/clients/", _registration(world))
        assert response.status_code == 201
        assert response.json()["coach"] is None

    @pytest.mark.parametrize(
        "role", ["quality_officer", "security_officer", "functional_admin", "client", "employer"]
    )
    def test_others_may_not(self, world, api_as, role):
        response = api_as(world.users[role]).post("/clients/", _registration(world))
        assert response.status_code == 403
        assert response.json() == {"detail": "U heeft geen toegang tot deze functie."}
        assert not Client.objects.filter(last_name="Amrani").exists()

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"bsn": "123456789"}, "bsn"),
            ({"postcode": "12345"}, "postcode"),
            ({"date_of_birth": "2099-01-01"}, "date_of_birth"),
            ({"municipality": 999999}, "municipality"),
            ({"email": "geen-adres"}, "email"),
        ],
    )
    def test_invalid_input_is_422_and_nothing_is_registered(self, world, api_as, overrides, field):
        response = api_as(world.users["coach"]).post("/clients/", _registration(world, **overrides))
        assert response.status_code == 422
        body = response.json()
        assert body["detail"] == "De invoer is niet geldig."
        assert field in body["errors"]
        assert not Client.objects.filter(last_name="Amrani").exists()

    def test_missing_and_mistyped_fields_are_422_in_dutch(self, world, api_as):
        body = _registration(world, date_of_birth="12 april")
        del body["last_name"]
        response = api_as(world.users["coach"]).post("/clients/", body)
        assert response.status_code == 422
        assert response.json()["errors"] == {
            "last_name": ["Dit veld is verplicht."],
            "date_of_birth": ["Vul een geldige datum in (jjjj-mm-dd)."],
        }

    def test_municipality_of_another_werkplein_is_refused(self, world, api_as):
        foreign_municipality = world.foreign_client.municipality
        body = _registration(world, municipality=foreign_municipality.pk)
        response = api_as(world.users["coach"]).post("/clients/", body)
        assert response.status_code == 422
        assert "municipality" in response.json()["errors"]

    def test_a_bsn_is_registered_once(self, world, api_as):
        body = _registration(world, bsn=world.own_client.bsn)
        response = api_as(world.users["coach"]).post("/clients/", body)
        assert response.status_code == 422
        assert response.json()["errors"]["bsn"] == ["Dit BSN is al ingeschreven bij dit Werkplein."]


class TestDossier:
    def test_the_dossier_has_every_section_with_model_values(self, world, api_as):
        client = world.own_client
        Job.objects.create(
            werkplein=client.werkplein,
            client=client,
            employer_name="Bakkerij De Korenbloem",
            position="Verkoper",
            started_on=datetime.date(2019, 3, 1),
            ended_on=datetime.date(2023, 6, 30),
        )
        response = api_as(world.users["coach"]).get(f"/clients/{client.pk}/")
        assert response.status_code == 200
        dossier = response.json()
        assert set(dossier["sections"]) == set(SECTIONS)
        assert dossier["name"] == client.full_name
        assert dossier["bsn"] == client.bsn
        assert dossier["team"] == {"id": world.team_shared.pk, "name": "Jongeren"}
        assert dossier["guidance"] == {
            "segment": "support",
            "contact_frequency_days": 28,
            "version": 1,
        }
        benefit = client.benefits.get()
        assert dossier["sections"]["benefits"] == [
            {
                "id": benefit.pk,
                "version": 1,
                "data": {
                    "kind": "bijstand",
                    "paying_organisation": world.zutphen.pk,
                    "started_on": benefit.started_on.isoformat(),
                    "expected_end_on": None,
                    "monthly_amount_cents": 125_000,
                },
            }
        ]
        [job] = dossier["sections"]["work_history"]
        assert job["data"]["started_on"] == "2019-03-01"
        assert dossier["sections"]["financial"]["data"]["housing_costs_cents"] == 0
        assert dossier["sections"]["personal"]["data"]["date_of_birth"] == (
            client.date_of_birth.isoformat()
        )

    def test_a_read_is_logged_with_purpose_and_relation(self, world, api_as):
        coach = world.users["coach"]
        api_as(coach).get(f"/clients/{world.teammate_client.pk}/")
        event = AccessEvent.objects.get(user=coach, client=world.teammate_client)
        assert (event.action, event.outcome) == (Action.READ, Outcome.ALLOWED)
        assert (event.purpose, event.relation) == (Purpose.GUIDANCE, Relation.TEAM)

    def test_a_team_lead_states_his_purpose(self, world, api_as):
        lead = world.users["team_lead"]
        response = api_as(lead).get(f"/clients/{world.own_client.pk}/", purpose="guidance")
        assert response.status_code == 200
        assert AccessEvent.objects.get(user=lead).purpose == Purpose.GUIDANCE

    def test_a_purpose_the_role_does_not_have_is_refused_as_not_found(self, world, api_as):
        coach = world.users["coach"]
        response = api_as(coach).get(f"/clients/{world.own_client.pk}/", purpose="benefit")
        assert response.status_code == 404
        event = AccessEvent.objects.get(user=coach)
        assert (event.outcome, event.requested_client_id) == (
            Outcome.REFUSED,
            world.own_client.pk,
        )

    def test_an_id_that_is_no_number_is_422(self, world, api_as):
        response = api_as(world.users["coach"]).get("/clients/abc/")
        assert response.status_code == 422
        assert response.json()["errors"] == {"client_id": ["Vul een geheel getal in."]}

    def test_the_dossier_has_a_constant_number_of_queries(
        self, world, api_as, django_assert_max_num_queries
    ):
        client = world.own_client
        for year in range(2000, 2020):
            Job.objects.create(
                werkplein=client.werkplein,
                client=client,
                employer_name="Werkgever",
                position="Medewerker",
                started_on=datetime.date(year, 1, 1),
            )
            BenefitFactory(client=client, kind="none", paying_organisation=None)
        assert Education.objects.filter(client=client).exists()
        api = api_as(world.users["coach"])
        with django_assert_max_num_queries(15):
            response = api.get(f"/clients/{client.pk}/")
        assert len(response.json()["sections"]["work_history"]) == 20
