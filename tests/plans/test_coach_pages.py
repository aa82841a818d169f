"""Staff pages of the plan under /klanten/<pk>/plan/: reach, changes, stale versions, the card."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from werkplein.audit.models import AccessEvent, Outcome
from werkplein.plans import selectors
from werkplein.plans.models import Activity, ActivityOwner, ActivityStatus, Goal, LadderStep, Plan

from .conftest import make_application

# Who reaches the client account's record (shared team "Jongeren"): coach, teammate, team lead.
CHANGERS = ("coach", "teammate", "team_lead")
OUT_OF_REACH = (
    "other_coach",
    "other_lead",
    "back_office",
    "back_office_uwv",
    "quality_officer",
    "security_officer",
    "functional_admin",
    "provider_staff",
    "employer",
    "client",
)


def _url(name, client, *args):
    return reverse(f"plans:{name}", args=[client.pk, *args])


class TestReach:
    @pytest.mark.parametrize("role", CHANGERS)
    def test_coach_team_and_lead_read_and_change(self, world, login, plan, role):
        http = login(world.users[role])
        client = plan.client
        assert http.get(_url("plan", client)).status_code == 200
        response = http.post(_url("goal_add", client), {"text": "Nieuw doel"})
        assert response.status_code == 302
        assert Goal.objects.filter(plan=plan, text="Nieuw doel").exists()

    @pytest.mark.parametrize("role", OUT_OF_REACH)
    def test_others_get_404_and_change_nothing(self, world, login, plan, role):
        http = login(world.users[role])
        client = plan.client
        goal = plan.goals.get()
        activity = plan.activities.first()
        for url in (
            _url("plan", client),
            _url("applications", client),
            _url("goal_add", client),
            _url("ladder", client),
        ):
            assert http.get(url).status_code == 404, url
        for url, data in (
            (_url("create", client), {}),
            (_url("goal_add", client), {"text": "X"}),
            (_url("goal_remove", client, goal.pk), {"version": goal.version}),
            (_url("activity_remove", client, activity.pk), {"version": activity.version}),
            (_url("obligation", client), {"applications_required": 1, "obligation_weeks": 1}),
            (_url("ladder", client), {"rung": 3}),
        ):
            assert http.post(url, data).status_code == 404, url
        plan.refresh_from_db()
        assert plan.goals.count() == 1 and plan.activities.count() == 2
        assert plan.applications_required == 4
        assert not LadderStep.objects.exists()

    def test_foreign_werkplein_404(self, world, login):
        http = login(world.users["coach"])
        assert http.get(_url("plan", world.foreign_client)).status_code == 404

    def test_back_office_reads_but_may_not_change(self, world, login):
        """Back office reaches the client whose benefit it pays: the plan to read, not to write."""
        client = world.own_client
        http = login(world.users["back_office"])
        response = http.get(_url("plan", client))
        assert response.status_code == 200
        assert "Plan van aanpak maken" not in response.content.decode()
        assert http.get(_url("goal_add", client)).status_code == 403
        assert http.post(_url("create", client)).status_code == 403
        assert not Plan.objects.filter(client=client).exists()
        assert AccessEvent.objects.filter(
            user=world.users["back_office"], client=client, outcome=Outcome.REFUSED
        ).exists()

    def test_goal_of_another_clients_plan_404(self, world, login, plan, other_plan):
        foreign_goal = Goal.objects.create(
            werkplein=other_plan.werkplein, plan=other_plan, text="X"
        )
        http = login(world.users["coach"])
        response = http.post(
            _url("goal_edit", plan.client, foreign_goal.pk), {"text": "Y", "version": 1}
        )
        assert response.status_code == 404
        foreign_goal.refresh_from_db()
        assert foreign_goal.text == "X"


class TestChanges:
    def test_create_plan(self, world, login, client_record):
        http = login(world.users["coach"])
        page = http.get(_url("plan", client_record)).content.decode()
        assert "Plan van aanpak maken" in page
        response = http.post(_url("create", client_record))
        assert response.status_code == 302
        assert Plan.objects.filter(client=client_record).count() == 1

    def test_plan_page_shows_everything(self, world, login, plan):
        make_application(plan.client, position="Kok")
        page = login(world.users["coach"]).get(_url("plan", plan.client)).content.decode()
        for text in (
            "Werk in de zorg",
            "Cv bijwerken",
            "Vacatures doorsturen",
            "Nog niet geaccepteerd",
            "Kok",
            "1 van 4 in de afgelopen 4 weken",
        ):
            assert text in page

    def test_add_and_edit_activity(self, world, login, plan):
        http = login(world.users["coach"])
        goal = plan.goals.get()
        due = timezone.localdate() + datetime.timedelta(days=5)
        response = http.post(
            _url("activity_add", plan.client),
            {
                "description": "Open dag bezoeken",
                "goal": goal.pk,
                "owner": "client",
                "due_on": due.isoformat(),
                "status": "open",
            },
        )
        assert response.status_code == 302
        activity = Activity.objects.get(description="Open dag bezoeken")
        assert (activity.goal, activity.due_on, activity.owner) == (goal, due, ActivityOwner.CLIENT)
        assert http.get(_url("activity_edit", plan.client, activity.pk)).status_code == 200
        response = http.post(
            _url("activity_edit", plan.client, activity.pk),
            {
                "version": activity.version,
                "description": "Open dag bezoeken",
                "goal": "",
                "owner": "coach",
                "due_on": "",
                "status": "done",
            },
        )
        assert response.status_code == 302
        activity.refresh_from_db()
        assert (activity.goal, activity.owner, activity.status) == (None, "coach", "done")

    def test_stale_activity_shows_dutch_message(self, world, login, own_activity):
        http = login(world.users["coach"])
        Activity.objects.filter(pk=own_activity.pk).update(
            description="Cv laten nakijken", version=2
        )
        response = http.post(
            _url("activity_edit", own_activity.plan.client, own_activity.pk),
            {
                "version": 1,
                "description": "Mijn versie",
                "owner": "client",
                "status": "open",
            },
        )
        assert response.status_code == 409
        page = response.content.decode()
        assert "Iemand anders heeft dit net gewijzigd" in page
        assert "Cv laten nakijken" in page
        own_activity.refresh_from_db()
        assert own_activity.description == "Cv laten nakijken"

    def test_stale_goal_edit(self, world, login, plan):
        goal = plan.goals.get()
        http = login(world.users["coach"])
        response = http.post(
            _url("goal_edit", plan.client, goal.pk), {"text": "Nieuw", "version": 9}
        )
        assert response.status_code == 409
        assert "Iemand anders heeft dit net gewijzigd" in response.content.decode()

    def test_invalid_activity_is_422_with_dutch_message(self, world, login, plan):
        http = login(world.users["coach"])
        response = http.post(
            _url("activity_add", plan.client),
            {"description": "", "owner": "client", "status": "open"},
        )
        assert response.status_code == 422
        assert "Beschrijf de activiteit." in response.content.decode()
        assert plan.activities.count() == 2

    def test_remove_activity_asks_first(self, world, login, own_activity):
        http = login(world.users["coach"])
        url = _url("activity_remove", own_activity.plan.client, own_activity.pk)
        page = http.get(url).content.decode()
        assert "Ja, verwijderen" in page
        assert Activity.objects.filter(pk=own_activity.pk).exists()
        assert http.post(url, {"version": own_activity.version}).status_code == 302
        assert not Activity.objects.filter(pk=own_activity.pk).exists()

    def test_remove_goal_keeps_its_activities(self, world, login, plan):
        goal = plan.goals.get()
        http = login(world.users["coach"])
        http.post(_url("goal_remove", plan.client, goal.pk), {"version": goal.version})
        assert plan.activities.count() == 2
        assert not plan.activities.filter(goal__isnull=False).exists()

    def test_obligation_and_ladder(self, world, login, plan):
        http = login(world.users["coach"])
        response = http.post(
            _url("obligation", plan.client),
            {"applications_required": 0, "obligation_weeks": 4, "version": plan.version},
        )
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.applications_required == 0
        response = http.post(
            _url("obligation", plan.client),
            {"applications_required": 3, "obligation_weeks": 2, "version": plan.version - 1},
        )
        assert response.status_code == 409
        response = http.post(_url("ladder", plan.client), {"rung": 3, "note": "Doet mee"})
        assert response.status_code == 302
        assert LadderStep.objects.get().rung == 3
        response = http.post(_url("ladder", plan.client), {"rung": 3})
        assert response.status_code == 422
        assert "De klant staat al op deze trede." in response.content.decode()


class TestDossierCard:
    def test_card_on_the_dossier(self, world, login, plan, coach_activity):
        Activity.objects.filter(pk=coach_activity.pk).update(
            due_on=timezone.localdate() - datetime.timedelta(days=2)
        )
        LadderStep.objects.create(
            werkplein=plan.werkplein, client=plan.client, rung=4, set_on=timezone.localdate()
        )
        for days_ago in (1, 2, 3):
            make_application(plan.client, days_ago=days_ago)
        page = login(world.users["coach"]).get(reverse("clients:dossier", args=[plan.client.pk]))
        html = page.content.decode()
        assert "Plan van aanpak" in html
        assert "Nog niet geaccepteerd" in html
        assert "Werk in de zorg" in html
        assert "te laat" in html  # the overdue coach activity
        assert "Trede 4 van 6: Onbetaald werk" in html
        assert "3 van 4 in de afgelopen 4 weken" in html
        assert "below-target" in html
        assert _url("plan", plan.client) in html and _url("applications", plan.client) in html

    def test_card_states(self, world, plan):
        coach = world.users["coach"]
        card = selectors.dossier_card(coach, plan.client)["plan_card"]
        assert not card["progress"].plan_accepted and card["may_change"]
        Plan.objects.filter(pk=plan.pk).update(
            accepted_version=plan.version, accepted_at=timezone.now()
        )
        assert selectors.dossier_card(coach, plan.client)["plan_card"]["progress"].plan_accepted
        Plan.objects.filter(pk=plan.pk).update(version=plan.version + 1)
        card = selectors.dossier_card(coach, plan.client)["plan_card"]
        assert card["progress"].plan_changed_since_acceptance

    def test_card_without_plan(self, world, login):
        html = (
            login(world.users["coach"])
            .get(reverse("clients:dossier", args=[world.own_client.pk]))
            .content.decode()
        )
        assert "Nog geen plan van aanpak." in html

    def test_bounded_queries(self, world, plan, django_assert_max_num_queries):
        coach = world.users["coach"]

        def render():
            card = selectors.dossier_card(coach, plan.client)["plan_card"]
            list(card["plan"].goals.all())
            list(card["plan"].open_activities)
            return card

        with django_assert_max_num_queries(5):  # plan, goals, open activities, applications, ladder
            render()
        for n in range(20):
            Activity.objects.create(
                werkplein=plan.werkplein, plan=plan, description=f"A{n}", status=ActivityStatus.OPEN
            )
            Goal.objects.create(werkplein=plan.werkplein, plan=plan, text=f"G{n}")
            make_application(plan.client, days_ago=n)
            LadderStep.objects.create(
                werkplein=plan.werkplein,
                client=plan.client,
                rung=1 + n % 6,
                set_on=timezone.localdate() - datetime.timedelta(days=n),
            )
        with django_assert_max_num_queries(5):  # plan, goals, open activities, applications, ladder
            render()


def test_applications_page_lists_everything(world, login, plan):
    for n in range(3):
        make_application(plan.client, days_ago=n, position=f"Functie {n}")
    make_application(world.own_client, position="Niet van deze klant")
    html = login(world.users["coach"]).get(_url("applications", plan.client)).content.decode()
    assert "Functie 0" in html and "Functie 2" in html
    assert "Niet van deze klant" not in html
    assert "3 van 4 in de afgelopen 4 weken" in html
