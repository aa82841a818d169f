"""The plan's services: versions, acceptance, the logbook, obligation counting, validation."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from werkplein.logbook.models import LogEntry, Visibility
from werkplein.plans import selectors, services
from werkplein.plans.models import (
    Activity,
    ActivityOwner,
    ActivityStatus,
    Goal,
    JobApplication,
    LadderStep,
    Plan,
)

from .conftest import make_application


def _entries(client) -> list[LogEntry]:
    return list(LogEntry.objects.filter(client=client).order_by("id"))


def _last_entry(client) -> LogEntry:
    return LogEntry.objects.filter(client=client).latest("id")


def _version(plan) -> int:
    return Plan.objects.get(pk=plan.pk).version


class TestEveryChangeBumpsAndLogs:
    """Each coach change bumps the plan's version and writes an entry the client can read."""

    @pytest.fixture
    def coach(self, world):
        return world.users["coach"]

    def _assert_bumped_and_logged(self, plan, before_version, before_entries, text):
        assert _version(plan) == before_version + 1
        entries = _entries(plan.client)
        assert len(entries) == len(before_entries) + 1
        entry = entries[-1]
        assert entry.visibility == Visibility.CLIENT
        assert entry.generated
        assert text in entry.text

    def test_create_plan_logs_once(self, world, coach, client_record):
        plan = services.create_plan(actor=coach, client=client_record)
        again = services.create_plan(actor=coach, client=client_record)
        assert plan.pk == again.pk
        assert [e.text for e in _entries(client_record)] == ["Plan van aanpak gemaakt"]

    def test_add_update_remove_goal(self, coach, plan):
        v, before = plan.version, _entries(plan.client)
        goal = services.add_goal(actor=coach, plan=plan, text="  Een rijbewijs   halen ")
        assert goal.text == "Een rijbewijs halen"
        self._assert_bumped_and_logged(plan, v, before, "Doel toegevoegd: Een rijbewijs halen")

        v, before = _version(plan), _entries(plan.client)
        goal = services.update_goal(actor=coach, goal=goal, text="Rijbewijs B", expected_version=1)
        assert goal.version == 2
        self._assert_bumped_and_logged(plan, v, before, "Een rijbewijs halen → Rijbewijs B")

        v, before = _version(plan), _entries(plan.client)
        services.remove_goal(actor=coach, goal=goal, expected_version=2)
        assert not Goal.objects.filter(pk=goal.pk).exists()
        self._assert_bumped_and_logged(plan, v, before, "Doel verwijderd: Rijbewijs B")

    def test_add_update_remove_activity(self, coach, plan):
        due = timezone.localdate() + datetime.timedelta(days=10)
        v, before = plan.version, _entries(plan.client)
        activity = services.add_activity(
            actor=coach, plan=plan, description="Sollicitatietraining", owner="provider", due_on=due
        )
        self._assert_bumped_and_logged(
            plan, v, before, "Activiteit toegevoegd: Sollicitatietraining"
        )

        v, before = _version(plan), _entries(plan.client)
        services.update_activity(
            actor=coach,
            activity=activity,
            expected_version=1,
            description="Sollicitatietraining (2 dagen)",
            owner="provider",
            goal=None,
            due_on=due,
            status=ActivityStatus.OPEN,
        )
        self._assert_bumped_and_logged(plan, v, before, "Sollicitatietraining (2 dagen)")

        v, before = _version(plan), _entries(plan.client)
        services.remove_activity(actor=coach, activity=activity, expected_version=2)
        assert not Activity.objects.filter(pk=activity.pk).exists()
        self._assert_bumped_and_logged(plan, v, before, "Activiteit verwijderd")

    def test_cancelling_an_activity_changes_the_agreement(self, coach, own_activity):
        plan = own_activity.plan
        v, before = plan.version, _entries(plan.client)
        services.update_activity(
            actor=coach,
            activity=own_activity,
            expected_version=own_activity.version,
            description=own_activity.description,
            owner=own_activity.owner,
            goal=own_activity.goal,
            due_on=own_activity.due_on,
            status=ActivityStatus.CANCELLED,
        )
        self._assert_bumped_and_logged(plan, v, before, "vervallen")

    def test_set_obligation(self, coach, plan):
        v, before = plan.version, _entries(plan.client)
        services.set_obligation(
            actor=coach, plan=plan, applications_required=6, obligation_weeks=4, expected_version=v
        )
        self._assert_bumped_and_logged(plan, v, before, "6 sollicitaties per 4 weken")
        plan.refresh_from_db()
        assert (plan.applications_required, plan.obligation_weeks) == (6, 4)

    def test_stale_obligation_refused(self, coach, plan):
        with pytest.raises(services.StaleVersion):
            services.set_obligation(
                actor=coach,
                plan=plan,
                applications_required=2,
                obligation_weeks=4,
                expected_version=plan.version - 1,
            )
        plan.refresh_from_db()
        assert plan.applications_required == 4

    def test_stale_goal_and_activity_refused(self, coach, plan, own_activity):
        goal = plan.goals.get()
        with pytest.raises(services.StaleVersion) as stale:
            services.update_goal(actor=coach, goal=goal, text="Anders", expected_version=0)
        assert stale.value.current.text == "Werk in de zorg"
        with pytest.raises(services.StaleVersion):
            services.remove_activity(actor=coach, activity=own_activity, expected_version=7)
        assert Activity.objects.filter(pk=own_activity.pk).exists()
        assert _version(plan) == plan.version

    def test_invalid_goal_and_activity(self, coach, plan):
        with pytest.raises(ValidationError) as exc:
            services.add_goal(actor=coach, plan=plan, text="   ")
        assert exc.value.message_dict == {"text": ["Schrijf het doel op."]}
        with pytest.raises(ValidationError) as exc:
            services.add_activity(actor=coach, plan=plan, description="", owner="iemand")
        assert set(exc.value.message_dict) == {"description", "owner"}
        assert _version(plan) == plan.version

    def test_goal_of_another_plan_refused(self, coach, plan, other_plan):
        foreign_goal = Goal.objects.create(
            werkplein=other_plan.werkplein, plan=other_plan, text="X"
        )
        with pytest.raises(ValidationError) as exc:
            services.add_activity(actor=coach, plan=plan, description="Y", goal=foreign_goal)
        assert "goal" in exc.value.message_dict

    @pytest.mark.parametrize("role", ["back_office", "quality_officer", "client"])
    def test_only_coach_and_lead_change_the_plan(self, world, plan, role):
        with pytest.raises(PermissionDenied):
            services.add_goal(actor=world.users[role], plan=plan, text="Iets")

    def test_team_lead_may_change(self, world, plan):
        services.add_goal(actor=world.users["team_lead"], plan=plan, text="Iets")
        assert _version(plan) == plan.version + 1


class TestAcceptance:
    def test_records_time_and_version(self, world, plan):
        client_user = world.users["client"]
        accepted = services.accept_plan(actor=client_user, plan=plan, version=plan.version)
        plan.refresh_from_db()
        assert plan.accepted_version == plan.version
        assert plan.accepted_at is not None
        assert abs(plan.accepted_at - timezone.now()) < datetime.timedelta(seconds=10)
        assert plan.is_accepted and accepted.is_accepted
        entry = _last_entry(plan.client)
        assert "Plan geaccepteerd door de klant" in entry.text
        assert entry.visibility == Visibility.CLIENT
        assert entry.author == client_user

    def test_change_after_acceptance_needs_new_acceptance(self, world, plan):
        services.accept_plan(actor=world.users["client"], plan=plan, version=plan.version)
        services.add_goal(actor=world.users["coach"], plan=plan, text="Nieuw doel")
        plan.refresh_from_db()
        assert not plan.is_accepted
        assert selectors.progress_for(
            world.users["coach"], plan.client
        ).plan_changed_since_acceptance
        services.accept_plan(actor=world.users["client"], plan=plan, version=plan.version)
        plan.refresh_from_db()
        assert plan.is_accepted

    def test_stale_acceptance_refused(self, world, plan):
        read_version = plan.version
        services.add_goal(actor=world.users["coach"], plan=plan, text="Nieuw doel")
        entries = len(_entries(plan.client))
        with pytest.raises(services.StaleVersion) as stale:
            services.accept_plan(actor=world.users["client"], plan=plan, version=read_version)
        assert stale.value.current.version == read_version + 1
        plan.refresh_from_db()
        assert plan.accepted_version is None and plan.accepted_at is None
        assert len(_entries(plan.client)) == entries

    def test_only_the_client_himself_accepts(self, world, plan):
        with pytest.raises(PermissionDenied):
            services.accept_plan(actor=world.users["coach"], plan=plan, version=plan.version)

    def test_empty_plan_cannot_be_accepted(self, world, client_record):
        plan = Plan.objects.create(werkplein=client_record.werkplein, client=client_record)
        with pytest.raises(ValidationError):
            services.accept_plan(actor=world.users["client"], plan=plan, version=plan.version)

    def test_ticking_off_keeps_the_acceptance(self, world, plan, own_activity):
        services.accept_plan(actor=world.users["client"], plan=plan, version=plan.version)
        services.mark_activity(actor=world.users["client"], activity=own_activity)
        plan.refresh_from_db()
        assert plan.is_accepted


class TestMarkActivity:
    def test_client_marks_his_own_done_and_undoes(self, world, own_activity):
        client_user = world.users["client"]
        done = services.mark_activity(actor=client_user, activity=own_activity)
        assert done.status == ActivityStatus.DONE and done.done_at is not None
        assert "Activiteit gedaan: Cv bijwerken" in _last_entry(own_activity.plan.client).text
        again = services.mark_activity(actor=client_user, activity=own_activity)
        assert again.version == done.version  # idempotent
        reopened = services.mark_activity(actor=client_user, activity=own_activity, done=False)
        assert reopened.status == ActivityStatus.OPEN and reopened.done_at is None

    def test_client_cannot_mark_coach_activity(self, world, coach_activity):
        with pytest.raises(PermissionDenied):
            services.mark_activity(actor=world.users["client"], activity=coach_activity)
        coach_activity.refresh_from_db()
        assert coach_activity.status == ActivityStatus.OPEN

    def test_client_cannot_mark_cancelled(self, world, own_activity):
        Activity.objects.filter(pk=own_activity.pk).update(status=ActivityStatus.CANCELLED)
        own_activity.refresh_from_db()
        with pytest.raises(PermissionDenied):
            services.mark_activity(actor=world.users["client"], activity=own_activity)

    def test_another_client_cannot_mark(self, world, other_plan):
        activity = other_plan.activities.get()
        with pytest.raises(PermissionDenied):
            services.mark_activity(actor=world.users["client"], activity=activity)


class TestObligationCounting:
    def test_period_is_the_last_n_weeks_including_today(self):
        today = datetime.date(2025, 3, 28)
        assert selectors.obligation_period(today, 4) == (datetime.date(2025, 3, 1), today)

    def test_boundaries(self, world, plan):
        client = plan.client
        for days_ago in (0, 27):  # first and last day of the period
            make_application(client, days_ago=days_ago)
        make_application(client, days_ago=28)  # the day before the period
        progress = selectors.progress_for(world.users["coach"], client)
        assert progress.obligation.count == 2
        assert progress.obligation.required == 4
        assert not progress.obligation.met and progress.obligation.shortfall == 2

    def test_another_clients_applications_do_not_count(self, world, plan):
        make_application(world.own_client)
        assert selectors.progress_for(world.users["coach"], plan.client).obligation.count == 0

    def test_period_follows_the_agreed_weeks(self, world, plan):
        Plan.objects.filter(pk=plan.pk).update(applications_required=2, obligation_weeks=1)
        make_application(plan.client, days_ago=6)
        make_application(plan.client, days_ago=7)
        obligation = selectors.progress_for(world.users["coach"], plan.client).obligation
        assert (obligation.count, obligation.required, obligation.weeks) == (1, 2, 1)


class TestApplications:
    def _record(self, world, **kwargs):
        values = {
            "employer_name": "Albert Heijn",
            "position": "Vakkenvuller",
            "applied_on": timezone.localdate(),
        } | kwargs
        return services.record_application(
            actor=world.users["client"], client=world.client_user_client, **values
        )

    def test_records_and_logs(self, world):
        application = self._record(world)
        assert application.recorded_by == world.users["client"]
        entry = _last_entry(world.client_user_client)
        assert "Vakkenvuller bij Albert Heijn" in entry.text
        assert entry.visibility == Visibility.CLIENT

    def test_future_date_refused(self, world):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as exc:
            self._record(world, applied_on=tomorrow)
        assert "toekomst" in exc.value.message_dict["applied_on"][0]
        assert not JobApplication.objects.exists()
        assert not LogEntry.objects.filter(client=world.client_user_client).exists()

    def test_absurdly_old_date_refused(self, world):
        with pytest.raises(ValidationError) as exc:
            self._record(world, applied_on=datetime.date(2002, 1, 1))
        assert "jaar" in exc.value.message_dict["applied_on"][0]
        assert not JobApplication.objects.exists()

    def test_missing_employer_refused(self, world):
        with pytest.raises(ValidationError) as exc:
            self._record(world, employer_name="  ", channel="postduif")
        assert exc.value.message_dict["employer_name"] == ["Vul de naam van de werkgever in."]
        assert "channel" in exc.value.message_dict
        assert not JobApplication.objects.exists()

    def test_coach_does_not_record_for_the_client(self, world):
        with pytest.raises(PermissionDenied):
            services.record_application(
                actor=world.users["coach"],
                client=world.client_user_client,
                employer_name="X",
                position="Y",
                applied_on=timezone.localdate(),
            )

    def test_update_result(self, world):
        application = self._record(world)
        updated = services.update_application(
            actor=world.users["client"],
            application=application,
            expected_version=1,
            result="interview",
        )
        assert updated.result == "interview" and updated.version == 2
        assert "uitgenodigd voor gesprek" in _last_entry(world.client_user_client).text
        with pytest.raises(services.StaleVersion):
            services.update_application(
                actor=world.users["client"],
                application=application,
                expected_version=1,
                result="hired",
            )
        with pytest.raises(ValidationError):
            services.update_application(
                actor=world.users["client"],
                application=application,
                expected_version=2,
                result="misschien",
            )
        application.refresh_from_db()
        assert application.result == "interview"


class TestLadder:
    def test_history_kept_one_row_per_change(self, world, client_record):
        coach = world.users["coach"]
        today = timezone.localdate()
        services.set_ladder_rung(
            actor=coach, client=client_record, rung=2, set_on=today - datetime.timedelta(days=60)
        )
        services.set_ladder_rung(
            actor=coach, client=client_record, rung=3, note="Doet vrijwilligerswerk"
        )
        assert list(LadderStep.objects.values_list("rung", flat=True).order_by("set_on")) == [2, 3]
        entry = _last_entry(client_record)
        assert "trede 3" in entry.text and "Doet vrijwilligerswerk" in entry.text
        assert entry.visibility == Visibility.CLIENT
        progress = selectors.progress_for(world.users["coach"], client_record)
        assert progress.current_rung.rung == 3
        assert [r.number for r in progress.rungs if r.current] == [3]

    def test_same_rung_again_and_bad_input_refused(self, world, client_record):
        coach = world.users["coach"]
        services.set_ladder_rung(actor=coach, client=client_record, rung=4)
        with pytest.raises(ValidationError):
            services.set_ladder_rung(actor=coach, client=client_record, rung=4)
        with pytest.raises(ValidationError):
            services.set_ladder_rung(actor=coach, client=client_record, rung=7)
        with pytest.raises(ValidationError):
            services.set_ladder_rung(
                actor=coach,
                client=client_record,
                rung=5,
                set_on=timezone.localdate() + datetime.timedelta(days=1),
            )
        assert LadderStep.objects.count() == 1

    def test_ladder_does_not_touch_the_plan_version(self, world, plan):
        services.set_ladder_rung(actor=world.users["coach"], client=plan.client, rung=2)
        assert _version(plan) == plan.version


def test_progress_counts(world, plan, own_activity, coach_activity):
    Activity.objects.filter(pk=coach_activity.pk).update(
        status=ActivityStatus.OPEN, due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    Activity.objects.filter(pk=own_activity.pk).update(status=ActivityStatus.DONE)
    Activity.objects.create(
        werkplein=plan.werkplein,
        plan=plan,
        description="Vervallen",
        owner=ActivityOwner.CLIENT,
        status=ActivityStatus.CANCELLED,
    )
    progress = selectors.progress_for(world.users["coach"], plan.client)
    assert (progress.activities_done, progress.activities_total) == (1, 2)
    assert progress.activities_overdue == 1
    assert progress.next_activity.pk == coach_activity.pk
