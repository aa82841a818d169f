"""The client's home page /mijn/: coach, ladder, plan progress, applications, appointments."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from werkplein.appointments.models import Appointment
from werkplein.plans.models import Activity, ActivityOwner, ActivityStatus, Goal, LadderStep
from werkplein.portal.views.home import ladder_chart

from .conftest import make_application


@pytest.fixture
def http(world, login):
    return login(world.users["client"])


def _ladder(client, *steps):
    today = timezone.localdate()
    for days_ago, rung in steps:
        LadderStep.objects.create(
            werkplein=client.werkplein,
            client=client,
            rung=rung,
            set_on=today - datetime.timedelta(days=days_ago),
        )


def test_new_client_sees_empty_states_and_next_steps(world, http, client_record):
    html = http.get(reverse("portal:home")).content.decode()
    assert str(world.users["coach"]) in html
    assert "U heeft nog geen plan" in html
    assert "Uw coach heeft nog niet vastgelegd waar u staat" in html
    assert "U heeft geen afspraken staan." in html
    assert "Wat kunt u nu doen?" in html
    assert reverse("portal:appointments") in html
    assert "<svg" not in html  # no chart without a ladder


def test_ladder_step_indicator_and_chart(http, client_record):
    _ladder(client_record, (120, 2), (60, 3), (10, 4))
    html = http.get(reverse("portal:home")).content.decode()
    assert "trede <strong>4 van 6</strong>: Onbetaald werk" in html
    assert html.count('aria-current="step"') == 1
    assert html.count('class="ladder-step reached') == 4
    # The chart: an image with a text alternative, and the numbers as text beside it.
    assert 'role="img"' in html and 'aria-labelledby="chart-title chart-desc"' in html
    assert "trede 2; " in html and "trede 4</desc>" in html
    assert "style=" not in html  # CSP: no inline styles
    assert 'd="M24.0 ' in html and 'cx="24.0"' in html  # SVG numbers never localised ("24,0")


def test_plan_and_applications_progress_as_text_and_bars(world, http, plan, own_activity):
    Activity.objects.filter(pk=own_activity.pk).update(status=ActivityStatus.DONE)
    make_application(plan.client, days_ago=3)
    make_application(plan.client, days_ago=30)  # outside the period
    html = http.get(reverse("portal:home")).content.decode()
    assert "1 van 2 activiteiten gedaan" in html
    assert '<progress id="plan-progress" max="2" value="1"' in html
    assert "Vacatures doorsturen" in html and "Dit doet uw coach." in html  # next due
    assert "1 van 4 sollicitaties in de afgelopen 4 weken" in html
    assert '<progress id="applications-progress" class="below-target" max="4" value="1"' in html
    assert "Lees uw plan en geef aan of u akkoord gaat." in html


def test_upcoming_appointments(world, http, client_record):
    starts = timezone.now() + datetime.timedelta(days=2)
    Appointment.objects.create(
        werkplein=client_record.werkplein,
        client=client_record,
        coach=world.users["coach"],
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=30),
    )
    html = http.get(reverse("portal:home")).content.decode()
    assert "U heeft geen afspraken staan." not in html
    assert "Op kantoor" in html


@pytest.mark.parametrize("role", ["coach", "team_lead", "back_office", "security_officer"])
def test_staff_get_404(world, login, role):
    assert login(world.users[role]).get(reverse("portal:home")).status_code == 404


def test_constant_query_count(world, http, plan, django_assert_max_num_queries):
    """The home page's queries do not grow with activities, applications or ladder steps."""
    client = plan.client
    http.get(reverse("portal:home"))  # warm caches (content types, session)
    # session, user, 2FA device, client, access log, 5 of ours (plan, next activity, applications,
    # ladder, appointments), the nav's permissions, the session's idle timer
    # 18: the menu counts unread messages, and the coach's absence is looked up
    # 18 for the page, and 1 for the recommendations of the intake.
    with django_assert_max_num_queries(19) as small:
        assert http.get(reverse("portal:home")).status_code == 200
    goal = Goal.objects.create(werkplein=plan.werkplein, plan=plan, text="Nog een doel")
    for n in range(30):
        Activity.objects.create(
            werkplein=plan.werkplein,
            plan=plan,
            goal=goal,
            description=f"Activiteit {n}",
            owner=ActivityOwner.CLIENT,
            status=ActivityStatus.DONE if n % 2 else ActivityStatus.OPEN,
            due_on=timezone.localdate() + datetime.timedelta(days=n),
        )
        make_application(client, days_ago=n)
    _ladder(client, *[(200 - 10 * n, 1 + n % 6) for n in range(20)])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = http.get(reverse("portal:home"))
    assert "15 van 32 activiteiten gedaan" in response.content.decode()


class TestChart:
    def test_step_path_from_first_rung_to_today(self):
        from werkplein.plans.selectors import RungPoint

        today = datetime.date(2025, 6, 30)
        chart = ladder_chart(
            (
                RungPoint(2, "Sociale contacten", datetime.date(2025, 1, 1)),
                RungPoint(5, "Betaald werk met ondersteuning", datetime.date(2025, 4, 1)),
            ),
            today,
        )
        assert chart.path.startswith("M24.0 ")
        assert chart.path.endswith(f"H{chart.right_x}")
        assert [p.rung for p in chart.points] == [2, 5]
        assert chart.points[1].y < chart.points[0].y  # higher rung drawn higher
        assert chart.description == "1-1-2025: trede 2; 1-4-2025: trede 5"

    def test_one_step_set_today(self):
        from werkplein.plans.selectors import RungPoint

        today = datetime.date(2025, 6, 30)
        chart = ladder_chart((RungPoint(3, "x", today),), today)
        assert len(chart.points) == 1
        assert ladder_chart((), today) is None
