"""Availability for the demo Werkplein and for the benchmark. Both functions are idempotent."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import transaction

from werkplein.accounts.models import User
from werkplein.appointments.models import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    AvailabilityException,
    AvailabilityRule,
)
from werkplein.clients.models import Client
from werkplein.core.models import Werkplein

OFFICE = "Werkplein, Spittaalstraat 10, Zutphen (balie 2)"
BENCH_BLOCKS = (
    (datetime.time(9, 0), datetime.time(12, 0)),
    (datetime.time(13, 0), datetime.time(16, 30)),
)


def _video_link(coach: User) -> str:
    return f"https://video.werkplein.example/{coach.username}"


@transaction.atomic
def seed_demo_availability(
    *, werkplein: Werkplein, coaches: list[User], today: datetime.date
) -> int:
    """Gives each demo coach a week of availability: Tuesday and Thursday mornings at the
    office, Wednesday afternoon by phone, Friday morning by video; and one week of leave about
    five weeks ahead. A coach who already has availability is left alone. Returns the number of
    coaches that got availability."""
    done = 0
    for coach in coaches:
        if AvailabilityRule.objects.filter(werkplein=werkplein, coach=coach).exists():
            continue
        blocks = [
            (1, datetime.time(9, 0), datetime.time(12, 0), 30, AppointmentKind.OFFICE, OFFICE),
            (3, datetime.time(9, 0), datetime.time(12, 0), 30, AppointmentKind.OFFICE, OFFICE),
            (2, datetime.time(13, 0), datetime.time(16, 0), 20, AppointmentKind.PHONE, ""),
            (4, datetime.time(9, 30), datetime.time(11, 30), 30, AppointmentKind.VIDEO, None),
        ]
        AvailabilityRule.objects.bulk_create(
            AvailabilityRule(
                werkplein=werkplein,
                coach=coach,
                weekday=weekday,
                start_time=start,
                end_time=end,
                slot_minutes=minutes,
                kind=kind,
                location=_video_link(coach) if location is None else location,
                valid_from=today - datetime.timedelta(days=today.weekday()),
            )
            for weekday, start, end, minutes, kind, location in blocks
        )
        leave_start = today + datetime.timedelta(days=35 - today.weekday())
        AvailabilityException.objects.create(
            werkplein=werkplein,
            coach=coach,
            starts_on=leave_start,
            ends_on=leave_start + datetime.timedelta(days=4),
            reason="Vakantie",
        )
        done += 1
    return done


@transaction.atomic
def year_of_availability(*, coach: User, werkplein: Werkplein, start: datetime.date) -> int:
    """A full year of availability for the benchmark: Monday to Friday, 9:00-12:00 and
    13:00-16:30 in 30-minute slots, three leave periods, and every fourth slot of each other
    working day booked by one of the coach's clients. Replaces the coach's earlier rules and
    leave; booked appointments already there stay. Returns the number of appointments added."""
    until = start + datetime.timedelta(days=365)
    AvailabilityRule.objects.filter(werkplein=werkplein, coach=coach).delete()
    AvailabilityException.objects.filter(werkplein=werkplein, coach=coach).delete()
    AvailabilityRule.objects.bulk_create(
        AvailabilityRule(
            werkplein=werkplein,
            coach=coach,
            weekday=weekday,
            start_time=block_start,
            end_time=block_end,
            slot_minutes=30,
            kind=AppointmentKind.OFFICE if block_start.hour < 12 else AppointmentKind.PHONE,
            location=OFFICE if block_start.hour < 12 else "",
            valid_from=start,
            valid_until=until,
        )
        for weekday in range(5)
        for block_start, block_end in BENCH_BLOCKS
    )
    AvailabilityException.objects.bulk_create(
        AvailabilityException(
            werkplein=werkplein,
            coach=coach,
            starts_on=start + datetime.timedelta(days=offset),
            ends_on=start + datetime.timedelta(days=offset + length),
            reason=reason,
        )
        for offset, length, reason in ((60, 4, "Cursus"), (150, 13, "Vakantie"), (300, 2, "Verlof"))
    )
    clients = list(
        Client.objects.filter(werkplein=werkplein, coach=coach).values_list("pk", flat=True)[:50]
    )
    if not clients:
        return 0
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    rows = []
    day = start
    n = 0
    while day <= until:
        if day.weekday() < 5 and day.toordinal() % 2 == 0:
            for block_start, _end in BENCH_BLOCKS:
                for slot in range(0, 6, 4):
                    starts_at = datetime.datetime.combine(day, block_start, tzinfo=tz)
                    starts_at += datetime.timedelta(minutes=30 * slot)
                    rows.append(
                        Appointment(
                            werkplein=werkplein,
                            client_id=clients[n % len(clients)],
                            coach=coach,
                            starts_at=starts_at,
                            ends_at=starts_at + datetime.timedelta(minutes=30),
                            kind=AppointmentKind.OFFICE,
                            location=OFFICE,
                            status=AppointmentStatus.PLANNED,
                            booked_by=coach,
                        )
                    )
                    n += 1
        day += datetime.timedelta(days=1)
    before = Appointment.objects.filter(coach=coach).count()
    Appointment.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return Appointment.objects.filter(coach=coach).count() - before
