"""The coach's pages: availability and feed, the dossier card, planning, cancelling, no-shows."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from werkplein.appointments.models import (
    Appointment,
    AppointmentStatus,
    AvailabilityException,
    AvailabilityRule,
    CalendarFeed,
)
from werkplein.audit.models import AccessEvent, Outcome

from .conftest import OFFICE, add_rule, at, make_appointment


@pytest.fixture
def http(world, login):
    return login(world.users["coach"])


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- availability --------------------------------------------------------------------------------


def test_availability_page(http, coach):
    add_rule(coach, weekday=1)
    html = http.get("/afspraken/beschikbaarheid/").content.decode()
    assert "Dinsdag" in html
    assert "maar één keer" in html  # the page explains the feed URL is shown once


def test_add_a_rule(http, coach):
    response = http.post(
        "/afspraken/beschikbaarheid/blokken/nieuw/",
        {
            "weekday": "3",
            "start_time": "13:00",
            "end_time": "16:00",
            "slot_minutes": "20",
            "kind": "phone",
            "location": "",
            "valid_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    rule = AvailabilityRule.objects.get(coach=coach)
    assert (rule.weekday, rule.slot_minutes, rule.kind) == (3, 20, "phone")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"end_time": "08:00"}, "De eindtijd moet na de begintijd liggen."),
        ({"slot_minutes": "300"}, "Een afspraak duurt 10 tot 240 minuten."),
        ({"kind": "office", "location": ""}, "Vul bij een afspraak op kantoor de locatie in."),
        ({"kind": "video", "location": ""}, "Vul bij een video-afspraak de link in"),
        ({"start_time": "25:00"}, "geldige tijd"),
    ],
)
def test_bad_rules_are_refused_with_dutch_messages(http, coach, data, message):
    values = {
        "weekday": "1",
        "start_time": "09:00",
        "end_time": "12:00",
        "slot_minutes": "30",
        "kind": "office",
        "location": OFFICE,
        "valid_from": timezone.localdate().isoformat(),
    }
    values.update(data)
    response = http.post("/afspraken/beschikbaarheid/blokken/nieuw/", values)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not AvailabilityRule.objects.exists()


def test_overlapping_rule_is_refused_on_the_page(http, coach):
    add_rule(coach, weekday=1)
    response = http.post(
        "/afspraken/beschikbaarheid/blokken/nieuw/",
        {
            "weekday": "1",
            "start_time": "11:00",
            "end_time": "13:00",
            "slot_minutes": "30",
            "kind": "phone",
            "valid_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 422
    assert "overlapt" in response.content.decode()


def test_remove_a_rule_asks_first(http, coach, world, login):
    rule = add_rule(coach, weekday=1)
    page = http.get(f"/afspraken/beschikbaarheid/blokken/{rule.pk}/verwijderen/")
    assert "Dit blok verwijderen?" in page.content.decode()
    assert AvailabilityRule.objects.filter(pk=rule.pk).exists()
    other = login(world.users["teammate"])
    assert (
        other.post(f"/afspraken/beschikbaarheid/blokken/{rule.pk}/verwijderen/").status_code == 404
    )
    http.post(f"/afspraken/beschikbaarheid/blokken/{rule.pk}/verwijderen/")
    assert not AvailabilityRule.objects.filter(pk=rule.pk).exists()


def test_add_and_remove_leave(http, coach):
    today = timezone.localdate()
    response = http.post(
        "/afspraken/beschikbaarheid/afwezig/nieuw/",
        {
            "starts_on": (today + datetime.timedelta(days=5)).isoformat(),
            "ends_on": (today + datetime.timedelta(days=9)).isoformat(),
            "reason": "Vakantie",
        },
    )
    assert response.status_code == 302
    leave = AvailabilityException.objects.get(coach=coach)
    bad = http.post(
        "/afspraken/beschikbaarheid/afwezig/nieuw/",
        {
            "starts_on": today.isoformat(),
            "ends_on": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert bad.status_code == 422
    assert "De laatste dag moet op of na de eerste dag liggen." in bad.content.decode()
    http.post(f"/afspraken/beschikbaarheid/afwezig/{leave.pk}/verwijderen/")
    assert not AvailabilityException.objects.exists()


def test_feed_url_is_shown_once_after_making_it(http, coach, client):
    response = http.post("/afspraken/beschikbaarheid/agenda/nieuw/")
    html = response.content.decode()
    feed = CalendarFeed.objects.get(coach=coach)
    start = html.index("/afspraken/agenda/")
    url = html[start : html.index('"', start)]
    assert client.get(url).status_code == 200
    assert url not in http.get("/afspraken/beschikbaarheid/").content.decode()
    assert feed.token_hash not in html


@pytest.mark.parametrize("name", ["back_office", "quality_officer", "client"])
def test_availability_is_for_coaches_and_team_leads(world, login, name):
    assert login(world.users[name]).get("/afspraken/beschikbaarheid/").status_code == 403


# --- the dossier ---------------------------------------------------------------------------------


def test_dossier_card_shows_upcoming_and_recent_with_actions(world, http):
    own = world.own_client
    now = timezone.now().replace(microsecond=0)
    upcoming = make_appointment(own, now + datetime.timedelta(days=2))
    past = make_appointment(own, now - datetime.timedelta(days=2))
    make_appointment(own, now - datetime.timedelta(days=5), status=AppointmentStatus.NO_SHOW)
    html = http.get(f"/klanten/{own.pk}/").content.decode()
    assert f"/afspraken/{upcoming.pk}/annuleren/" in html
    assert f"/afspraken/{upcoming.pk}/afspraak.ics" in html
    assert f"/afspraken/{past.pk}/niet-verschenen/" in html
    assert "Niet verschenen" in html
    assert f"/afspraken/klanten/{own.pk}/nieuw/" in html


def test_dossier_query_count_does_not_grow_with_appointments(
    world, http, django_assert_max_num_queries
):
    own = world.own_client
    http.get(f"/klanten/{own.pk}/")  # warm caches

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert http.get(f"/klanten/{own.pk}/").status_code == 200
        return len(context)

    few = count()
    now = timezone.now().replace(microsecond=0)
    for n in range(8):
        make_appointment(own, now + datetime.timedelta(days=2, hours=n))
        make_appointment(own, now - datetime.timedelta(days=2, hours=n))
    assert count() == few


def test_coach_schedules_from_the_dossier(world, http, day):
    own = world.own_client
    page = http.get(f"/afspraken/klanten/{own.pk}/nieuw/?doel=guidance")
    assert page.status_code == 200
    response = http.post(
        f"/afspraken/klanten/{own.pk}/nieuw/",
        {
            "date": day.isoformat(),
            "start_time": "14:00",
            "end_time": "14:45",
            "kind": "phone",
            "location": "",
            "doel": "guidance",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"/klanten/{own.pk}/?doel=guidance")
    appointment = Appointment.objects.get()
    assert appointment.ends_at - appointment.starts_at == datetime.timedelta(minutes=45)


def test_schedule_errors_show_on_the_fields(world, http, day):
    own = world.own_client
    response = http.post(
        f"/afspraken/klanten/{own.pk}/nieuw/",
        {"date": day.isoformat(), "start_time": "14:00", "end_time": "13:00", "kind": "phone"},
    )
    assert response.status_code == 422
    assert "De eindtijd moet na de begintijd liggen." in response.content.decode()
    assert not Appointment.objects.exists()


def test_schedule_for_a_client_out_of_reach_is_not_found(world, http, day):
    response = http.get(f"/afspraken/klanten/{world.private_team_client.pk}/nieuw/")
    assert response.status_code == 404
    assert http.get(f"/afspraken/klanten/{world.foreign_client.pk}/nieuw/").status_code == 404


def test_back_office_reaching_the_client_may_not_schedule(world, login):
    response = login(world.users["back_office"]).get(
        f"/afspraken/klanten/{world.own_client.pk}/nieuw/"
    )
    assert response.status_code == 403
    assert AccessEvent.objects.filter(
        user=world.users["back_office"], outcome=Outcome.REFUSED
    ).exists()


def test_coach_cancels_with_confirmation(world, http, day):
    appointment = make_appointment(world.own_client, at(day, 9))
    page = http.get(f"/afspraken/{appointment.pk}/annuleren/")
    assert "Deze afspraak annuleren?" in page.content.decode()
    response = http.post(f"/afspraken/{appointment.pk}/annuleren/", {"version": "1"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_coach_registers_a_no_show(world, http, day):
    past = make_appointment(world.own_client, timezone.now() - datetime.timedelta(hours=2))
    http.post(f"/afspraken/{past.pk}/niet-verschenen/")
    past.refresh_from_db()
    assert past.status == AppointmentStatus.NO_SHOW
    future = make_appointment(world.own_client, at(day, 9))
    response = http.post(f"/afspraken/{future.pk}/niet-verschenen/")
    assert any("pas als de afspraak begonnen is" in m for m in flash(response))
    future.refresh_from_db()
    assert future.status == AppointmentStatus.PLANNED


@pytest.mark.parametrize("name", ["other_coach", "other_lead"])
@pytest.mark.parametrize("path", ["annuleren/", "niet-verschenen/", "gehouden/", "afspraak.ics"])
def test_staff_of_another_team_get_not_found(world, login, day, name, path):
    appointment = make_appointment(world.own_client, timezone.now() - datetime.timedelta(hours=1))
    http = login(world.users[name])
    method = http.get if path.endswith(".ics") or path == "annuleren/" else http.post
    assert method(f"/afspraken/{appointment.pk}/{path}").status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED


def test_teammate_in_a_shared_team_may_cancel(world, login, day):
    appointment = make_appointment(world.own_client, at(day, 9))
    response = login(world.users["teammate"]).post(
        f"/afspraken/{appointment.pk}/annuleren/", {"version": "1"}
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_unknown_appointment_is_not_found_and_logged(world, http):
    assert http.get("/afspraken/424242/annuleren/").status_code == 404
    assert AccessEvent.objects.filter(
        user=world.users["coach"], outcome=Outcome.REFUSED, detail__contains="424242"
    ).exists()
