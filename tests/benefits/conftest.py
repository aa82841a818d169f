"""Applications, search periods and WW benefits on the `world` of tests/conftest.py.

world.own_client: coach's client in team "Jongeren" (lead team_lead), bijstand paid by Gemeente
Zutphen, so back_office (Zutphen) reaches him; back_office_uwv (UWV) does not.
"""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import BenefitFactory
from tests.intake.helpers import years_ago
from werkplein.benefits.models import (
    ApplicationQuestion,
    ApplicationStatus,
    BenefitApplication,
    SearchPeriod,
)
from werkplein.clients.models import BenefitKind, FinancialSituation, Household, Job

IBAN = "NL91ABNA0417164300"


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def make_application(client, *, kind=BenefitKind.BIJSTAND, organisation=None, by=None, **extra):
    values = {
        "werkplein": client.werkplein,
        "client": client,
        "kind": kind,
        "paying_organisation": organisation or client.municipality,
        "started_by": by or client.coach,
        "desired_start_on": days(7),
        "iban": IBAN,
        "status": ApplicationStatus.SUBMITTED,
    }
    values.update(extra)
    return BenefitApplication.objects.create(**values)


def make_question(application, by, question="Wat is het laatste dienstverband?", **extra):
    """A question row as the back office `by` left it (without the service)."""
    values = {
        "werkplein": application.werkplein,
        "application": application,
        "question": question,
        "asked_by": by,
        "asked_at": timezone.now(),
    }
    values.update(extra)
    return ApplicationQuestion.objects.create(**values)


def make_period(client, *, starts_on=None, length=28, **extra) -> SearchPeriod:
    starts_on = starts_on or days(-3)
    return SearchPeriod.objects.create(
        werkplein=client.werkplein,
        client=client,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=length - 1),
        started_by=client.coach,
        **extra,
    )


def make_young(client, age: int = 22) -> None:
    """The client `age` years old (and 40 days): under 27, a bijstand request needs a search
    period first."""
    born = years_ago(age, days=40)
    type(client).objects.filter(pk=client.pk).update(date_of_birth=born)
    client.date_of_birth = born


def complete_for_bijstand(client) -> None:
    """The financial section as a coach saved it (its version moves with every save)."""
    FinancialSituation.objects.filter(client=client).update(
        household=Household.SINGLE_PARENT, housing_costs_cents=65_000, has_debts=True, version=2
    )


def complete_for_ww(client) -> None:
    Job.objects.create(
        werkplein=client.werkplein,
        client=client,
        employer_name="Bakkerij De Korenbloem",
        position="Bakker",
        started_on=days(-1000),
        ended_on=days(-10),
        hours_per_week=32,
    )


def make_ww_benefit(client, world, *, ends_in: int | None = 30, **extra):
    return BenefitFactory(
        client=client,
        kind=BenefitKind.WW,
        paying_organisation=world.uwv,
        expected_end_on=None if ends_in is None else days(ends_in),
        **extra,
    )


@pytest.fixture
def bijstand_application(world):
    """A submitted, complete bijstand application of own_client to Gemeente Zutphen."""
    complete_for_bijstand(world.own_client)
    return make_application(world.own_client, organisation=world.zutphen)


@pytest.fixture
def ww_application(world):
    """A submitted, complete WW application of the teammate's client to UWV."""
    client = world.teammate_client
    complete_for_ww(client)
    return make_application(client, kind=BenefitKind.WW, organisation=world.uwv)


def shown(day: datetime.date) -> str:
    """A date as the pages and the logbook show it (Dutch short date: 29-3-2026)."""
    return date_format(day, "SHORT_DATE_FORMAT")
