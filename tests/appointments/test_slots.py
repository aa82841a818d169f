"""Free slots: weekly rules, leave, Dutch holidays, the past, booked times and the horizon."""

import datetime

import pytest
from django.utils import timezone

from werkplein.appointments import selectors
from werkplein.appointments.demo import seed_demo_availability, year_of_availability
from werkplein.appointments.models import (
    AppointmentKind,
    AppointmentStatus,
    AvailabilityException,
    AvailabilityRule,
)

from .conftest import add_rule, at, make_appointment, working_day

YEAR = 2031  # far enough ahead that "now" never interferes
NOW = at(datetime.date(2030, 12, 1), 12)


def monday(year: int, week: int) -> datetime.date:
    return datetime.date.fromisocalendar(year, week, 1)


def test_weekly_rule_gives_slots_on_its_weekday_only(coach):
    add_rule(coach, weekday=1, start_time=datetime.time(9), end_time=datetime.time(10, 30))
    week = monday(YEAR, 10)
    slots = selectors.free_slots(coach, week, week + datetime.timedelta(days=6), now=NOW)
    tuesday = week + datetime.timedelta(days=1)
    assert [s.starts_at for s in slots] == [at(tuesday, 9), at(tuesday, 9, 30), at(tuesday, 10)]
    assert all(s.ends_at - s.starts_at == datetime.timedelta(minutes=30) for s in slots)
    assert {(s.kind, s.location) for s in slots} == {
        (AppointmentKind.OFFICE, "Werkplein Zutphen, balie 2")
    }


def test_slot_length_and_validity_period(coach):
    week = monday(YEAR, 10)
    add_rule(
        coach,
        weekday=2,
        start_time=datetime.time(13),
        end_time=datetime.time(14, 10),
        slot_minutes=20,
        kind=AppointmentKind.PHONE,
        location="",
        valid_from=week + datetime.timedelta(days=7),
        valid_until=week + datetime.timedelta(days=13),
    )
    first_week = selectors.free_slots(coach, week, week + datetime.timedelta(days=6), now=NOW)
    assert first_week == []
    wednesday = week + datetime.timedelta(days=9)
    slots = selectors.free_slots(coach, wednesday, wednesday, now=NOW)
    assert [s.starts_at.time() for s in slots] == [
        datetime.time(13),
        datetime.time(13, 20),
        datetime.time(13, 40),
    ]  # 14:00-14:20 would end after the block
    assert slots[0].kind == AppointmentKind.PHONE
    later = wednesday + datetime.timedelta(days=7)
    assert selectors.free_slots(coach, later, later, now=NOW) == []


def test_leave_days_are_not_bookable(coach, weekdays_available):
    week = monday(YEAR, 20)
    AvailabilityException.objects.create(
        werkplein_id=coach.werkplein_id,
        coach=coach,
        starts_on=week + datetime.timedelta(days=1),
        ends_on=week + datetime.timedelta(days=2),
        reason="Cursus",
    )
    slots = selectors.free_slots(coach, week, week + datetime.timedelta(days=4), now=NOW)
    days = {s.starts_at.date() for s in slots}
    assert days == {week, week + datetime.timedelta(days=3), week + datetime.timedelta(days=4)}


@pytest.mark.parametrize(
    "holiday",
    [
        datetime.date(2029, 4, 27),
        datetime.date(2029, 4, 2),
        datetime.date(2031, 12, 25),
        datetime.date(2031, 12, 26),
    ],
    ids=["koningsdag", "tweede-paasdag", "kerstmis", "tweede-kerstdag"],
)
def test_dutch_public_holidays_are_never_bookable(coach, weekdays_available, holiday):
    now = at(datetime.date(2028, 12, 1), 9)
    assert holiday.weekday() < 5
    assert selectors.free_slots(coach, holiday, holiday, now=now) == []
    week = selectors.free_slots(
        coach, holiday - datetime.timedelta(days=7), holiday + datetime.timedelta(days=7), now=now
    )
    assert holiday not in {s.starts_at.date() for s in week}
    ordinary = holiday - datetime.timedelta(days=7)
    assert ordinary in {s.starts_at.date() for s in week}


def test_past_slots_are_left_out(coach, weekdays_available):
    day = working_day(3)
    now = at(day, 10, 5)
    slots = selectors.free_slots(coach, day, day, now=now)
    assert [s.starts_at for s in slots] == [at(day, 10, 30), at(day, 11), at(day, 11, 30)]
    assert selectors.free_slots(coach, day, day, now=at(day, 13)) == []


def test_booked_times_are_taken_off_and_cancelled_ones_free_again(world, coach, weekdays_available):
    day = working_day(10)
    client = world.client_user_client
    make_appointment(client, at(day, 9, 30))
    make_appointment(client, at(day, 10, 15), minutes=30)  # off the grid: blocks 10:00 and 10:30
    make_appointment(client, at(day, 11), status=AppointmentStatus.CANCELLED)
    starts = [s.starts_at for s in selectors.free_slots(coach, day, day)]
    assert starts == [at(day, 9), at(day, 11), at(day, 11, 30)]


def test_another_coachs_appointments_do_not_count(world, coach, weekdays_available):
    day = working_day(10)
    make_appointment(world.teammate_client, at(day, 9))
    assert len(selectors.free_slots(coach, day, day)) == 6


def test_free_slots_for_a_client_stay_within_the_horizon(
    world, coach, weekdays_available, settings
):
    settings.WERKPLEIN_BOOKING_HORIZON_DAYS = 14
    client = world.client_user_client
    today = timezone.localdate()
    slots = selectors.free_slots_for(client, today, today + datetime.timedelta(days=60))
    assert slots
    assert max(s.starts_at.date() for s in slots) <= today + datetime.timedelta(days=14)
    assert min(s.starts_at for s in slots) > timezone.now()


def test_free_slots_for_use_the_clients_own_coach_only(world, weekdays_available):
    other = world.users["other_coach"]
    add_rule(other, weekday=5)
    client = world.client_user_client
    today = timezone.localdate()
    slots = selectors.free_slots_for(client, today, today + datetime.timedelta(days=14))
    assert slots and all(s.starts_at.weekday() < 5 for s in slots)
    client.coach = None
    assert selectors.free_slots_for(client, today, today + datetime.timedelta(days=14)) == []


def test_free_slots_take_three_queries_for_a_year(world, coach, django_assert_num_queries):
    start = timezone.localdate()
    booked = year_of_availability(coach=coach, werkplein=coach.werkplein, start=start)
    assert booked > 100
    with django_assert_num_queries(3):
        slots = selectors.free_slots(coach, start, start + datetime.timedelta(days=365))
    assert len(slots) > 2000
    assert len({s.starts_at for s in slots}) == len(slots)


def test_year_of_availability_is_idempotent(world, coach):
    start = timezone.localdate()
    year_of_availability(coach=coach, werkplein=coach.werkplein, start=start)
    again = year_of_availability(coach=coach, werkplein=coach.werkplein, start=start)
    assert again == 0
    assert AvailabilityRule.objects.filter(coach=coach).count() == 10


def test_demo_availability_is_idempotent(world, coach):
    today = timezone.localdate()
    coaches = [coach, world.users["teammate"]]
    assert seed_demo_availability(werkplein=coach.werkplein, coaches=coaches, today=today) == 2
    assert seed_demo_availability(werkplein=coach.werkplein, coaches=coaches, today=today) == 0
    kinds = set(AvailabilityRule.objects.filter(coach=coach).values_list("kind", flat=True))
    assert kinds == {"office", "phone", "video"}
    assert AvailabilityException.objects.filter(coach=coach).count() == 1
    assert selectors.free_slots_for(
        world.client_user_client, today, today + datetime.timedelta(days=14)
    )
