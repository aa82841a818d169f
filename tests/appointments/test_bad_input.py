"""Malformed input on every page and API endpoint of appointments, as the client and as the
coach: a taken, past, off-grid or non-existent slot, cancelling after the cut-off, garbage times,
dates, versions and texts. Never a 500, a clear Dutch message, nothing changed."""

import datetime
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from werkplein.appointments.models import (
    AppointmentStatus,
    AvailabilityException,
    AvailabilityRule,
)
from werkplein.appointments.selectors import booking_window, dutch_holidays

from ..bad_input import (
    ABSURD_DATES,
    BAD_VERSIONS,
    HUGE_INTS,
    HUGE_TEXT,
    NUL,
    SCRIPT,
    WRONG_JSON_TYPES,
    api_send,
    assert_api_refused,
    assert_page_refused,
    assert_unchanged,
    snapshot,
)
from .conftest import at, make_appointment, working_day

BOOK = "/mijn/afspraken/maken/"


@pytest.fixture
def client_http(world, login):
    return login(world.users["client"])


@pytest.fixture
def coach_http(world, login):
    return login(world.users["coach"])


@pytest.fixture
def own(world):
    return world.client_user_client


@pytest.fixture
def booked(own, weekdays_available, day):
    return make_appointment(own, at(day, 10))


def _holiday() -> datetime.date:
    """The next Dutch public holiday on a weekday, inside the booking horizon if there is one."""
    first, last = booking_window()
    for day in sorted(dutch_holidays(first, last + datetime.timedelta(days=365))):
        if day > first + datetime.timedelta(days=1) and day.weekday() < 5:
            return day
    raise AssertionError("no holiday")


def _bad_starts(day: datetime.date) -> list[str]:
    """Every kind of start that is no free slot, as text."""
    past = working_day(-10) if working_day(-10) < timezone.localdate() else day
    beyond = working_day(70)
    return [
        "",
        "morgen om tien",
        NUL,
        HUGE_TEXT,
        "2026-02-30T10:00",
        "2026-13-01T10:00",
        "31-12-2026 10:00",
        "0001-01-01T00:00",
        "0001-01-01T00:00+14:00",
        "9999-12-31T23:59",
        "9999-12-31T23:59:59-12:00",
        "9999-12-31T23:59:59+23:59",
        at(day, 9, 10).isoformat(),  # off the slot grid
        at(day, 12).isoformat(),  # after the block
        at(day, 7).isoformat(),  # before the block
        at(past, 9).isoformat(),  # in the past
        (timezone.now() - datetime.timedelta(minutes=1)).isoformat(),
        at(beyond, 9).isoformat(),  # beyond the booking horizon
        datetime.datetime.combine(day, datetime.time(9)).isoformat() + "+05:00",  # 9:00 elsewhere
    ]


def _leave(coach, day):
    return AvailabilityException.objects.create(
        werkplein_id=coach.werkplein_id, coach=coach, starts_on=day, ends_on=day
    )


# --- the client books, as pages ------------------------------------------------------------------


def test_every_bad_start_is_refused_in_dutch_on_the_page(client_http, weekdays_available, day):
    for starts_at in _bad_starts(day):
        before = snapshot()

        response = client_http.post(BOOK, {"starts_at": starts_at})

        assert response.status_code == 302, starts_at[:40]
        assert_page_refused(response)
        assert_unchanged(before)


def test_a_taken_slot_is_refused_on_the_page(world, client_http, weekdays_available, day):
    make_appointment(world.own_client, at(day, 9))
    before = snapshot()

    response = client_http.post(BOOK, {"starts_at": at(day, 9).isoformat()})

    assert "net door iemand anders geboekt" in " ".join(assert_page_refused(response))
    assert_unchanged(before)


def test_a_holiday_or_a_leave_day_is_refused_on_the_page(
    client_http, coach, weekdays_available, day
):
    _leave(coach, day)
    before = snapshot()

    for starts_at in (at(day, 9), at(_holiday(), 9)):
        response = client_http.post(BOOK, {"starts_at": starts_at.isoformat()})
        assert_page_refused(response)

    assert_unchanged(before)


def test_a_missing_start_is_refused_on_the_page(client_http, weekdays_available):
    before = snapshot()

    response = client_http.post(BOOK, {})

    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("week", ["x" * 5000, NUL, "2026-01-05\r\nSet-Cookie: a=b", "<b>"])
def test_a_garbage_week_when_refused_still_redirects_to_the_booking_page(
    client_http, weekdays_available, week
):
    response = client_http.post(BOOK, {"starts_at": "nooit", "week": week})

    assert response.status_code == 302
    assert response["Location"].startswith(BOOK)
    assert "\n" not in response["Location"]


WEEKS = [
    "",
    "abc",
    "-1",
    "0",
    "1",
    str(2**63),
    "0001-01-01",
    "0001-01-02",
    "9999-12-31",
    "2026-02-30",
    "2026-W01",
    NUL,
    HUGE_TEXT,
]


@pytest.mark.parametrize("week", WEEKS)
def test_a_garbage_week_shows_a_week_inside_the_window(
    client_http, booked, weekdays_available, week
):
    for path in (BOOK, f"/mijn/afspraken/{booked.pk}/verzetten/"):
        response = client_http.get(path, {"week": week})
        assert response.status_code == 200, path


# --- moving and cancelling, as pages -------------------------------------------------------------


def test_every_bad_start_is_refused_when_moving(client_http, booked, day):
    url = f"/mijn/afspraken/{booked.pk}/verzetten/"
    for starts_at in [*_bad_starts(day), at(day, 10).isoformat()]:
        before = snapshot()

        response = client_http.post(url, {"starts_at": starts_at, "version": booked.version})

        assert_page_refused(response)
        assert_unchanged(before)


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_a_bad_version_is_refused_when_moving_and_cancelling(client_http, booked, day, version):
    before = snapshot()

    moved = client_http.post(
        f"/mijn/afspraken/{booked.pk}/verzetten/",
        {"starts_at": at(day, 11).isoformat(), "version": version},
    )
    cancelled = client_http.post(f"/mijn/afspraken/{booked.pk}/annuleren/", {"version": version})

    assert_page_refused(moved)
    assert_page_refused(cancelled)
    assert_unchanged(before)


@pytest.mark.parametrize("reason", [NUL, "x" * 501, HUGE_TEXT])
def test_a_bad_reason_for_cancelling_is_refused(client_http, booked, reason):
    before = snapshot()

    response = client_http.post(
        f"/mijn/afspraken/{booked.pk}/annuleren/", {"version": booked.version, "reason": reason}
    )

    assert_page_refused(response)
    assert_unchanged(before)


def test_an_empty_post_of_cancelling_cancels_nothing(client_http, booked):
    before = snapshot()

    response = client_http.post(f"/mijn/afspraken/{booked.pk}/annuleren/", {})

    assert_page_refused(response)
    assert_unchanged(before)


def test_moving_or_cancelling_after_the_cutoff_is_refused(client_http, own, weekdays_available):
    soon = make_appointment(own, timezone.now() + datetime.timedelta(hours=2))
    day = working_day(10)
    before = snapshot()

    moved = client_http.post(
        f"/mijn/afspraken/{soon.pk}/verzetten/",
        {"starts_at": at(day, 9).isoformat(), "version": soon.version},
    )
    cancelled = client_http.post(f"/mijn/afspraken/{soon.pk}/annuleren/", {"version": 1})

    for response in (moved, cancelled):
        assert "binnen 24 uur" in " ".join(assert_page_refused(response))
    assert_unchanged(before)


def test_moving_or_cancelling_a_cancelled_appointment_is_refused(client_http, own, day):
    gone = make_appointment(own, at(day, 9), status=AppointmentStatus.CANCELLED)
    before = snapshot()

    moved = client_http.post(
        f"/mijn/afspraken/{gone.pk}/verzetten/",
        {"starts_at": at(day, 11).isoformat(), "version": gone.version},
    )
    cancelled = client_http.post(f"/mijn/afspraken/{gone.pk}/annuleren/", {"version": 1})

    assert_page_refused(moved)
    assert_page_refused(cancelled)
    assert_unchanged(before)


@pytest.mark.parametrize("appointment_id", [0, 2**31, 2**63, 10**30])
@pytest.mark.parametrize("action", ["verzetten", "annuleren", "afspraak.ics"])
def test_an_unknown_appointment_is_404(client_http, booked, appointment_id, action):
    before = snapshot()

    if action == "afspraak.ics":
        response = client_http.get(f"/mijn/afspraken/{appointment_id}/{action}")
    else:
        response = client_http.post(f"/mijn/afspraken/{appointment_id}/{action}/", {"version": 1})

    assert response.status_code == 404
    assert_unchanged(before)


# --- the client, through the API -----------------------------------------------------------------


def _api_starts(day: datetime.date) -> list:
    return [
        *_bad_starts(day),
        None,
        12,
        1.5,
        [],
        [at(day, 9).isoformat()],
        {"date": day.isoformat(), "time": "09:00"},
        day.isoformat() + "T09:00:00+25:00",
        day.isoformat() + "T09:00:00.123456789+01:00",
        day.isoformat(),
    ]


def test_every_bad_start_is_a_dutch_422_in_the_api(client_http, weekdays_available, day):
    for starts_at in _api_starts(day):
        before = snapshot()

        response = api_send(client_http, "post", "/me/appointments/", {"starts_at": starts_at})

        assert_api_refused(response, statuses=(422,))
        assert_unchanged(before)


def test_a_taken_slot_is_a_dutch_422_in_the_api(world, client_http, weekdays_available, day):
    make_appointment(world.own_client, at(day, 9))
    before = snapshot()

    response = api_send(
        client_http, "post", "/me/appointments/", {"starts_at": at(day, 9).isoformat()}
    )

    body = assert_api_refused(response, statuses=(409, 422))
    assert "geboekt" in " ".join(body["errors"]["starts_at"])
    assert_unchanged(before)


@pytest.mark.parametrize("body", WRONG_JSON_TYPES)
def test_a_body_of_the_wrong_type_is_a_dutch_422_in_the_api(client_http, booked, body):
    before = snapshot()

    for path in (
        "/me/appointments/",
        f"/me/appointments/{booked.pk}/reschedule/",
        f"/me/appointments/{booked.pk}/cancel/",
    ):
        assert_api_refused(api_send(client_http, "post", path, body), statuses=(400, 422))

    assert_unchanged(before)


@pytest.mark.parametrize("raw", ["", "{", "nul", "\x00", '{"starts_at": }'])
def test_a_body_that_is_not_json_is_refused_in_the_api(client_http, booked, raw):
    before = snapshot()

    for path in (
        "/me/appointments/",
        f"/me/appointments/{booked.pk}/reschedule/",
        f"/me/appointments/{booked.pk}/cancel/",
    ):
        assert_api_refused(api_send(client_http, "post", path, raw, raw=True), statuses=(400, 422))

    assert_unchanged(before)


def test_every_bad_start_is_refused_when_moving_in_the_api(client_http, booked, day):
    for starts_at in [*_api_starts(day), at(day, 10).isoformat()]:
        before = snapshot()

        response = api_send(
            client_http,
            "post",
            f"/me/appointments/{booked.pk}/reschedule/",
            {"starts_at": starts_at, "version": booked.version},
        )

        assert_api_refused(response, statuses=(422,))
        assert_unchanged(before)


@pytest.mark.parametrize("version", [*HUGE_INTS, 0, None, "een", [1], {"v": 1}, 1.5])
def test_a_bad_version_is_refused_when_moving_and_cancelling_in_the_api(
    client_http, booked, day, version
):
    before = snapshot()

    moved = api_send(
        client_http,
        "post",
        f"/me/appointments/{booked.pk}/reschedule/",
        {"starts_at": at(day, 11).isoformat(), "version": version},
    )
    cancelled = api_send(
        client_http, "post", f"/me/appointments/{booked.pk}/cancel/", {"version": version}
    )

    assert_api_refused(moved, statuses=(409, 422))
    assert_api_refused(cancelled, statuses=(409, 422))
    assert_unchanged(before)


@pytest.mark.parametrize("reason", [NUL, "x" * 501, HUGE_TEXT, None, ["a"], {"a": 1}, 12])
def test_a_bad_reason_is_refused_in_the_api(client_http, booked, reason):
    before = snapshot()

    response = api_send(
        client_http,
        "post",
        f"/me/appointments/{booked.pk}/cancel/",
        {"version": booked.version, "reason": reason},
    )

    assert_api_refused(response, statuses=(422,))
    assert_unchanged(before)


def test_cancelling_after_the_cutoff_is_refused_in_the_api(client_http, own):
    soon = make_appointment(own, timezone.now() + datetime.timedelta(hours=2))
    before = snapshot()

    response = api_send(
        client_http, "post", f"/me/appointments/{soon.pk}/cancel/", {"version": soon.version}
    )

    body = assert_api_refused(response, statuses=(409, 422))
    assert "binnen 24 uur" in str(body["errors"])
    assert_unchanged(before)


@pytest.mark.parametrize("appointment_id", ["0", "abc", str(2**63), str(10**30), "-1"])
def test_an_unknown_appointment_is_404_or_422_in_the_api(client_http, booked, appointment_id):
    before = snapshot()

    for response in (
        client_http.get(f"/api/v1/me/appointments/{appointment_id}/"),
        client_http.get(f"/api/v1/me/appointments/{appointment_id}/ics/"),
        api_send(client_http, "post", f"/me/appointments/{appointment_id}/cancel/", {"version": 1}),
    ):
        assert_api_refused(response, statuses=(404, 422))

    assert_unchanged(before)


SLOT_RANGES = [
    {"from": "2026-02-30"},
    {"from": "31-12-2026"},
    {"from": "0001-01-01"},
    {"from": "0001-01-01", "to": "0001-01-05"},
    {"from": "9999-12-31"},
    {"from": "9999-12-25", "to": "9999-12-31"},
    {"to": "9999-12-31"},
    {"to": "0001-01-01"},
    {"from": "", "to": ""},
    {"from": NUL},
    {"from": "x" * 5000},
    {"from": "2026-01-01T10:00:00"},
    {"from": str(2**63)},
]


@pytest.mark.parametrize("params", SLOT_RANGES)
def test_a_garbage_slot_range_is_an_answer_or_a_dutch_422(client_http, weekdays_available, params):
    response = client_http.get("/api/v1/me/slots/", params)

    if response.status_code == 200:
        assert isinstance(response.json()["slots"], list)
    else:
        assert_api_refused(response, statuses=(422,))


# --- the coach's availability --------------------------------------------------------------------


def _rule(**values) -> dict:
    return {
        "weekday": "2",
        "start_time": "13:00",
        "end_time": "16:00",
        "slot_minutes": "30",
        "kind": "office",
        "location": "Balie 3",
        "valid_from": timezone.localdate().isoformat(),
        "valid_until": "",
    } | values


RULE_BAD_FIELDS = [
    ("weekday", "7"),
    ("weekday", "-1"),
    ("weekday", "ma"),
    ("weekday", str(2**63)),
    ("weekday", NUL),
    ("start_time", "25:00"),
    ("start_time", ""),
    ("start_time", NUL),
    ("start_time", "13:00:00+05:00"),
    ("end_time", "12:00"),
    ("end_time", "13:10"),
    ("slot_minutes", "0"),
    ("slot_minutes", "9"),
    ("slot_minutes", "241"),
    ("slot_minutes", "abc"),
    ("slot_minutes", "1.5"),
    *(("slot_minutes", str(n)) for n in HUGE_INTS),
    ("kind", "teleport"),
    ("kind", ""),
    ("kind", NUL),
    ("location", ""),
    ("location", NUL),
    ("location", HUGE_TEXT),
    ("valid_from", ""),
    *(("valid_from", date) for date in ABSURD_DATES if date != "31-12-2026"),
    ("valid_until", "2000-01-01"),
    ("valid_until", "2026-02-30"),
    ("valid_until", NUL),
]


@pytest.mark.parametrize(("field", "value"), RULE_BAD_FIELDS)
def test_a_bad_availability_block_is_refused(coach_http, weekdays_available, field, value):
    before = snapshot()

    response = coach_http.post("/afspraken/beschikbaarheid/blokken/nieuw/", _rule(**{field: value}))

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize(
    ("kind", "location"),
    [("video", "http://beeldbellen.example"), ("video", "javascript:alert(1)"), ("video", "")],
)
def test_a_video_block_needs_an_https_link(coach_http, kind, location):
    before = snapshot()

    response = coach_http.post(
        "/afspraken/beschikbaarheid/blokken/nieuw/", _rule(kind=kind, location=location)
    )

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


LEAVE_BAD = [
    {},
    {"starts_on": "", "ends_on": ""},
    {"starts_on": "2026-02-30", "ends_on": "2026-03-01"},
    {"starts_on": "2026-03-10", "ends_on": "2026-03-01"},
    {"starts_on": "2026-01-01", "ends_on": "2028-01-01"},
    {"starts_on": "0001-01-01", "ends_on": "9999-12-31"},
    {"starts_on": NUL, "ends_on": "2026-03-01"},
    {"starts_on": "2026-03-01", "ends_on": "2026-03-02", "reason": NUL},
    {"starts_on": "2026-03-01", "ends_on": "2026-03-02", "reason": HUGE_TEXT},
]


@pytest.mark.parametrize("data", LEAVE_BAD)
def test_bad_leave_is_refused(coach_http, data):
    before = snapshot()

    response = coach_http.post("/afspraken/beschikbaarheid/afwezig/nieuw/", data)

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("what", ["blokken", "afwezig"])
@pytest.mark.parametrize("item_id", ["other", 0, 2**63, 10**30])
def test_removing_an_unknown_or_anothers_block_or_leave_is_404(
    world, coach_http, day, what, item_id
):
    other = world.users["teammate"]
    if item_id == "other":
        if what == "blokken":
            item_id = AvailabilityRule.objects.create(
                werkplein_id=other.werkplein_id,
                coach=other,
                weekday=0,
                start_time=datetime.time(9),
                end_time=datetime.time(10),
                slot_minutes=30,
                kind="phone",
                valid_from=day,
            ).pk
        else:
            item_id = _leave(other, day).pk
    before = snapshot()

    response = coach_http.post(f"/afspraken/beschikbaarheid/{what}/{item_id}/verwijderen/")

    assert response.status_code == 404
    assert_unchanged(before)


@pytest.mark.parametrize("token", ["x", "a" * 43, "a" * 5000, "%00", "é"])
def test_a_garbage_feed_token_is_404(db, client, token):
    assert client.get(f"/afspraken/agenda/{token}.ics").status_code == 404


# --- the coach plans, cancels and registers from the dossier -------------------------------------


def _schedule(day: datetime.date, **values) -> dict:
    return {
        "date": day.isoformat(),
        "start_time": "14:00",
        "end_time": "14:30",
        "kind": "office",
        "location": "Balie 3",
    } | values


def _schedule_bad(day: datetime.date) -> list[dict]:
    return [
        {},
        *(_schedule(day, date=date) for date in ABSURD_DATES if date != "31-12-2026"),
        _schedule(day, date="0001-01-01", start_time="00:00", end_time="00:30"),
        _schedule(day, date="9999-12-31", start_time="23:00", end_time="23:59"),
        _schedule(day, date=NUL),
        _schedule(day, start_time="24:00"),
        _schedule(day, start_time=NUL),
        _schedule(day, end_time="13:00"),
        _schedule(day, end_time="14:00"),
        _schedule(day, start_time="01:00", end_time="23:00"),
        _schedule(day, kind="teleport"),
        _schedule(day, kind=NUL),
        _schedule(day, location=""),
        _schedule(day, location=NUL),
        _schedule(day, location=HUGE_TEXT),
        _schedule(day, kind="video", location="http://x"),
        _schedule(working_day(-10) if working_day(-10) < timezone.localdate() else day, date=""),
    ]


def test_every_bad_appointment_the_coach_plans_is_refused(coach_http, own, day):
    for data in _schedule_bad(day):
        before = snapshot()

        response = coach_http.post(f"/afspraken/klanten/{own.pk}/nieuw/", data)

        assert response.status_code == 422, data
        assert_page_refused(response)
        assert_unchanged(before)


def test_planning_over_a_planned_appointment_is_refused(coach_http, booked, own, day):
    before = snapshot()

    response = coach_http.post(
        f"/afspraken/klanten/{own.pk}/nieuw/",
        _schedule(day, start_time="09:45", end_time="10:15"),
    )

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_the_coach_cancelling_with_a_bad_version_changes_nothing(coach_http, booked, version):
    before = snapshot()

    response = coach_http.post(f"/afspraken/{booked.pk}/annuleren/", {"version": version})

    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("reason", [NUL, "x" * 501, HUGE_TEXT])
def test_the_coach_cancelling_with_a_bad_reason_changes_nothing(coach_http, booked, reason):
    before = snapshot()

    response = coach_http.post(
        f"/afspraken/{booked.pk}/annuleren/", {"version": booked.version, "reason": reason}
    )

    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("action", ["niet-verschenen", "gehouden"])
def test_an_outcome_before_the_start_is_refused(coach_http, booked, action):
    before = snapshot()

    response = coach_http.post(f"/afspraken/{booked.pk}/{action}/")

    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("action", ["niet-verschenen", "gehouden", "annuleren"])
def test_an_outcome_of_a_cancelled_appointment_is_refused(coach_http, own, action):
    gone = make_appointment(
        own, timezone.now() - datetime.timedelta(hours=3), status=AppointmentStatus.CANCELLED
    )
    before = snapshot()

    response = coach_http.post(f"/afspraken/{gone.pk}/{action}/", {"version": gone.version})

    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("appointment_id", [0, 2**63, 10**30])
@pytest.mark.parametrize("action", ["niet-verschenen/", "gehouden/", "annuleren/", "afspraak.ics"])
def test_an_unknown_appointment_is_404_for_the_coach(coach_http, booked, appointment_id, action):
    before = snapshot()

    if action == "afspraak.ics":
        response = coach_http.get(f"/afspraken/{appointment_id}/{action}")
    else:
        response = coach_http.post(f"/afspraken/{appointment_id}/{action}", {"version": 1})

    assert response.status_code == 404
    assert_unchanged(before)


GARBAGE_PURPOSES = ["onbekend", "x" * 5000, NUL, "verantwoording&x=1#frag"]


@pytest.mark.parametrize("doel", GARBAGE_PURPOSES)
def test_a_garbage_purpose_is_404_and_changes_nothing(coach_http, booked, own, day, doel):
    before = snapshot()
    query = "?" + urlencode({"doel": doel})

    responses = [
        coach_http.get(f"/afspraken/klanten/{own.pk}/nieuw/", {"doel": doel}),
        coach_http.post(f"/afspraken/klanten/{own.pk}/nieuw/{query}", _schedule(day)),
        coach_http.post(f"/afspraken/{booked.pk}/annuleren/{query}", {"version": 1}),
        coach_http.post(f"/afspraken/{booked.pk}/niet-verschenen/{query}"),
        coach_http.get(f"/afspraken/{booked.pk}/afspraak.ics", {"doel": doel}),
    ]

    for response in responses:
        assert response.status_code == 404
    assert_unchanged(before)


def test_html_in_a_location_and_a_reason_is_shown_as_text(coach_http, client_http, own, day):
    coach_http.post(f"/afspraken/klanten/{own.pk}/nieuw/", _schedule(day, location=SCRIPT[:190]))
    appointment = own.appointments.get()
    client_http.post(
        f"/mijn/afspraken/{appointment.pk}/annuleren/",
        {"version": appointment.version, "reason": SCRIPT},
    )

    for http, url in (
        (client_http, "/mijn/afspraken/"),
        (client_http, "/mijn/"),
        (client_http, "/mijn/logboek/"),
        (coach_http, f"/klanten/{own.pk}/"),
        (coach_http, "/afspraken/beschikbaarheid/"),
    ):
        page = http.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "<b onmouseover" not in page, url


def test_line_breaks_in_a_location_cannot_add_lines_to_the_ics(coach_http, client_http, own, day):
    injected = "Balie 3\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Nep"
    response = coach_http.post(
        f"/afspraken/klanten/{own.pk}/nieuw/", _schedule(day, location=injected)
    )
    assert response.status_code == 302
    appointment = own.appointments.get()
    token_page = coach_http.post("/afspraken/beschikbaarheid/agenda/nieuw/").content.decode()
    feed_path = token_page.split("http://testserver", 1)[1].split('"', 1)[0]

    for http, path in (
        (client_http, f"/mijn/afspraken/{appointment.pk}/afspraak.ics"),
        (client_http, f"/api/v1/me/appointments/{appointment.pk}/ics/"),
        (coach_http, f"/afspraken/{appointment.pk}/afspraak.ics"),
        (coach_http, feed_path),
    ):
        ics = http.get(path).content.decode()
        assert ics.split("\r\n").count("BEGIN:VEVENT") == 1, path
        assert "\r\nSUMMARY:Nep" not in ics, path
