"""Booking, moving, cancelling, planning and no-shows: rules, Dutch messages, nothing changed on
bad input, and a logbook entry the client sees for every change."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from werkplein.appointments import services
from werkplein.appointments.models import Appointment, AppointmentKind, AppointmentStatus
from werkplein.core.access import ClientNotFound
from werkplein.logbook.models import EntryKind, LogEntry, Visibility

from .conftest import OFFICE, at, make_appointment, working_day


def messages_of(exc_info) -> str:
    return " ".join(exc_info.value.messages)


def snapshot():
    return (
        list(Appointment.objects.order_by("pk").values()),
        LogEntry.objects.count(),
    )


@pytest.fixture
def client_user(world):
    return world.users["client"]


@pytest.fixture
def own(world):
    return world.client_user_client


# --- booking -------------------------------------------------------------------------------------


def test_client_books_a_free_slot(own, client_user, coach, weekdays_available, day):
    appointment = services.book_slot(actor=client_user, client=own, starts_at=at(day, 9, 30))
    assert appointment.coach == coach
    assert appointment.starts_at == at(day, 9, 30)
    assert appointment.ends_at == at(day, 10)
    assert (appointment.kind, appointment.location) == (AppointmentKind.OFFICE, OFFICE)
    assert appointment.status == AppointmentStatus.PLANNED
    assert appointment.booked_by == client_user
    entry = LogEntry.objects.get(client=own)
    assert entry.kind == EntryKind.APPOINTMENT
    assert entry.visibility == Visibility.CLIENT
    assert entry.generated
    assert "Afspraak gemaakt" in entry.text


def test_a_naive_time_is_read_as_dutch_time(own, client_user, weekdays_available, day):
    naive = datetime.datetime.combine(day, datetime.time(10))
    appointment = services.book_slot(actor=client_user, client=own, starts_at=naive)
    assert appointment.starts_at == at(day, 10)


def test_utc_time_of_the_same_moment_books_the_slot(own, client_user, weekdays_available, day):
    moment = at(day, 11).astimezone(datetime.UTC)
    appointment = services.book_slot(actor=client_user, client=own, starts_at=moment)
    assert appointment.starts_at == at(day, 11)


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (lambda day: at(day, 9, 10), "Op dit tijdstip kunt u geen afspraak maken"),
        (lambda day: at(day, 14), "Op dit tijdstip kunt u geen afspraak maken"),
        (lambda day: at(day, 8, 30), "Op dit tijdstip kunt u geen afspraak maken"),
        (
            lambda day: at(timezone.localdate() - datetime.timedelta(days=7), 9),
            "Dit tijdstip is al voorbij",
        ),
        (lambda day: at(working_day(90), 9), "dagen vooruit"),
        (lambda day: None, "Kies een geldig tijdstip"),
        (lambda day: "morgen om negen", "Kies een geldig tijdstip"),
    ],
    ids=["off-grid", "outside-block", "before-block", "past", "beyond-horizon", "none", "text"],
)
def test_bad_slots_are_refused_in_dutch_and_change_nothing(
    own, client_user, weekdays_available, day, when, message
):
    before = snapshot()
    with pytest.raises(ValidationError) as exc_info:
        services.book_slot(actor=client_user, client=own, starts_at=when(day))
    assert message in messages_of(exc_info)
    assert snapshot() == before


def test_a_holiday_or_leave_day_is_no_slot(own, client_user, coach, weekdays_available):
    from werkplein.appointments.models import AvailabilityException

    day = working_day(12)
    AvailabilityException.objects.create(
        werkplein_id=coach.werkplein_id, coach=coach, starts_on=day, ends_on=day
    )
    with pytest.raises(ValidationError) as exc_info:
        services.book_slot(actor=client_user, client=own, starts_at=at(day, 9))
    assert "Op dit tijdstip kunt u geen afspraak maken" in messages_of(exc_info)


def test_a_taken_slot_is_refused(world, own, client_user, weekdays_available, day):
    make_appointment(world.own_client, at(day, 9))
    before = snapshot()
    with pytest.raises(ValidationError) as exc_info:
        services.book_slot(actor=client_user, client=own, starts_at=at(day, 9))
    assert messages_of(exc_info) == (
        "Dit tijdstip is net door iemand anders geboekt. Kies een ander tijdstip."
    )
    assert snapshot() == before


def test_the_database_constraint_gives_the_same_message(
    world, own, client_user, weekdays_available, day, monkeypatch
):
    """When two bookings both found the slot free, the unique constraint decides."""
    from werkplein.appointments import selectors

    make_appointment(world.own_client, at(day, 9))
    real = selectors.planned_intervals
    monkeypatch.setattr(selectors, "planned_intervals", lambda *a, **k: ([], []))
    with pytest.raises(ValidationError) as exc_info:
        services.book_slot(actor=client_user, client=own, starts_at=at(day, 9))
    monkeypatch.setattr(selectors, "planned_intervals", real)
    assert "net door iemand anders geboekt" in messages_of(exc_info)
    assert Appointment.objects.filter(starts_at=at(day, 9)).count() == 1
    assert not LogEntry.objects.filter(client=own).exists()


def test_no_second_appointment_of_the_client_at_the_same_time(
    world, own, client_user, weekdays_available, day
):
    other = world.users["teammate"]
    make_appointment(own, at(day, 9), coach_id=other.pk)
    with pytest.raises(ValidationError) as exc_info:
        services.book_slot(actor=client_user, client=own, starts_at=at(day, 9))
    assert "U heeft op dit tijdstip al een andere afspraak" in messages_of(exc_info)


def test_client_without_coach_gets_a_plain_message(own, client_user):
    own.coach = None
    own.save(update_fields=["coach"])
    with pytest.raises(ValidationError) as exc_info:
        services.book_slot(actor=client_user, client=own, starts_at=at(working_day(5), 9))
    assert "nog geen werkcoach" in messages_of(exc_info)


def test_a_client_cannot_book_for_another_client(world, client_user, weekdays_available, day):
    with pytest.raises(PermissionDenied):
        services.book_slot(actor=client_user, client=world.own_client, starts_at=at(day, 9))


def test_the_coach_books_on_behalf_of_his_client(world, own, coach, weekdays_available, day):
    appointment = services.book_slot(actor=coach, client=own, starts_at=at(day, 9))
    assert appointment.booked_by == coach


# --- moving --------------------------------------------------------------------------------------


@pytest.fixture
def booked(own, client_user, weekdays_available, day):
    return services.book_slot(actor=client_user, client=own, starts_at=at(day, 9))


def test_client_moves_his_appointment_and_the_old_time_is_free(own, client_user, booked, day):
    from werkplein.appointments import selectors

    moved = services.reschedule_appointment(
        actor=client_user, appointment=booked, starts_at=at(day, 10), expected_version=1
    )
    assert moved.pk == booked.pk
    assert moved.starts_at == at(day, 10)
    assert moved.version == 2
    free = [s.starts_at for s in selectors.free_slots(booked.coach, day, day)]
    assert at(day, 9) in free and at(day, 10) not in free
    assert LogEntry.objects.filter(client=own, text__startswith="Afspraak verzet").exists()


def test_moving_to_an_overlapping_neighbour_of_itself_works(client_user, booked, day):
    moved = services.reschedule_appointment(
        actor=client_user, appointment=booked, starts_at=at(day, 9, 30), expected_version=1
    )
    assert moved.starts_at == at(day, 9, 30)


def test_moving_with_a_stale_version_is_refused(client_user, booked, day):
    before = snapshot()
    with pytest.raises(ValidationError) as exc_info:
        services.reschedule_appointment(
            actor=client_user, appointment=booked, starts_at=at(day, 10), expected_version=7
        )
    assert "intussen gewijzigd" in messages_of(exc_info)
    assert snapshot() == before


def test_moving_to_a_taken_slot_is_refused(world, client_user, booked, day):
    make_appointment(world.own_client, at(day, 10))
    before = snapshot()
    with pytest.raises(ValidationError) as exc_info:
        services.reschedule_appointment(
            actor=client_user, appointment=booked, starts_at=at(day, 10), expected_version=1
        )
    assert "net door iemand anders geboekt" in messages_of(exc_info)
    assert snapshot() == before


def soon(own, hours: int):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=hours)
    return make_appointment(own, starts)


def test_client_cannot_move_or_cancel_after_the_cutoff(own, client_user, weekdays_available, day):
    appointment = soon(own, 5)
    before = snapshot()
    with pytest.raises(ValidationError) as exc_info:
        services.cancel_appointment(actor=client_user, appointment=appointment, expected_version=1)
    assert "Bel uw werkcoach" in messages_of(exc_info)
    assert "24 uur" in messages_of(exc_info)
    with pytest.raises(ValidationError) as exc_info:
        services.reschedule_appointment(
            actor=client_user, appointment=appointment, starts_at=at(day, 9), expected_version=1
        )
    assert "Bel uw werkcoach" in messages_of(exc_info)
    assert snapshot() == before


def test_cutoff_comes_from_the_setting(own, client_user, settings):
    settings.WERKPLEIN_APPOINTMENT_CUTOFF_HOURS = 2
    appointment = soon(own, 5)
    services.cancel_appointment(actor=client_user, appointment=appointment, expected_version=1)


def test_the_coach_may_cancel_after_the_cutoff(own, coach):
    appointment = soon(own, 1)
    cancelled = services.cancel_appointment(
        actor=coach, appointment=appointment, expected_version=1, reason="Ziek"
    )
    assert cancelled.status == AppointmentStatus.CANCELLED
    assert cancelled.cancelled_by == coach


# --- cancelling ----------------------------------------------------------------------------------


def test_client_cancels_with_a_reason(own, client_user, booked, day):
    from werkplein.appointments import selectors

    cancelled = services.cancel_appointment(
        actor=client_user, appointment=booked, expected_version=1, reason="  Ik ben  ziek "
    )
    assert cancelled.status == AppointmentStatus.CANCELLED
    assert cancelled.cancelled_at is not None
    assert cancelled.version == 2
    entry = LogEntry.objects.filter(client=own).latest("pk")
    assert entry.text.endswith("Reden: Ik ben ziek")
    assert entry.visibility == Visibility.CLIENT
    assert at(day, 9) in [s.starts_at for s in selectors.free_slots(booked.coach, day, day)]


def test_cancelling_twice_is_refused(client_user, booked):
    services.cancel_appointment(actor=client_user, appointment=booked, expected_version=1)
    with pytest.raises(ValidationError) as exc_info:
        services.cancel_appointment(actor=client_user, appointment=booked, expected_version=2)
    assert "al geannuleerd" in messages_of(exc_info)


def test_a_long_reason_is_refused(client_user, booked):
    with pytest.raises(ValidationError) as exc_info:
        services.cancel_appointment(
            actor=client_user, appointment=booked, expected_version=1, reason="x" * 501
        )
    assert "te lang" in messages_of(exc_info)
    booked.refresh_from_db()
    assert booked.status == AppointmentStatus.PLANNED


def test_a_client_cannot_cancel_another_clients_appointment(world, client_user, day):
    other = make_appointment(world.own_client, at(day, 9))
    with pytest.raises(PermissionDenied):
        services.cancel_appointment(actor=client_user, appointment=other, expected_version=1)


# --- the coach plans directly --------------------------------------------------------------------


def test_coach_schedules_outside_his_blocks(own, coach, day):
    appointment = services.schedule_appointment(
        actor=coach,
        client=own,
        starts_at=at(day, 15),
        ends_at=at(day, 16, 15),
        kind=AppointmentKind.PHONE,
        location="",
    )
    assert appointment.coach == coach and appointment.booked_by == coach
    assert LogEntry.objects.filter(client=own, text__startswith="Afspraak gepland").exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"ends_at": lambda d: at(d, 14)}, "ends_at", "De eindtijd moet na de begintijd liggen."),
        ({"kind": lambda d: "office", "location": lambda d: ""}, "location", "locatie"),
        ({"kind": lambda d: "video", "location": lambda d: "zoom"}, "location", "https://"),
        ({"kind": lambda d: "bezoek"}, "kind", "Kies of de afspraak"),
        (
            {"starts_at": lambda d: at(d, 15) - datetime.timedelta(days=30)},
            "starts_at",
            "in de toekomst",
        ),
    ],
    ids=["end-before-start", "office-without-location", "video-without-link", "kind", "past"],
)
def test_schedule_refuses_bad_input(own, coach, day, values, field, message):
    arguments = {
        "starts_at": at(day, 15),
        "ends_at": at(day, 15, 30),
        "kind": AppointmentKind.OFFICE,
        "location": OFFICE,
    }
    arguments.update({k: v(day) for k, v in values.items()})
    if field == "starts_at":
        arguments["ends_at"] = arguments["starts_at"] + datetime.timedelta(minutes=30)
    with pytest.raises(ValidationError) as exc_info:
        services.schedule_appointment(actor=coach, client=own, **arguments)
    assert message in " ".join(exc_info.value.message_dict[field])
    assert not Appointment.objects.exists()


def test_schedule_never_overlaps_the_coachs_planned_appointments(world, own, coach, day):
    make_appointment(world.own_client, at(day, 15, 15))
    with pytest.raises(ValidationError) as exc_info:
        services.schedule_appointment(
            actor=coach,
            client=own,
            starts_at=at(day, 15),
            ends_at=at(day, 15, 30),
            kind=AppointmentKind.PHONE,
            location="",
        )
    assert "U heeft op dit tijdstip al een andere afspraak." in messages_of(exc_info)
    assert Appointment.objects.count() == 1


def test_schedule_for_a_client_out_of_reach_is_not_found(world, coach, day):
    with pytest.raises(ClientNotFound):
        services.schedule_appointment(
            actor=coach,
            client=world.private_team_client,
            starts_at=at(day, 15),
            ends_at=at(day, 15, 30),
            kind=AppointmentKind.PHONE,
            location="",
        )


def test_clients_and_back_office_cannot_schedule(world, own, day):
    for user in (world.users["client"], world.users["back_office"]):
        with pytest.raises(PermissionDenied):
            services.schedule_appointment(
                actor=user,
                client=own,
                starts_at=at(day, 15),
                ends_at=at(day, 15, 30),
                kind=AppointmentKind.PHONE,
                location="",
            )


# --- no-show and held ----------------------------------------------------------------------------


def test_no_show_only_after_the_start(own, coach, day):
    future = make_appointment(own, at(day, 9))
    with pytest.raises(ValidationError) as exc_info:
        services.register_no_show(actor=coach, appointment=future)
    assert "pas als de afspraak begonnen is" in messages_of(exc_info)
    future.refresh_from_db()
    assert future.status == AppointmentStatus.PLANNED

    past = make_appointment(
        own, timezone.now().replace(microsecond=0) - datetime.timedelta(hours=2)
    )
    marked = services.register_no_show(actor=coach, appointment=past)
    assert marked.status == AppointmentStatus.NO_SHOW
    entry = LogEntry.objects.filter(client=own).latest("pk")
    assert entry.text.startswith("Niet verschenen")
    assert entry.kind == EntryKind.APPOINTMENT
    with pytest.raises(ValidationError):
        services.register_no_show(actor=coach, appointment=past)


def test_mark_held(own, coach):
    past = make_appointment(
        own, timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1)
    )
    assert services.mark_held(actor=coach, appointment=past).status == AppointmentStatus.HELD


def test_a_client_cannot_register_a_no_show(own, client_user):
    past = make_appointment(own, timezone.now() - datetime.timedelta(hours=2))
    with pytest.raises(PermissionDenied):
        services.register_no_show(actor=client_user, appointment=past)


# --- availability --------------------------------------------------------------------------------


def rule_values(**kwargs):
    values = {
        "weekday": 1,
        "start_time": datetime.time(9),
        "end_time": datetime.time(12),
        "slot_minutes": 30,
        "kind": AppointmentKind.OFFICE,
        "location": OFFICE,
        "valid_from": timezone.localdate(),
        "valid_until": None,
    }
    values.update(kwargs)
    return values


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"end_time": datetime.time(8)}, "end_time", "De eindtijd moet na de begintijd liggen."),
        ({"slot_minutes": 5}, "slot_minutes", "10 tot 240 minuten"),
        ({"slot_minutes": 241}, "slot_minutes", "10 tot 240 minuten"),
        ({"location": ""}, "location", "locatie"),
        ({"kind": "video", "location": ""}, "location", "link"),
        ({"end_time": datetime.time(9, 20)}, "end_time", "korter dan één afspraak"),
        (
            {"valid_until": timezone.localdate() - datetime.timedelta(days=1)},
            "valid_until",
            "einddatum",
        ),
    ],
)
def test_availability_rules_are_validated(coach, values, field, message):
    with pytest.raises(ValidationError) as exc_info:
        services.add_availability_rule(actor=coach, **rule_values(**values))
    assert message in " ".join(exc_info.value.message_dict[field])


def test_overlapping_rules_on_one_weekday_are_refused(coach):
    services.add_availability_rule(actor=coach, **rule_values())
    with pytest.raises(ValidationError) as exc_info:
        services.add_availability_rule(
            actor=coach,
            **rule_values(start_time=datetime.time(11, 30), end_time=datetime.time(13)),
        )
    assert "overlapt" in " ".join(exc_info.value.message_dict["start_time"])
    # Back to back, another day, or a later period: fine.
    services.add_availability_rule(
        actor=coach, **rule_values(start_time=datetime.time(12), end_time=datetime.time(13))
    )
    services.add_availability_rule(actor=coach, **rule_values(weekday=2))


def test_leave_is_validated(coach):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc_info:
        services.add_availability_exception(
            actor=coach, starts_on=today, ends_on=today - datetime.timedelta(days=1)
        )
    assert "op of na de eerste dag" in " ".join(exc_info.value.message_dict["ends_on"])


def test_only_planners_manage_availability(world):
    with pytest.raises(PermissionDenied):
        services.add_availability_rule(actor=world.users["client"], **rule_values())
    with pytest.raises(PermissionDenied):
        services.renew_calendar_feed(actor=world.users["back_office"])
