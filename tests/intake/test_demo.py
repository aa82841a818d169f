"""The demo's routing rules and waiting registrations."""

import datetime

import pytest
from django.utils import timezone

from werkplein.intake.demo import seed_demo_registrations, seed_routing_rules
from werkplein.intake.models import RegistrationStatus
from werkplein.intake.selectors import age_on, matching_rule
from werkplein.intake.services import is_early_school_leaver

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("age", "team"),
    [(18, "Jongeren"), (26, "Jongeren"), (27, "45-plus"), (44, "45-plus"), (45, "45-plus")],
    ids=["18", "26", "27", "44", "45"],
)
def test_the_demo_rules_route_by_age(world, age, team):
    seed_routing_rules(world.zutphen.werkplein)

    rule = matching_rule(world.zutphen.werkplein.pk, age, "bijstand")

    assert rule.team.name == team


def test_the_demo_has_two_registrations_waiting_one_of_an_early_school_leaver(world):
    today = timezone.localdate()
    werkplein = world.zutphen.werkplein

    registrations = seed_demo_registrations(werkplein, today)

    assert [r.status for r in registrations] == [RegistrationStatus.PENDING] * 2
    leavers = [
        r
        for r in registrations
        if is_early_school_leaver(
            age_on(datetime.date.fromisoformat(r.data["date_of_birth"]), today),
            r.data["has_start_qualification"],
        )
    ]
    assert len(leavers) == 1
    assert seed_demo_registrations(werkplein, today) == []  # a second run adds nothing
