"""The .ics files and the coach's private calendar feed."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from werkplein.appointments import services
from werkplein.appointments.models import AppointmentStatus, CalendarFeed

from .conftest import OFFICE, at, make_appointment


def events(response) -> list:
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_client_downloads_his_appointment(world, login, day):
    appointment = make_appointment(world.client_user_client, at(day, 9))
    response = login(world.users["client"]).get(f"/mijn/afspraken/{appointment.pk}/afspraak.ics")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    (event,) = events(response)
    assert event.decoded("dtstart") == at(day, 9)
    assert event.decoded("dtstart").utcoffset() == datetime.timedelta(0)  # written in UTC
    assert event.decoded("dtend") == at(day, 9, 30)
    assert str(event["uid"]) == f"afspraak-{appointment.pk}@127.0.0.1"
    assert str(event["location"]) == OFFICE
    assert "werkcoach" in str(event["summary"])


def test_the_uid_stays_when_the_appointment_moves(world, login, coach, weekdays_available, day):
    appointment = make_appointment(world.client_user_client, at(day, 9))
    http = login(world.users["client"])
    before = events(http.get(f"/mijn/afspraken/{appointment.pk}/afspraak.ics"))[0]
    services.reschedule_appointment(
        actor=coach, appointment=appointment, starts_at=at(day, 10), expected_version=1
    )
    after = events(http.get(f"/mijn/afspraken/{appointment.pk}/afspraak.ics"))[0]
    assert after["uid"] == before["uid"]
    assert after["sequence"] > before["sequence"]
    assert after.decoded("dtstart") == at(day, 10)


def test_a_client_cannot_download_another_clients_appointment(world, login, day):
    other = make_appointment(world.own_client, at(day, 9))
    response = login(world.users["client"]).get(f"/mijn/afspraken/{other.pk}/afspraak.ics")
    assert response.status_code == 404


def test_coach_downloads_an_appointment_of_a_client_he_reaches(world, login, day):
    client = world.own_client
    appointment = make_appointment(client, at(day, 9))
    response = login(world.users["coach"]).get(f"/afspraken/{appointment.pk}/afspraak.ics")
    assert response.status_code == 200
    (event,) = events(response)
    summary = str(event["summary"])
    assert f"#{client.pk}" in summary
    assert client.last_name not in summary and client.bsn not in response.content.decode()
    assert f"{client.first_name[0]}.{client.last_name[0]}.".upper() in summary


def test_staff_of_another_team_cannot_download(world, login, day):
    appointment = make_appointment(world.own_client, at(day, 9))
    for name in ("other_coach", "back_office_uwv"):
        response = login(world.users[name]).get(f"/afspraken/{appointment.pk}/afspraak.ics")
        assert response.status_code == 404, name
    assert login(world.users["coach"]).get("/afspraken/999999/afspraak.ics").status_code == 404


@pytest.fixture
def feed_token(world):
    return services.renew_calendar_feed(actor=world.users["coach"])


def test_only_a_hash_of_the_feed_token_is_stored(world, feed_token):
    feed = CalendarFeed.objects.get(coach=world.users["coach"])
    assert feed_token not in feed.token_hash
    assert len(feed.token_hash) == 64


def test_the_feed_lists_planned_appointments_without_names_or_places(world, client, feed_token):
    own = world.client_user_client
    now = timezone.now().replace(microsecond=0)
    planned = make_appointment(own, now + datetime.timedelta(days=3), location="Dorpsstraat 1")
    make_appointment(own, now - datetime.timedelta(days=10))
    make_appointment(own, now + datetime.timedelta(days=4), status=AppointmentStatus.CANCELLED)
    make_appointment(own, now - datetime.timedelta(days=40))  # older than 30 days
    make_appointment(own, now + datetime.timedelta(days=400))  # beyond a year
    make_appointment(world.teammate_client, now + datetime.timedelta(days=3))  # another coach
    response = client.get(f"/afspraken/agenda/{feed_token}.ics")  # no login
    assert response.status_code == 200
    found = events(response)
    assert len(found) == 2
    body = response.content.decode()
    assert own.last_name not in body and own.bsn not in body
    assert "Dorpsstraat" not in body and "LOCATION" not in body
    assert f"afspraak-{planned.pk}@" in body
    assert f"/klanten/{own.pk}/" in body.replace("\r\n ", "")


def test_unknown_and_revoked_tokens_are_not_found(world, client, feed_token):
    assert client.get("/afspraken/agenda/verkeerd.ics").status_code == 404
    new_token = services.renew_calendar_feed(actor=world.users["coach"])
    assert client.get(f"/afspraken/agenda/{feed_token}.ics").status_code == 404
    assert client.get(f"/afspraken/agenda/{new_token}.ics").status_code == 200
    services.revoke_calendar_feed(actor=world.users["coach"])
    assert client.get(f"/afspraken/agenda/{new_token}.ics").status_code == 404


def test_the_feed_of_a_deactivated_coach_stops(world, client, feed_token):
    coach = world.users["coach"]
    coach.is_active = False
    coach.save(update_fields=["is_active"])
    assert client.get(f"/afspraken/agenda/{feed_token}.ics").status_code == 404


def test_the_feed_takes_a_fixed_number_of_queries(
    world, client, feed_token, django_assert_max_num_queries
):
    now = timezone.now().replace(microsecond=0)
    for hours in range(30):
        make_appointment(world.client_user_client, now + datetime.timedelta(days=1, hours=hours))
    with django_assert_max_num_queries(4):
        response = client.get(f"/afspraken/agenda/{feed_token}.ics")
    assert len(events(response)) == 30
