"""Availability and appointments that several appointment tests share."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.utils import timezone

from werkplein.appointments.models import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    AvailabilityRule,
)
from werkplein.appointments.selectors import dutch_holidays

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)
OFFICE = "Werkplein Zutphen, balie 2"


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


def working_day(after_days: int) -> datetime.date:
    """The first weekday at least `after_days` from today that is not a Dutch holiday."""
    day = timezone.localdate() + datetime.timedelta(days=after_days)
    while day.weekday() >= 5 or day in dutch_holidays(day, day):
        day += datetime.timedelta(days=1)
    return day


def add_rule(coach, **kwargs) -> AvailabilityRule:
    values = {
        "werkplein_id": coach.werkplein_id,
        "coach": coach,
        "weekday": 0,
        "start_time": datetime.time(9, 0),
        "end_time": datetime.time(12, 0),
        "slot_minutes": 30,
        "kind": AppointmentKind.OFFICE,
        "location": OFFICE,
        "valid_from": timezone.localdate() - datetime.timedelta(days=7),
    }
    values.update(kwargs)
    return AvailabilityRule.objects.create(**values)


@pytest.fixture
def coach(world):
    return world.users["coach"]


@pytest.fixture
def weekdays_available(coach):
    """The coach takes bookings every working day, 9:00-12:00, 30 minutes, at the office."""
    return [add_rule(coach, weekday=weekday) for weekday in range(5)]


@pytest.fixture
def day():
    """A working day ten days ahead: inside the booking horizon, well past the cut-off."""
    return working_day(10)


def make_appointment(client, starts_at, *, minutes=30, status=AppointmentStatus.PLANNED, **kw):
    return Appointment.objects.create(
        werkplein_id=client.werkplein_id,
        client=client,
        coach_id=kw.pop("coach_id", client.coach_id),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        kind=kw.pop("kind", AppointmentKind.OFFICE),
        location=kw.pop("location", OFFICE),
        status=status,
        **kw,
    )
