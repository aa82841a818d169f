"""A coach's absence and his stand-in: who may set it, the checks, which day it covers."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from werkplein.messaging.absences import (
    absence_of,
    cancel_absence,
    set_absence,
    stand_in_for,
)

DAY = datetime.timedelta(days=1)


def _set(world, actor="coach", coach="coach", stand_in="teammate", start=0, end=3):
    today = timezone.localdate()
    return set_absence(
        actor=world.users[actor],
        coach=world.users[coach],
        stand_in=world.users[stand_in] if stand_in else None,
        starts_on=today + start * DAY,
        ends_on=today + end * DAY,
    )


def test_stand_in_covers_the_days_of_the_absence(world):
    absence = _set(world, start=1, end=3)
    coach, today = world.users["coach"], timezone.localdate()
    assert stand_in_for(coach, today) is None
    assert stand_in_for(coach, today + DAY) == world.users["teammate"]
    assert stand_in_for(coach, today + 3 * DAY) == world.users["teammate"]
    assert stand_in_for(coach, today + 4 * DAY) is None
    assert absence_of(coach, today + 2 * DAY) == absence
    assert absence_of(coach) is None


def test_cancelled_absence_has_no_stand_in(world):
    absence = _set(world)
    assert stand_in_for(world.users["coach"]) == world.users["teammate"]
    cancel_absence(actor=world.users["coach"], absence=absence)
    assert stand_in_for(world.users["coach"]) is None


def test_team_lead_sets_absence_of_a_member_but_a_coach_not_of_a_teammate(world):
    assert _set(world, actor="team_lead").created_by == world.users["team_lead"]
    with pytest.raises(PermissionDenied):
        _set(world, actor="teammate", start=5, end=6)
    with pytest.raises(PermissionDenied):
        _set(world, actor="other_lead", start=5, end=6)
