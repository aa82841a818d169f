"""The client's plan and applications under /mijn/: only his own, by id filtered on him."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from werkplein.logbook.models import LogEntry
from werkplein.plans import services
from werkplein.plans.models import ActivityStatus, JobApplication, Plan

from .conftest import make_application

STAFF = (
    "coach",
    "team_lead",
    "back_office",
    "security_officer",
    "functional_admin",
    "provider_staff",
)


@pytest.fixture
def http(world, login):
    return login(world.users["client"])


class TestPlanPage:
    def test_reads_his_plan_grouped_by_owner(self, http, plan, other_plan):
        html = http.get(reverse("portal:plan")).content.decode()
        assert "Werk in de zorg" in html
        assert "Wat ik doe" in html and "Wat mijn coach doet" in html
        assert (
            html.index("Wat ik doe")
            < html.index("Cv bijwerken")
            < html.index("Wat mijn coach doet")
        )
        assert "Ik ga akkoord met dit plan" in html
        assert "Iets anders" not in html  # another client's activity

    def test_empty_state_without_plan(self, http, client_record):
        html = http.get(reverse("portal:plan")).content.decode()
        assert "U heeft nog geen plan" in html

    @pytest.mark.parametrize("role", STAFF)
    def test_staff_get_404(self, world, login, plan, role):
        http = login(world.users[role])
        assert http.get(reverse("portal:plan")).status_code == 404
        assert (
            http.post(reverse("portal:plan_accept"), {"version": plan.version}).status_code == 404
        )

    def test_anonymous_sent_to_login(self, client, plan):
        response = client.get(reverse("portal:plan"))
        assert response.status_code == 302 and "login" in response["Location"]

    def test_accept(self, http, plan):
        response = http.post(reverse("portal:plan_accept"), {"version": plan.version})
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.is_accepted and plan.accepted_at is not None
        html = http.get(reverse("portal:plan")).content.decode()
        assert "U bent op" in html and "Ik ga akkoord met dit plan" not in html

    def test_stale_accept_shows_the_new_plan(self, world, http, plan):
        read_version = plan.version
        services.add_goal(actor=world.users["coach"], plan=plan, text="Een rijbewijs halen")
        response = http.post(reverse("portal:plan_accept"), {"version": read_version})
        assert response.status_code == 409
        html = response.content.decode()
        assert "Uw coach heeft het plan net veranderd" in html
        assert "Een rijbewijs halen" in html
        assert f'name="version" value="{read_version + 1}"' in html
        plan.refresh_from_db()
        assert plan.accepted_version is None

    def test_garbled_version_is_stale(self, http, plan):
        assert http.post(reverse("portal:plan_accept"), {"version": "x"}).status_code == 409

    def test_accept_without_plan_404(self, http, client_record):
        assert http.post(reverse("portal:plan_accept"), {"version": 1}).status_code == 404


class TestActivityDone:
    def test_marks_his_own_done_and_undoes(self, world, http, own_activity):
        url = reverse("portal:activity_done", args=[own_activity.pk])
        assert http.post(url, {"done": "1"}).status_code == 302
        own_activity.refresh_from_db()
        assert own_activity.status == ActivityStatus.DONE
        entry = LogEntry.objects.filter(client=own_activity.plan.client).latest("id")
        assert (
            entry.text == "Activiteit gedaan: Cv bijwerken"
            and entry.author == world.users["client"]
        )
        assert "Toch nog niet gedaan" in http.get(reverse("portal:plan")).content.decode()
        http.post(url, {"done": "0"})
        own_activity.refresh_from_db()
        assert own_activity.status == ActivityStatus.OPEN

    def test_coach_activity_refused(self, http, coach_activity):
        response = http.post(reverse("portal:activity_done", args=[coach_activity.pk]))
        # He sees it in his plan: a Dutch message on his plan page, not a bare 403.
        assert response.status_code == 302
        assert "niet zelf afvinken" in http.get(response["Location"]).content.decode()
        coach_activity.refresh_from_db()
        assert coach_activity.status == ActivityStatus.OPEN

    def test_another_clients_activity_404(self, http, plan, other_plan):
        activity = other_plan.activities.get()
        response = http.post(reverse("portal:activity_done", args=[activity.pk]))
        assert response.status_code == 404
        activity.refresh_from_db()
        assert activity.status == ActivityStatus.OPEN

    def test_get_not_allowed(self, http, own_activity):
        assert http.get(reverse("portal:activity_done", args=[own_activity.pk])).status_code == 405


class TestApplications:
    def _post(self, http, **kwargs):
        data = {
            "employer_name": "Albert Heijn",
            "position": "Vakkenvuller",
            "applied_on": timezone.localdate().isoformat(),
            "channel": "website",
            "result": "waiting",
            "notes": "",
        } | kwargs
        return http.post(reverse("portal:applications"), data)

    def test_list_newest_first_paginated(self, http, client_record, world):
        for n in range(22):
            make_application(client_record, days_ago=n, position=f"Functie {n:02d}")
        make_application(world.own_client, position="Van een ander")
        html = http.get(reverse("portal:applications")).content.decode()
        assert html.index("Functie 00") < html.index("Functie 01")
        assert "Functie 21" not in html  # on page 2
        assert "Van een ander" not in html
        assert "Pagina 1 van 2" in html
        assert (
            "Functie 21" in http.get(reverse("portal:applications"), {"page": 2}).content.decode()
        )

    def test_add(self, http, client_record):
        response = self._post(http)
        assert response.status_code == 302
        application = JobApplication.objects.get()
        assert application.client == client_record
        assert "Vakkenvuller bij Albert Heijn" in LogEntry.objects.latest("id").text

    def test_future_date_refused_in_dutch(self, http):
        tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
        response = self._post(http, applied_on=tomorrow)
        assert response.status_code == 422
        assert "De datum ligt in de toekomst" in response.content.decode()
        assert not JobApplication.objects.exists()

    def test_missing_employer_refused_in_dutch(self, http):
        response = self._post(http, employer_name="")
        assert response.status_code == 422
        assert "Vul de naam van de werkgever in." in response.content.decode()
        assert not JobApplication.objects.exists()

    def test_garbled_date_refused_in_dutch(self, http):
        response = self._post(http, applied_on="31-02-2025")
        assert response.status_code == 422
        assert "Vul een geldige datum in" in response.content.decode()

    def test_shows_obligation_progress(self, http, plan):
        make_application(plan.client, days_ago=1)
        html = http.get(reverse("portal:applications")).content.decode()
        assert "1 van 4 sollicitaties in de afgelopen 4 weken" in html
        assert "U heeft nog 3 sollicitaties nodig." in html
        assert '<progress id="applications-progress"' in html

    def test_edit_result(self, http, client_record):
        application = make_application(client_record)
        url = reverse("portal:application_edit", args=[application.pk])
        assert http.get(url).status_code == 200
        response = http.post(url, {"version": 1, "result": "interview", "notes": "Gesprek dinsdag"})
        assert response.status_code == 302
        application.refresh_from_db()
        assert (application.result, application.notes) == ("interview", "Gesprek dinsdag")
        response = http.post(url, {"version": 1, "result": "hired"})
        assert response.status_code == 409
        assert "Uw wijziging is niet" in response.content.decode()

    def test_another_clients_application_404(self, http, world, client_record):
        foreign = make_application(world.own_client)
        url = reverse("portal:application_edit", args=[foreign.pk])
        assert http.get(url).status_code == 404
        assert http.post(url, {"version": 1, "result": "hired"}).status_code == 404
        foreign.refresh_from_db()
        assert foreign.result == "waiting"

    @pytest.mark.parametrize("role", STAFF)
    def test_staff_get_404(self, world, login, role):
        http = login(world.users[role])
        assert http.get(reverse("portal:applications")).status_code == 404


def test_coach_sees_what_the_client_did(world, http, login, plan, own_activity):
    """What the client does on his pages lands in the logbook and on the coach's plan page."""
    http.post(reverse("portal:activity_done", args=[own_activity.pk]))
    http.post(reverse("portal:plan_accept"), {"version": Plan.objects.get().version})
    coach = login(world.users["coach"])
    html = coach.get(reverse("clients:dossier", args=[plan.client.pk])).content.decode()
    assert "Activiteit gedaan: Cv bijwerken" in html
    assert "Plan geaccepteerd door de klant" in html
    assert "Geaccepteerd" in html
