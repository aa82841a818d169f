"""Every read of appointments and availability. The acting user (or the reached client) first.

Free slots are computed, never stored: from the weekly rules valid on each day, minus the
coach's leave, Dutch public holidays, times already past and the coach's planned appointments.
One query each for rules, exceptions and appointments; the rest is plain Python.
"""

import bisect
import datetime
import functools
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

import holidays
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from werkplein.accounts.models import Role, User
from werkplein.appointments.models import (
    Appointment,
    AppointmentStatus,
    AvailabilityException,
    AvailabilityRule,
    CalendarFeed,
)
from werkplein.audit.models import Action, Outcome, Relation
from werkplein.audit.services import record_access
from werkplein.clients import selectors as client_selectors
from werkplein.clients.models import Client
from werkplein.core.access import ClientNotFound
from werkplein.core.tokens import hash_token

# Longest range a caller may ask free slots for at once (the API and the pages stay cheap).
MAX_SLOT_RANGE_DAYS = 62
# How far back and ahead the coach's calendar feed reaches.
FEED_DAYS_BACK = 30
FEED_DAYS_AHEAD = 366
DOSSIER_UPCOMING = 10
DOSSIER_RECENT = 5
PORTAL_PAST = 20


@dataclass(frozen=True, slots=True)
class Slot:
    """A bookable time of a coach. Identified by its coach and `starts_at`."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    kind: str
    location: str


def local_tz() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@functools.lru_cache(maxsize=32)
def _holidays_for(years: tuple[int, ...]) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("NL", years=years).keys())


def dutch_holidays(first_day: datetime.date, last_day: datetime.date) -> frozenset[datetime.date]:
    """Dutch public holidays between the two days (inclusive), from the `holidays` package."""
    return _holidays_for(tuple(range(first_day.year, last_day.year + 1)))


def _rules_between(coach: User, first_day: datetime.date, last_day: datetime.date) -> list:
    return list(
        AvailabilityRule.objects.filter(werkplein_id=coach.werkplein_id, coach=coach)
        .filter(valid_from__lte=last_day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first_day))
        .values_list(
            "weekday",
            "start_time",
            "end_time",
            "slot_minutes",
            "kind",
            "location",
            "valid_from",
            "valid_until",
        )
    )


def _leave_days(coach: User, first_day: datetime.date, last_day: datetime.date) -> set:
    days: set[datetime.date] = set()
    periods = AvailabilityException.objects.filter(
        werkplein_id=coach.werkplein_id,
        coach=coach,
        starts_on__lte=last_day,
        ends_on__gte=first_day,
    ).values_list("starts_on", "ends_on")
    for starts_on, ends_on in periods:
        day = max(starts_on, first_day)
        while day <= min(ends_on, last_day):
            days.add(day)
            day += datetime.timedelta(days=1)
    return days


def closed_days(coach: User, first_day: datetime.date, last_day: datetime.date) -> set:
    """Days the coach cannot be booked: his leave and Dutch public holidays."""
    return _leave_days(coach, first_day, last_day) | dutch_holidays(first_day, last_day)


def planned_intervals(
    coach: User,
    start: datetime.datetime,
    end: datetime.datetime,
    exclude_id: int | None = None,
) -> tuple[list[datetime.datetime], list[datetime.datetime]]:
    """Starts and ends of the coach's planned appointments touching [start, end), by start."""
    appointments = Appointment.objects.filter(
        werkplein_id=coach.werkplein_id,
        coach=coach,
        status=AppointmentStatus.PLANNED,
        starts_at__lt=end,
        ends_at__gt=start,
    )
    if exclude_id is not None:
        appointments = appointments.exclude(pk=exclude_id)
    rows = list(appointments.order_by("starts_at").values_list("starts_at", "ends_at"))
    return [r[0] for r in rows], [r[1] for r in rows]


def _overlaps(starts: list[float], ends: list[float], longest: float, start: float, end: float):
    """Whether [start, end) overlaps an interval; `starts` sorted, no interval longer than
    `longest` (all POSIX timestamps). Looks only at the few intervals that can reach in."""
    index = bisect.bisect_left(starts, start - longest)
    while index < len(starts) and starts[index] < end:
        if ends[index] > start:
            return True
        index += 1
    return False


def _day_range(first_day: datetime.date, last_day: datetime.date) -> Iterable[datetime.date]:
    day = first_day
    while day <= last_day:
        yield day
        day += datetime.timedelta(days=1)


def _generate(
    rules: list[tuple],
    first_day: datetime.date,
    last_day: datetime.date,
    closed: frozenset | set = frozenset(),
) -> tuple[list[float], list[Slot]]:
    """Every slot the rules produce on the open days, sorted by start, one per start; with the
    start of each as a POSIX timestamp (a parallel list: floats cost the garbage collector
    nothing, which keeps a year of slots fast and even)."""
    tz = local_tz()
    by_weekday: dict[int, list[tuple]] = {}
    for rule in rules:
        by_weekday.setdefault(rule[0], []).append(rule)
    for day_rules in by_weekday.values():
        day_rules.sort(key=lambda rule: rule[1])
    stamps: list[float] = []
    slots: list[Slot] = []
    for day in _day_range(first_day, last_day):
        day_rules = by_weekday.get(day.weekday())
        if not day_rules or day in closed:
            continue
        last_start = -1.0
        for (
            _wd,
            start_time,
            end_time,
            minutes,
            kind,
            location,
            valid_from,
            valid_until,
        ) in day_rules:
            if day < valid_from or (valid_until is not None and day > valid_until):
                continue
            step = datetime.timedelta(minutes=minutes)
            starts_at = datetime.datetime.combine(day, start_time, tzinfo=tz)
            block_end = datetime.datetime.combine(day, end_time, tzinfo=tz)
            ends_at = starts_at + step
            while ends_at <= block_end:
                stamp = starts_at.timestamp()
                if stamp > last_start:  # rules of a day never produce one start twice
                    stamps.append(stamp)
                    slots.append(Slot(starts_at, ends_at, kind, location))
                    last_start = stamp
                starts_at, ends_at = ends_at, ends_at + step
    return stamps, slots


def candidate_slots(coach: User, first_day: datetime.date, last_day: datetime.date) -> list[Slot]:
    """Every slot the coach's rules produce between the days (inclusive), before leave, holidays,
    the past and booked appointments are taken off. Sorted by start, one slot per start."""
    return _generate(_rules_between(coach, first_day, last_day), first_day, last_day)[1]


def free_slots(
    coach: User,
    first_day: datetime.date,
    last_day: datetime.date,
    *,
    now: datetime.datetime | None = None,
    exclude_appointment_id: int | None = None,
) -> list[Slot]:
    """The coach's bookable slots from `first_day` to `last_day` (inclusive, local dates).

    Rules valid on each day, minus leave days, Dutch public holidays, slots that start at or
    before `now` and slots that overlap a planned appointment of the coach (except
    `exclude_appointment_id`: the appointment being moved frees its own time).
    Three queries (rules, leave, appointments); the rest is arithmetic on timestamps.
    """
    now = now or timezone.now()
    first_day = max(first_day, timezone.localdate(now))
    if last_day < first_day:
        return []
    rules = _rules_between(coach, first_day, last_day)
    if not rules:
        return []
    stamps, slots = _generate(rules, first_day, last_day, closed_days(coach, first_day, last_day))
    if not slots:
        return []
    starts, ends = planned_intervals(
        coach, slots[0].starts_at, slots[-1].ends_at, exclude_appointment_id
    )
    start_stamps = [moment.timestamp() for moment in starts]
    end_stamps = [moment.timestamp() for moment in ends]
    longest = max((e - s for s, e in zip(start_stamps, end_stamps, strict=True)), default=0.0)
    first = bisect.bisect_right(stamps, now.timestamp())
    if not start_stamps:
        return slots[first:]
    return [
        slot
        for stamp, slot in zip(stamps[first:], slots[first:], strict=True)
        if not _overlaps(start_stamps, end_stamps, longest, stamp, slot.ends_at.timestamp())
    ]


def booking_window(now: datetime.datetime | None = None) -> tuple[datetime.date, datetime.date]:
    """The days a client may book in: today up to the booking horizon."""
    today = timezone.localdate(now or timezone.now())
    return today, today + datetime.timedelta(days=settings.WERKPLEIN_BOOKING_HORIZON_DAYS)


def free_slots_for(
    client: Client,
    first_day: datetime.date,
    last_day: datetime.date,
    *,
    now: datetime.datetime | None = None,
) -> list[Slot]:
    """The free slots of the client's own coach, limited to the booking horizon. The client
    was reached through portal.selectors.own_dossier (or a staff selector)."""
    if client.coach_id is None:
        return []
    first_allowed, last_allowed = booking_window(now)
    first_day, last_day = max(first_day, first_allowed), min(last_day, last_allowed)
    return free_slots(client.coach, first_day, last_day, now=now)


def has_published_availability(client: Client) -> bool:
    """Whether the client's coach has any weekly availability still valid."""
    if client.coach_id is None:
        return False
    today = timezone.localdate()
    return (
        AvailabilityRule.objects.filter(werkplein_id=client.werkplein_id, coach_id=client.coach_id)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .exists()
    )


# --- the client's own appointments ---------------------------------------------------------------


def own_appointments(client: Client) -> QuerySet[Appointment]:
    """Appointments of a client reached through portal.selectors.own_dossier."""
    return Appointment.objects.filter(werkplein_id=client.werkplein_id, client=client)


def _with_client(appointments: QuerySet[Appointment], client: Client) -> list[Appointment]:
    """The appointments with their client already set: the rules read `appointment.client`,
    which would otherwise cost a query per row."""
    rows = list(appointments)
    for appointment in rows:
        appointment.client = client
    return rows


def upcoming_for(client: Client, limit: int = 5) -> list[Appointment]:
    """Planned appointments still to come, soonest first."""
    return _with_client(
        own_appointments(client)
        .filter(status=AppointmentStatus.PLANNED, ends_at__gt=timezone.now())
        .select_related("coach")
        .order_by("starts_at")[:limit],
        client,
    )


def past_for(client: Client, limit: int = PORTAL_PAST) -> list[Appointment]:
    """Appointments that are over, or cancelled, latest first."""
    now = timezone.now()
    return _with_client(
        own_appointments(client)
        .filter(Q(ends_at__lte=now) | ~Q(status=AppointmentStatus.PLANNED))
        .select_related("coach")
        .order_by("-starts_at")[:limit],
        client,
    )


def own_appointment(client: Client, appointment_id: int | str) -> Appointment:
    """One appointment of the client; any other id is a 404 (ClientNotFound)."""
    try:
        pk = int(appointment_id)
    except (TypeError, ValueError):
        raise ClientNotFound() from None
    appointment = own_appointments(client).select_related("coach", "client").filter(pk=pk).first()
    if appointment is None:
        raise ClientNotFound()
    return appointment


# --- staff ---------------------------------------------------------------------------------------


def _appointment_client_id(user: User, appointment_id: int | str) -> tuple[int, int] | None:
    try:
        pk = int(appointment_id)
    except (TypeError, ValueError):
        return None
    return (
        Appointment.objects.filter(werkplein_id=user.werkplein_id, pk=pk)
        .values_list("pk", "client_id")
        .first()
    )


def appointment_for(
    user: User,
    appointment_id: int | str,
    purpose: str | None,
    *,
    permitted: bool | None = None,
    detail: str = "",
    action: Action = Action.READ,
) -> Appointment:
    """An appointment of a client the staff user reaches (clients.selectors decide and log).

    With `permitted` given, the access is logged as an attempt to change (allowed, or refused
    with a 403). An unknown id, or one of a client out of reach, is a 404.
    """
    row = _appointment_client_id(user, appointment_id)
    if row is None:
        record_access(
            user=user,
            action=action,
            outcome=Outcome.REFUSED,
            relation=Relation.NONE,
            purpose=purpose or "",
            detail=f"afspraak onbekend: {str(appointment_id)[:40]}",
        )
        raise ClientNotFound()
    pk, client_id = row
    if permitted is None:
        client = client_selectors.dossier_for(user, client_id, purpose, action)
    else:
        client = client_selectors.dossier_for_change(
            user, client_id, purpose, permitted=permitted, detail=detail, action=action
        )
    appointment = Appointment.objects.select_related("coach").get(pk=pk)
    appointment.client = client
    return appointment


def dossier_card(user: User, client: Client) -> dict:
    """What the dossier page shows of appointments, for a client reached through dossier_for.
    Two queries, whatever the number of appointments."""
    now = timezone.now()
    appointments = Appointment.objects.filter(werkplein_id=client.werkplein_id, client=client)
    upcoming = list(
        appointments.filter(status=AppointmentStatus.PLANNED, ends_at__gt=now)
        .select_related("coach")
        .order_by("starts_at")[:DOSSIER_UPCOMING]
    )
    recent = list(
        appointments.filter(starts_at__lte=now)
        .exclude(pk__in=[a.pk for a in upcoming])
        .select_related("coach")
        .order_by("-starts_at")[:DOSSIER_RECENT]
    )
    for appointment in [*upcoming, *recent]:
        appointment.client = client
        appointment.has_started = appointment.starts_at <= now
    may_plan = user.has_perm("appointments.schedule_appointment")
    return {
        "appointments": upcoming,
        "recent_appointments": recent,
        "may_plan_appointments": may_plan,
    }


def availability_of(coach: User) -> dict:
    """The coach's own weekly rules, leave and whether he has a calendar feed."""
    today = timezone.localdate()
    rules = AvailabilityRule.objects.filter(werkplein_id=coach.werkplein_id, coach=coach).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    leave = AvailabilityException.objects.filter(
        werkplein_id=coach.werkplein_id, coach=coach, ends_on__gte=today
    )
    return {
        "rules": list(rules.order_by("weekday", "start_time", "id")),
        "leave": list(leave.order_by("starts_on", "id")),
        "has_feed": CalendarFeed.objects.filter(coach=coach).exists(),
    }


def own_rule(coach: User, rule_id: int | str) -> AvailabilityRule:
    try:
        return AvailabilityRule.objects.get(
            werkplein_id=coach.werkplein_id, coach=coach, pk=int(rule_id)
        )
    except (TypeError, ValueError, AvailabilityRule.DoesNotExist):
        raise ClientNotFound() from None


def own_leave(coach: User, exception_id: int | str) -> AvailabilityException:
    try:
        return AvailabilityException.objects.get(
            werkplein_id=coach.werkplein_id, coach=coach, pk=int(exception_id)
        )
    except (TypeError, ValueError, AvailabilityException.DoesNotExist):
        raise ClientNotFound() from None


# --- notices (the task worker: no user acts) ----------------------------------------------------


def appointment_for_notice(appointment_id: int) -> Appointment | None:
    """The appointment an e-mail task is about, with its client, the client's account and the
    coach: to find the addresses. None once it is gone."""
    return (
        Appointment.objects.select_related("client", "client__user", "coach")
        .filter(pk=appointment_id)
        .first()
    )


def due_reminders(now: datetime.datetime, within: datetime.timedelta) -> QuerySet:
    """(pk, starts_at) of every planned appointment starting within `within` from `now` whose
    reminder has not gone out yet."""
    return Appointment.objects.filter(
        status=AppointmentStatus.PLANNED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + within,
    ).values_list("pk", "starts_at")


# --- calendar feed -------------------------------------------------------------------------------


def feed_coach(token: str) -> User | None:
    """The coach whose private feed the token opens, or None. Only the hash is stored."""
    feed = CalendarFeed.objects.filter(token_hash=hash_token(token)).select_related("coach").first()
    if feed is None or not feed.coach.is_active or feed.coach.role not in STAFF_PLANNERS:
        return None
    return feed.coach


STAFF_PLANNERS = frozenset({Role.COACH, Role.TEAM_LEAD})


def feed_appointments(coach: User, now: datetime.datetime | None = None) -> list[Appointment]:
    """The coach's planned appointments from 30 days back to a year ahead, with their client."""
    now = now or timezone.now()
    return list(
        Appointment.objects.filter(
            werkplein_id=coach.werkplein_id,
            coach=coach,
            status=AppointmentStatus.PLANNED,
            starts_at__gte=now - datetime.timedelta(days=FEED_DAYS_BACK),
            starts_at__lte=now + datetime.timedelta(days=FEED_DAYS_AHEAD),
        )
        .select_related("client")
        .only(
            "id",
            "starts_at",
            "ends_at",
            "kind",
            "status",
            "version",
            "updated_at",
            "client__id",
            "client__first_name",
            "client__last_name",
        )
        .order_by("starts_at")
    )
