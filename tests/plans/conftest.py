"""A plan for the client account's own record (coach: world.users["coach"])."""

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from tests.api.conftest import ApiClient
from werkplein.accounts.models import User
from werkplein.plans.models import Activity, ActivityOwner, Goal, JobApplication, Plan


@pytest.fixture
def client_record(world):
    return world.client_user_client


@pytest.fixture
def plan(world, client_record) -> Plan:
    plan = Plan.objects.create(
        werkplein=client_record.werkplein,
        client=client_record,
        applications_required=4,
        obligation_weeks=4,
    )
    goal = Goal.objects.create(werkplein=plan.werkplein, plan=plan, text="Werk in de zorg")
    today = timezone.localdate()
    Activity.objects.create(
        werkplein=plan.werkplein,
        plan=plan,
        goal=goal,
        description="Cv bijwerken",
        owner=ActivityOwner.CLIENT,
        due_on=today + datetime.timedelta(days=3),
    )
    Activity.objects.create(
        werkplein=plan.werkplein,
        plan=plan,
        goal=goal,
        description="Vacatures doorsturen",
        owner=ActivityOwner.COACH,
        due_on=today + datetime.timedelta(days=7),
    )
    return plan


@pytest.fixture
def own_activity(plan) -> Activity:
    return plan.activities.get(owner=ActivityOwner.CLIENT)


@pytest.fixture
def coach_activity(plan) -> Activity:
    return plan.activities.get(owner=ActivityOwner.COACH)


@pytest.fixture
def other_plan(world) -> Plan:
    """A plan of another client (the coach's own client without an account)."""
    client = world.own_client
    plan = Plan.objects.create(werkplein=client.werkplein, client=client)
    Activity.objects.create(
        werkplein=plan.werkplein, plan=plan, description="Iets anders", owner=ActivityOwner.CLIENT
    )
    return plan


def make_application(client, days_ago: int = 1, **kwargs) -> JobApplication:
    values = {
        "employer_name": "Bakkerij De Korenbloem",
        "position": "Verkoper",
        "applied_on": timezone.localdate() - datetime.timedelta(days=days_ago),
    } | kwargs
    return JobApplication.objects.create(werkplein=client.werkplein, client=client, **values)


@pytest.fixture
def api_as(login) -> Callable[[User], ApiClient]:
    return lambda user: ApiClient(login(user))
