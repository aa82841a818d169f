"""The four-week search period of young bijstand applicants, its vacancies and tasks, the hold it
puts on the bijstand application, and the team lead lifting that hold."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.bad_input import assert_dutch, assert_page_refused
from werkplein.benefits import rules, services
from werkplein.benefits.models import BenefitApplication, SearchPeriod, SearchTask
from werkplein.clients.models import BenefitKind
from werkplein.logbook.models import LogEntry, Visibility

from .conftest import (
    IBAN,
    complete_for_ww,
    days,
    make_application,
    make_period,
    make_young,
    shown,
    today,
)


def _apply_url(client):
    return reverse("benefits_dossier:apply", args=[client.pk])


def _bijstand(start=7):
    return {"kind": "bijstand", "desired_start_on": days(start).isoformat(), "iban": IBAN}


@pytest.mark.parametrize(
    ("age", "benefit", "applies"),
    [
        (18, "bijstand", True),
        (26, "bijstand", True),
        (27, "bijstand", False),
        (45, "bijstand", False),
        (20, "ww", False),
        (20, "wia", False),
        (20, "none", False),
    ],
)
def test_search_period_applies_under_27_asking_bijstand(age, benefit, applies):
    assert rules.search_period_applies(age, benefit) is applies


class TestStart:
    def test_four_weeks_up_to_and_including_the_end(self, world):
        client, coach = world.own_client, world.users["coach"]
        start = datetime.date(2026, 3, 2)
        period = services.start_search_period(actor=coach, client=client, starts_on=start)
        assert period.ends_on == datetime.date(2026, 3, 29)  # 28 days: 2 March to 29 March
        entry = LogEntry.objects.get(client=client)
        assert entry.visibility == Visibility.CLIENT
        assert entry.text.startswith("Zoekperiode van vier weken gestart tot en met 29-3-2026")

    def test_length_follows_the_setting(self, world, settings):
        settings.WERKPLEIN_SEARCH_PERIOD_DAYS = 14
        start = datetime.date(2026, 3, 2)
        period = services.start_search_period(
            actor=world.users["coach"], client=world.own_client, starts_on=start
        )
        assert period.ends_on == datetime.date(2026, 3, 15)

    def test_inside_an_outer_transaction_a_failure_undoes_it(self, world):
        """The intake calls it inside its own transaction: one failure, nothing half-saved."""
        from django.db import transaction

        with pytest.raises(RuntimeError), transaction.atomic():
            services.start_search_period(
                actor=world.users["coach"], client=world.own_client, starts_on=today()
            )
            raise RuntimeError
        assert not SearchPeriod.objects.exists() and not LogEntry.objects.exists()


class TestHold:
    def test_bijstand_application_blocked_during_the_period(self, world, login):
        client = world.own_client
        period = make_period(client, starts_on=days(-3))
        http = login(world.users["coach"])
        response = http.post(_apply_url(client), _bijstand())
        texts = assert_page_refused(response)
        end = shown(period.ends_on)
        assert any(end in text and "zoekperiode" in text.lower() for text in texts), texts
        assert response.status_code == 422
        assert not BenefitApplication.objects.exists()
        assert not LogEntry.objects.exists()

    def test_blocked_on_the_last_day(self, world):
        client = world.own_client
        make_period(client, starts_on=days(-27))  # ends today
        with pytest.raises(ValidationError) as raised:
            services.start_application(
                actor=world.users["coach"],
                client=client,
                kind=BenefitKind.BIJSTAND,
                desired_start_on=days(1),
                iban=IBAN,
            )
        assert shown(today()) in raised.value.messages[0]
        assert_dutch(raised.value.messages[0])
        assert not BenefitApplication.objects.exists()

    def test_allowed_the_day_after_the_end(self, world, login):
        client = world.own_client
        make_period(client, starts_on=days(-28))  # ended yesterday
        response = login(world.users["coach"]).post(_apply_url(client), _bijstand())
        assert response.status_code == 302
        application = BenefitApplication.objects.get()
        assert application.paying_organisation == world.zutphen

    def test_allowed_after_a_lift(self, world, login):
        client = world.own_client
        make_period(client, lifted_at=timezone.now(), lift_reason="Schulden", lifted_by=None)
        response = login(world.users["coach"]).post(_apply_url(client), _bijstand())
        assert response.status_code == 302
        assert BenefitApplication.objects.count() == 1

    def test_ww_is_not_held(self, world, login):
        """The search period is a bijstand rule; an insurance benefit (WW) is not held by it."""
        client = world.own_client
        make_period(client)
        data = {"kind": "ww", "desired_start_on": days(1).isoformat(), "iban": IBAN}
        response = login(world.users["coach"]).post(_apply_url(client), data)
        assert response.status_code == 302
        assert BenefitApplication.objects.get().paying_organisation == world.uwv

    def test_application_page_warns_while_held(self, world, login):
        client = world.own_client
        period = make_period(client)
        page = login(world.users["coach"]).get(_apply_url(client)).content.decode()
        assert shown(period.ends_on) in page


class TestFirstPeriodOutsideTheIntake:
    """A young client who asked no bijstand at his intake asks for it later: the application
    starts his search period and waits for its end."""

    def test_the_application_starts_the_period_and_saves_nothing_else(self, world, login):
        client = world.own_client
        make_young(client)
        http = login(world.users["coach"])

        response = http.post(_apply_url(client), _bijstand())

        assert response.status_code == 422
        period = SearchPeriod.objects.get(client=client)
        assert (period.starts_on, period.ends_on) == (today(), days(27))
        texts = assert_page_refused(response)
        assert any("nu gestart" in t and shown(days(27)) in t for t in texts), texts
        assert not BenefitApplication.objects.exists()
        assert list(LogEntry.objects.filter(client=client).values_list("text", flat=True)) == [
            f"Zoekperiode van vier weken gestart tot en met {shown(days(27))}. In deze periode "
            "zoekt u eerst zelf werk; daarna kan de bijstandsaanvraag worden gedaan."
        ]

    def test_sending_it_again_starts_no_second_period(self, world, login):
        client = world.own_client
        make_young(client)
        http = login(world.users["coach"])
        http.post(_apply_url(client), _bijstand())

        again = http.post(_apply_url(client), _bijstand())

        assert any("loopt nog tot en met" in t for t in assert_page_refused(again))
        assert SearchPeriod.objects.filter(client=client).count() == 1
        assert not BenefitApplication.objects.exists()

    @pytest.mark.parametrize(("age", "told"), [(22, True), (27, False)])
    def test_the_application_form_says_so_beforehand(self, world, login, age, told):
        make_young(world.own_client, age)
        page = login(world.users["coach"]).get(_apply_url(world.own_client)).content.decode()
        assert ("jonger dan 27 en had nog geen zoekperiode" in page) is told

    def test_bad_input_starts_no_period(self, world, login):
        client = world.own_client
        make_young(client)
        response = login(world.users["coach"]).post(
            _apply_url(client), {**_bijstand(), "iban": "NL00 GEEN IBAN"}
        )
        assert response.status_code == 422
        assert not SearchPeriod.objects.exists()

    def test_a_request_refused_for_another_reason_starts_no_period(self, world, login):
        client = world.own_client
        make_young(client)
        make_application(client, organisation=world.zutphen)  # an open bijstand application
        response = login(world.users["coach"]).post(_apply_url(client), _bijstand())
        assert any("al een aanvraag" in t for t in assert_page_refused(response))
        assert not SearchPeriod.objects.exists()

    @pytest.mark.parametrize(("age", "kind"), [(27, "bijstand"), (22, "ww")])
    def test_not_for_adults_nor_for_ww(self, world, login, age, kind):
        client = world.own_client
        make_young(client, age)
        data = {**_bijstand(), "kind": kind}
        if kind == "ww":
            complete_for_ww(client)
        response = login(world.users["coach"]).post(_apply_url(client), data)
        assert response.status_code == 302
        assert BenefitApplication.objects.count() == 1
        assert not SearchPeriod.objects.exists()

    def test_one_earlier_period_is_enough(self, world, login):
        client = world.own_client
        make_young(client)
        make_period(client, starts_on=days(-60))
        response = login(world.users["coach"]).post(_apply_url(client), _bijstand())
        assert response.status_code == 302
        assert SearchPeriod.objects.count() == 1


class TestLift:
    def _url(self, client):
        return reverse("benefits_dossier:lift", args=[client.pk])

    def test_team_lead_lifts_with_a_reason(self, world, login):
        client = world.own_client
        period = make_period(client)
        http = login(world.users["team_lead"])
        response = http.post(self._url(client), {"reason": "Dakloos; inkomen is nu nodig"})
        assert response.status_code == 302
        period.refresh_from_db()
        assert period.lifted_at is not None and period.lifted_by == world.users["team_lead"]
        assert period.lift_reason == "Dakloos; inkomen is nu nodig"
        entry = LogEntry.objects.get(client=client)
        assert "opgeheven" in entry.text and entry.visibility == Visibility.CLIENT
        # and now the coach can apply
        response = login(world.users["coach"]).post(_apply_url(client), _bijstand())
        assert response.status_code == 302

    @pytest.mark.parametrize("reason", ["", "   ", "a\x00b"])
    def test_reason_required(self, world, login, reason):
        client = world.own_client
        period = make_period(client)
        response = login(world.users["team_lead"]).post(self._url(client), {"reason": reason})
        assert response.status_code == 422
        assert_page_refused(response)
        period.refresh_from_db()
        assert period.lifted_at is None and not LogEntry.objects.exists()

    @pytest.mark.parametrize("role", ["coach", "teammate", "back_office"])
    def test_only_the_team_lead(self, world, login, role):
        client = world.own_client
        period = make_period(client)
        response = login(world.users[role]).post(self._url(client), {"reason": "Graag"})
        assert response.status_code == 403
        period.refresh_from_db()
        assert period.lifted_at is None

    def test_lead_of_another_team_may_not(self, world):
        """The rule itself: a team lead who is not the client's team lead cannot lift."""
        client = world.private_team_client  # team 45-plus, lead other_lead
        make_period(client)
        with pytest.raises(PermissionDenied):
            services.lift_hold(actor=world.users["team_lead"], client=client, reason="x")
        period = services.lift_hold(actor=world.users["other_lead"], client=client, reason="x")
        assert period.lifted_at is not None

    def test_nothing_to_lift(self, world, login):
        client = world.own_client
        make_period(client, starts_on=days(-40))  # ended
        response = login(world.users["team_lead"]).post(self._url(client), {"reason": "Graag"})
        assert response.status_code == 422
        assert_page_refused(response)
        assert not SearchPeriod.objects.filter(lifted_at__isnull=False).exists()

    def test_double_submit_lifts_once(self, world, login):
        client = world.own_client
        make_period(client)
        http = login(world.users["team_lead"])
        assert http.post(self._url(client), {"reason": "Graag"}).status_code == 302
        assert http.post(self._url(client), {"reason": "Nog eens"}).status_code == 422
        assert SearchPeriod.objects.get().lift_reason == "Graag"
        assert LogEntry.objects.count() == 1


class TestTasks:
    def test_coach_gives_vacancy_and_marks_it_done(self, world, login):
        client = world.own_client
        period = make_period(client)
        http = login(world.users["coach"])
        url = reverse("benefits_dossier:task_add", args=[client.pk])
        response = http.post(url, {"kind": "vacancy", "description": "Orderpicker bij Hema"})
        assert response.status_code == 302
        task = SearchTask.objects.get()
        assert (task.search_period, task.kind, task.given_by) == (
            period,
            "vacancy",
            world.users["coach"],
        )
        done = reverse("benefits_dossier:task_done", args=[client.pk, task.pk])
        assert http.post(done).status_code == 302
        assert http.post(done).status_code == 302  # a double click changes nothing more
        task.refresh_from_db()
        assert task.done_at is not None
        texts = list(LogEntry.objects.order_by("id").values_list("text", flat=True))
        assert texts == [
            "Vacature voor de zoekperiode: Orderpicker bij Hema",
            "Afgerond: Orderpicker bij Hema",
        ]

    def test_no_period_no_task(self, world, login):
        client = world.own_client
        http = login(world.users["coach"])
        url = reverse("benefits_dossier:task_add", args=[client.pk])
        response = http.post(url, {"kind": "task", "description": "Cv"})
        assert_page_refused(response)
        assert not SearchTask.objects.exists()

    def test_task_of_another_client_is_404(self, world, login):
        other = make_period(world.teammate_client)
        task = SearchTask.objects.create(
            werkplein=other.werkplein,
            search_period=other,
            kind="task",
            description="x",
            given_by=world.users["teammate"],
        )
        make_period(world.own_client)
        http = login(world.users["coach"])
        url = reverse("benefits_dossier:task_done", args=[world.own_client.pk, task.pk])
        assert http.post(url).status_code == 404
        task.refresh_from_db()
        assert task.done_at is None

    def test_overview_shows_period_hold_and_tasks(
        self, world, login, django_assert_max_num_queries
    ):
        client = world.own_client
        period = make_period(client)
        for i in range(5):
            SearchTask.objects.create(
                werkplein=client.werkplein,
                search_period=period,
                kind="task",
                description=f"Opdracht {i}",
                given_by=world.users["coach"],
            )
        http = login(world.users["coach"])
        url = reverse("benefits_dossier:overview", args=[client.pk])
        http.get(url)
        with django_assert_max_num_queries(25):
            page = http.get(url).content.decode()
        assert shown(period.ends_on) in page and "Opdracht 4" in page
        assert "wacht" in page
