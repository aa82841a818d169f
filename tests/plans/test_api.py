"""/api/v1/me/ for the plan, applications and progress: client accounts only, his own data."""

import datetime

import pytest
from django.utils import timezone

from werkplein.plans import services
from werkplein.plans.models import ActivityStatus, JobApplication, LadderStep, Plan

from .conftest import make_application

STAFF = ("coach", "team_lead", "back_office", "security_officer", "provider_staff")


@pytest.fixture
def api(world, api_as):
    return api_as(world.users["client"])


class TestPlan:
    def test_get_plan(self, api, plan, own_activity):
        response = api.get("/me/plan/")
        assert response.status_code == 200
        body = response.json()
        assert body["version"] == plan.version and body["accepted"] is False
        assert [g["text"] for g in body["goals"]] == ["Werk in de zorg"]
        assert {a["description"] for a in body["activities"]} == {
            "Cv bijwerken",
            "Vacatures doorsturen",
        }
        assert (body["applications_required"], body["obligation_weeks"]) == (4, 4)

    def test_no_plan_404(self, api, client_record):
        assert api.get("/me/plan/").status_code == 404

    def test_accept(self, api, plan):
        response = api.post("/me/plan/accept/", {"version": plan.version})
        assert response.status_code == 200
        assert response.json()["accepted"] is True
        plan.refresh_from_db()
        assert plan.accepted_version == plan.version and plan.accepted_at is not None

    def test_stale_accept_409_with_new_plan(self, world, api, plan):
        read = plan.version
        services.add_goal(actor=world.users["coach"], plan=plan, text="Rijbewijs")
        response = api.post("/me/plan/accept/", {"version": read})
        assert response.status_code == 409
        body = response.json()
        assert "gewijzigd" in body["detail"]
        assert body["plan"]["version"] == read + 1
        assert "Rijbewijs" in [g["text"] for g in body["plan"]["goals"]]
        assert Plan.objects.get().accepted_version is None

    def test_accept_without_version_422_dutch(self, api, plan):
        response = api.post("/me/plan/accept/", {})
        assert response.status_code == 422
        assert response.json()["errors"]["version"] == ["Dit veld is verplicht."]

    def test_activity_done(self, api, own_activity):
        response = api.post(f"/me/plan/activities/{own_activity.pk}/done/", {"done": True})
        assert response.status_code == 200
        assert response.json()["status"] == "done"
        response = api.post(f"/me/plan/activities/{own_activity.pk}/done/", {"done": False})
        assert response.json()["status"] == "open"

    def test_coach_activity_403(self, api, coach_activity):
        response = api.post(f"/me/plan/activities/{coach_activity.pk}/done/", {})
        assert response.status_code == 403
        coach_activity.refresh_from_db()
        assert coach_activity.status == ActivityStatus.OPEN

    def test_another_clients_activity_404(self, api, plan, other_plan):
        activity = other_plan.activities.get()
        response = api.post(f"/me/plan/activities/{activity.pk}/done/", {})
        assert response.status_code == 404
        activity.refresh_from_db()
        assert activity.status == ActivityStatus.OPEN


class TestApplications:
    def test_list_newest_first_only_his(self, world, api, client_record):
        old = make_application(client_record, days_ago=5)
        new = make_application(client_record, days_ago=1)
        make_application(world.own_client)
        body = api.get("/me/applications/").json()
        assert body["count"] == 2
        assert [item["id"] for item in body["items"]] == [new.pk, old.pk]

    def test_add(self, api, client_record):
        response = api.post(
            "/me/applications/",
            {
                "employer_name": "Gemeente Zutphen",
                "position": "Baliemedewerker",
                "applied_on": timezone.localdate().isoformat(),
                "channel": "email",
            },
        )
        assert response.status_code == 201
        assert response.json()["result"] == "waiting"
        assert JobApplication.objects.get().client == client_record

    def test_add_future_or_without_employer_422_dutch(self, api, client_record):
        tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
        response = api.post(
            "/me/applications/",
            {"employer_name": " ", "position": "Kok", "applied_on": tomorrow},
        )
        assert response.status_code == 422
        errors = response.json()["errors"]
        assert errors["employer_name"] == ["Vul de naam van de werkgever in."]
        assert "toekomst" in errors["applied_on"][0]
        response = api.post("/me/applications/", {"position": "Kok", "applied_on": "gisteren"})
        assert response.status_code == 422
        assert response.json()["errors"]["applied_on"] == ["Vul een geldige datum in (jjjj-mm-dd)."]
        assert not JobApplication.objects.exists()

    def test_patch_result(self, api, client_record):
        application = make_application(client_record)
        url = f"/me/applications/{application.pk}/"
        response = api.patch(url, {"version": 1, "result": "interview"})
        assert response.status_code == 200
        assert response.json()["result"] == "interview"
        response = api.patch(url, {"version": 1, "result": "hired"})
        assert response.status_code == 409
        assert response.json()["application"]["result"] == "interview"
        response = api.patch(url, {"version": 2, "result": "ja"})
        assert response.status_code == 422
        assert response.json()["errors"]["result"] == ["Kies een resultaat."]

    def test_patch_another_clients_application_404(self, world, api, client_record):
        foreign = make_application(world.own_client)
        response = api.patch(f"/me/applications/{foreign.pk}/", {"version": 1, "result": "hired"})
        assert response.status_code == 404
        foreign.refresh_from_db()
        assert foreign.result == "waiting"


def test_progress(api, plan, own_activity):
    services.mark_activity(actor=plan.client.user, activity=own_activity)
    LadderStep.objects.create(
        werkplein=plan.werkplein, client=plan.client, rung=3, set_on=timezone.localdate()
    )
    make_application(plan.client, days_ago=2)
    body = api.get("/me/progress/").json()
    assert body["has_plan"] is True and body["plan_accepted"] is False
    assert (body["activities_done"], body["activities_total"]) == (1, 2)
    assert body["next_activity"]["description"] == "Vacatures doorsturen"
    assert body["obligation"]["count"] == 1 and body["obligation"]["required"] == 4
    assert body["obligation"]["met"] is False
    assert body["current_rung"]["rung"] == 3
    assert body["current_rung"]["label"] == "Deelname aan georganiseerde activiteiten"


def test_progress_new_client(api, client_record):
    body = api.get("/me/progress/").json()
    assert body["has_plan"] is False and body["current_rung"] is None and body["ladder"] == []


@pytest.mark.parametrize("role", STAFF)
def test_staff_get_404_everywhere(world, api_as, plan, own_activity, role):
    api = api_as(world.users[role])
    application = make_application(plan.client)
    assert api.get("/me/plan/").status_code == 404
    assert api.post("/me/plan/accept/", {"version": plan.version}).status_code == 404
    assert api.post(f"/me/plan/activities/{own_activity.pk}/done/", {}).status_code == 404
    assert api.get("/me/applications/").status_code == 404
    new = {"employer_name": "X", "position": "Y", "applied_on": timezone.localdate().isoformat()}
    assert api.post("/me/applications/", new).status_code == 404
    assert (
        api.patch(
            f"/me/applications/{application.pk}/", {"version": 1, "result": "hired"}
        ).status_code
        == 404
    )
    assert api.get("/me/progress/").status_code == 404
    plan.refresh_from_db()
    assert plan.accepted_version is None
    assert JobApplication.objects.count() == 1
