"""Materialising a series' meetings: local time across daylight saving, Dutch holidays,
idempotency, and what editing or showing the list does."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from werkplein.conferences import services
from werkplein.conferences.models import AgendaItem, Conference

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def starts(series):
    return list(
        Conference.objects.filter(series=series)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
    )


def test_local_start_time_is_kept_across_the_daylight_saving_change(cw):
    # Summer time starts on Sunday 28 March 2027; Monday 29 March is Easter Monday.
    cw.series.weekdays = [2]  # Wednesday
    cw.series.save()
    created = services.schedule_conferences(
        cw.series, datetime.date(2027, 4, 1), today=datetime.date(2027, 3, 22)
    )
    assert created == 2
    assert starts(cw.series) == [
        datetime.datetime(2027, 3, 24, 9, 0, tzinfo=UTC),  # 10:00 CET
        datetime.datetime(2027, 3, 31, 8, 0, tzinfo=UTC),  # 10:00 CEST
    ]
    ends = Conference.objects.filter(series=cw.series).values_list("ends_at", flat=True)
    assert {e.minute for e in ends} == {0} and len(set(ends)) == 2


def test_dutch_public_holidays_are_skipped(cw):
    # Mon 29 March 2027 is Easter Monday; Fri 25 Dec 2026 is Christmas; Tue 27 April 2027
    # is King's Day.
    cw.series.weekdays = [0, 1, 4]
    cw.series.save()
    days = [
        timezone.localtime(s).date()
        for s, _e in services.slots(
            cw.series, datetime.date(2026, 12, 21), datetime.date(2027, 4, 30)
        )
    ]
    assert datetime.date(2026, 12, 25) not in days
    assert datetime.date(2027, 3, 29) not in days
    assert datetime.date(2027, 4, 27) not in days
    assert datetime.date(2026, 12, 28) in days
    assert datetime.date(2027, 3, 30) in days


def test_scheduling_twice_creates_nothing_twice_and_keeps_cancellations(cw):
    today = timezone.localdate()
    until = today + datetime.timedelta(weeks=3)
    first = services.schedule_conferences(cw.series, until, today=today)
    assert first >= 6
    cancelled = Conference.objects.filter(series=cw.series).order_by("starts_at").last()
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    assert services.schedule_conferences(cw.series, until, today=today) == 0
    assert Conference.objects.filter(series=cw.series).count() == first
    cancelled.refresh_from_db()
    assert cancelled.cancelled_at is not None


def test_only_future_meetings_of_active_series_are_made(cw):
    today = timezone.localdate()
    services.schedule_conferences(cw.series, today + datetime.timedelta(weeks=2), today=today)
    assert all(s > timezone.now() for s in starts(cw.series))
    cw.series.active = False
    cw.series.save()
    Conference.objects.all().delete()
    assert services.schedule_conferences(cw.series, today + datetime.timedelta(weeks=2)) == 0


def test_showing_the_list_schedules_the_coming_weeks(world, cw, login):
    assert not Conference.objects.exists()
    assert login(world.users["coach"]).get("/casusoverleg/").status_code == 200
    count = Conference.objects.filter(series=cw.series).count()
    assert count >= 3 * services.SCHEDULE_WEEKS - 6  # three a week, minus holidays
    login(world.users["coach"]).get("/casusoverleg/")
    assert Conference.objects.filter(series=cw.series).count() == count


def series_post(**overrides):
    data = {
        "name": "Jongerenoverleg",
        "weekdays": ["1", "3"],
        "starts_at": "13:30",
        "duration_minutes": "90",
        "max_clients": "4",
        "location": "Zaal 2",
        "members": [],
        "active": "on",
    }
    data.update(overrides)
    return data


def test_functional_admin_creates_a_series_and_its_meetings_appear(world, login):
    admin = world.users["functional_admin"]
    data = series_post(members=[str(world.users["coach"].pk), str(world.users["back_office"].pk)])
    response = login(admin).post("/casusoverleg/reeksen/nieuw/", data)
    assert response.status_code == 302
    from werkplein.conferences.models import ConferenceSeries

    series = ConferenceSeries.objects.get(name="Jongerenoverleg")
    assert series.weekdays == [1, 3]
    assert set(series.members.all()) == {world.users["coach"], world.users["back_office"]}
    meetings = Conference.objects.filter(series=series)
    assert meetings.exists()
    for meeting in meetings:
        local = timezone.localtime(meeting.starts_at)
        assert (local.weekday() in (1, 3), local.hour, local.minute) == (True, 13, 30)
        assert meeting.ends_at - meeting.starts_at == datetime.timedelta(minutes=90)
        assert meeting.max_clients == 4


def test_editing_the_time_moves_empty_meetings_and_keeps_those_with_clients(world, cw, login):
    today = timezone.localdate()
    services.schedule_conferences(
        cw.series, today + datetime.timedelta(weeks=services.SCHEDULE_WEEKS), today=today
    )
    kept = Conference.objects.filter(series=cw.series).order_by("starts_at").first()
    cw.put_on(kept, cw.lochem_client, world.users["other_coach"])
    data = series_post(
        name=cw.series.name,
        weekdays=["0", "2", "4"],
        starts_at="14:00",
        duration_minutes="60",
        max_clients="6",
    )
    response = login(world.users["team_lead"]).post(f"/casusoverleg/reeksen/{cw.series.pk}/", data)
    assert response.status_code == 302
    assert Conference.objects.filter(pk=kept.pk).exists()
    others = Conference.objects.filter(series=cw.series).exclude(pk=kept.pk)
    assert others.exists()
    assert {timezone.localtime(c.starts_at).hour for c in others} == {14}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("duration_minutes", "14"),
        ("duration_minutes", "481"),
        ("max_clients", "0"),
        ("max_clients", "21"),
        ("weekdays", []),
        ("weekdays", ["7"]),
        ("name", ""),
        ("starts_at", "25:00"),
    ],
    ids=["short", "long", "no-clients", "many-clients", "no-days", "bad-day", "no-name", "time"],
)
def test_series_form_refuses_out_of_range_values(world, login, field, value):
    from tests.bad_input import assert_page_refused

    response = login(world.users["functional_admin"]).post(
        "/casusoverleg/reeksen/nieuw/", series_post(**{field: value})
    )
    assert response.status_code == 422
    assert_page_refused(response)
    assert not Conference.objects.exists()


def test_members_must_be_staff_who_attend(world, login):
    from werkplein.conferences.models import ConferenceSeries

    data = series_post(members=[str(world.users["quality_officer"].pk)])
    response = login(world.users["functional_admin"]).post("/casusoverleg/reeksen/nieuw/", data)
    assert response.status_code == 422
    assert not ConferenceSeries.objects.exists()


def test_duplicate_series_name_is_refused_in_dutch(world, cw, login):
    from tests.bad_input import assert_page_refused

    response = login(world.users["functional_admin"]).post(
        "/casusoverleg/reeksen/nieuw/", series_post(name=cw.series.name)
    )
    assert response.status_code == 422
    assert "Er is al een reeks met deze naam." in assert_page_refused(response)


def test_cancelling_one_meeting_asks_for_confirmation(world, cw, login):
    conference = cw.conference(starts_in=120)
    http = login(world.users["team_lead"])
    page = http.get(f"/casusoverleg/{conference.pk}/annuleren/")
    assert page.status_code == 200
    assert "Weet u zeker" in page.content.decode()
    conference.refresh_from_db()
    assert conference.cancelled_at is None
    assert http.post(f"/casusoverleg/{conference.pk}/annuleren/").status_code == 302
    conference.refresh_from_db()
    assert conference.cancelled_at is not None
    again = http.post(f"/casusoverleg/{conference.pk}/annuleren/", follow=True)
    assert "al geannuleerd" in again.content.decode()


def test_a_past_meeting_cannot_be_cancelled(world, cw, login):
    conference = cw.conference(starts_in=-120)
    login(world.users["team_lead"]).post(f"/casusoverleg/{conference.pk}/annuleren/")
    conference.refresh_from_db()
    assert conference.cancelled_at is None


def test_a_series_name_saved_twice_at_once_is_refused_in_dutch(world, cw, monkeypatch):
    """Two clicks on 'save' of a new series both pass the name check; the second one is a
    Dutch message on the name, not a server error, and no second series exists."""
    from werkplein.conferences.models import ConferenceSeries

    monkeypatch.setattr(services, "_validate_series", lambda actor, data, series: None)
    data = services.SeriesData(
        name=cw.series.name,
        weekdays=[1],
        starts_at=datetime.time(14, 0),
        duration_minutes=60,
        max_clients=6,
        location="Zaal 2",
        members=[],
    )
    with pytest.raises(ValidationError) as refused:
        services.save_series(actor=world.users["functional_admin"], data=data)
    assert refused.value.message_dict == {"name": ["Er is al een reeks met deze naam."]}
    assert ConferenceSeries.objects.filter(name=cw.series.name).count() == 1


def _save_unchanged(world, series) -> None:
    """The functional admin saves the series as it is: its meetings at other times go."""
    services.save_series(
        actor=world.users["functional_admin"], data=_unchanged_series_data(series), series=series
    )


def _unchanged_series_data(series) -> services.SeriesData:
    return services.SeriesData(
        name=series.name,
        weekdays=list(series.weekdays),
        starts_at=series.starts_at,
        duration_minutes=series.duration_minutes,
        max_clients=series.max_clients,
        location=series.location,
        members=list(series.members.all()),
    )


def test_a_meeting_removed_by_a_series_change_refuses_a_late_sign_up_in_dutch(world, cw):
    """The coach opened the sign-up page; the series changed and its empty meeting at that time
    went. Sending the page gives a Dutch message, not a server error."""
    misfit = cw.conference(starts_in=3 * 24 * 60 + 7)  # at no time the series uses
    _save_unchanged(world, cw.series)
    assert not Conference.objects.filter(pk=misfit.pk).exists()

    with pytest.raises(ValidationError, match="niet meer gepland"):
        services.add_to_agenda(
            actor=world.users["coach"], conference=misfit, client=world.own_client, question="?"
        )
    assert not AgendaItem.objects.exists()


@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs PostgreSQL's row locks")
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_series_change_keeps_a_meeting_a_client_was_put_on_meanwhile(world, cw):
    """A coach puts a client on a meeting that no longer fits the series while the series is
    being saved: the meeting and the client's place on it stay."""
    misfit = cw.conference(starts_in=3 * 24 * 60 + 7)
    signed_up = threading.Event()
    outcomes: list[str] = []

    def sign_up() -> None:
        try:
            with transaction.atomic():
                services.add_to_agenda(
                    actor=world.users["coach"],
                    conference=misfit,
                    client=world.own_client,
                    question="Wat nu?",
                )
                signed_up.set()
                time.sleep(0.5)  # the series is saved meanwhile and must wait for this
            outcomes.append("signed up")
        except Exception as exc:  # reported in the assertion below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    coach = threading.Thread(target=sign_up)
    coach.start()
    assert signed_up.wait(timeout=10)
    _save_unchanged(world, cw.series)
    coach.join()

    assert outcomes == ["signed up"]
    assert Conference.objects.filter(pk=misfit.pk).exists()
    assert AgendaItem.objects.filter(conference=misfit, client=world.own_client).exists()
