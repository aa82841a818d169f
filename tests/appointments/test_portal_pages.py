"""The client's appointment pages under /mijn/afspraken/."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from werkplein.appointments.models import Appointment, AppointmentStatus
from werkplein.audit.models import AccessEvent, Relation
from werkplein.logbook.models import LogEntry

from .conftest import at, make_appointment


@pytest.fixture
def http(world, login):
    return login(world.users["client"])


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_list_shows_upcoming_with_buttons_and_past(world, http, day):
    own = world.client_user_client
    upcoming = make_appointment(own, at(day, 9))
    make_appointment(own, timezone.now() - datetime.timedelta(days=3))
    response = http.get("/mijn/afspraken/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"/mijn/afspraken/{upcoming.pk}/verzetten/" in html
    assert f"/mijn/afspraken/{upcoming.pk}/annuleren/" in html
    assert "Eerdere en geannuleerde afspraken" in html
    assert AccessEvent.objects.filter(user=world.users["client"], relation=Relation.SELF).exists()


def test_list_after_the_cutoff_says_call_the_coach(world, http):
    soon = make_appointment(world.client_user_client, timezone.now() + datetime.timedelta(hours=3))
    html = http.get("/mijn/afspraken/").content.decode()
    assert f"/mijn/afspraken/{soon.pk}/annuleren/" not in html
    assert "Bel dan uw werkcoach" in html


def test_empty_list(http):
    html = http.get("/mijn/afspraken/").content.decode()
    assert "U heeft geen afspraken gepland." in html


def test_list_query_count_does_not_grow(world, http, django_assert_max_num_queries):
    own = world.client_user_client
    now = timezone.now().replace(microsecond=0)
    for n in range(12):
        make_appointment(own, now + datetime.timedelta(days=3, hours=n))
        make_appointment(own, now - datetime.timedelta(days=3, hours=n))
    with django_assert_max_num_queries(14):
        assert http.get("/mijn/afspraken/").status_code == 200


def test_booking_page_shows_a_week_of_free_slots(world, http, weekdays_available, day):
    monday = day - datetime.timedelta(days=day.weekday())
    response = http.get(f"/mijn/afspraken/maken/?week={day.isoformat()}")
    assert response.status_code == 200
    html = response.content.decode()
    assert at(day, 9).isoformat() in html
    assert "Vorige week" in html and "Volgende week" in html
    assert f"?week={(monday + datetime.timedelta(days=7)).isoformat()}" in html
    assert "Op kantoor" in html


def test_booking_page_with_a_garbled_week_shows_this_week(http, weekdays_available):
    assert http.get("/mijn/afspraken/maken/?week=gisteren").status_code == 200


def test_booking_page_when_the_coach_published_nothing(http):
    html = http.get("/mijn/afspraken/maken/").content.decode()
    assert "Uw werkcoach heeft nog geen tijden open gezet" in html


def test_booking_page_query_count_does_not_grow(
    world, http, weekdays_available, day, django_assert_max_num_queries
):
    for hour in (9, 10):
        make_appointment(world.own_client, at(day, hour))
    with django_assert_max_num_queries(15):  # 15: the menu counts unread messages
        assert http.get(f"/mijn/afspraken/maken/?week={day.isoformat()}").status_code == 200


def test_client_books_by_posting_a_slot(world, http, weekdays_available, day):
    response = http.post("/mijn/afspraken/maken/", {"starts_at": at(day, 10).isoformat()})
    assert response.status_code == 302
    assert response["Location"] == "/mijn/afspraken/"
    assert "Uw afspraak is gemaakt" in flash(response)[0]
    assert Appointment.objects.get().starts_at == at(day, 10)


@pytest.mark.parametrize("value", ["", "kapot", "2020-01-01T09:00:00+01:00"])
def test_bad_booking_redirects_back_with_a_dutch_message(http, weekdays_available, day, value):
    response = http.post("/mijn/afspraken/maken/", {"starts_at": value, "week": day.isoformat()})
    assert response.status_code == 302
    assert response["Location"] == f"/mijn/afspraken/maken/?week={day.isoformat()}"
    assert flash(response)
    assert not Appointment.objects.exists()


def test_taken_slot_gives_the_clear_message(world, http, weekdays_available, day):
    make_appointment(world.own_client, at(day, 9))
    response = http.post("/mijn/afspraken/maken/", {"starts_at": at(day, 9).isoformat()})
    assert flash(response) == [
        "Dit tijdstip is net door iemand anders geboekt. Kies een ander tijdstip."
    ]


def test_reschedule_page_and_post(world, http, weekdays_available, day):
    appointment = make_appointment(world.client_user_client, at(day, 9))
    page = http.get(f"/mijn/afspraken/{appointment.pk}/verzetten/?week={day.isoformat()}")
    assert page.status_code == 200
    assert 'name="version" value="1"' in page.content.decode()
    response = http.post(
        f"/mijn/afspraken/{appointment.pk}/verzetten/",
        {"starts_at": at(day, 11).isoformat(), "version": "1"},
    )
    assert response["Location"] == "/mijn/afspraken/"
    appointment.refresh_from_db()
    assert appointment.starts_at == at(day, 11)


def test_reschedule_after_the_cutoff_is_refused(world, http, weekdays_available, day):
    soon = make_appointment(world.client_user_client, timezone.now() + datetime.timedelta(hours=3))
    page = http.get(f"/mijn/afspraken/{soon.pk}/verzetten/")
    assert page.status_code == 302
    assert "Bel uw werkcoach" in flash(page)[0]
    response = http.post(
        f"/mijn/afspraken/{soon.pk}/verzetten/",
        {"starts_at": at(day, 11).isoformat(), "version": "1"},
    )
    assert response["Location"] == "/mijn/afspraken/"
    assert "Bel uw werkcoach" in flash(response)[0]


def test_cancel_asks_first_then_cancels(world, http, day):
    appointment = make_appointment(world.client_user_client, at(day, 9))
    page = http.get(f"/mijn/afspraken/{appointment.pk}/annuleren/")
    assert "Wilt u deze afspraak annuleren?" in page.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED
    response = http.post(
        f"/mijn/afspraken/{appointment.pk}/annuleren/", {"version": "1", "reason": "Ziek"}
    )
    assert response["Location"] == "/mijn/afspraken/"
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert LogEntry.objects.filter(client=world.client_user_client, text__contains="Ziek").exists()


def test_cancel_after_the_cutoff_changes_nothing(world, http):
    soon = make_appointment(world.client_user_client, timezone.now() + datetime.timedelta(hours=3))
    response = http.post(f"/mijn/afspraken/{soon.pk}/annuleren/", {"version": "1"})
    assert "Bel uw werkcoach" in flash(response)[0]
    soon.refresh_from_db()
    assert soon.status == AppointmentStatus.PLANNED


def test_cancel_with_a_stale_version(world, http, day):
    appointment = make_appointment(world.client_user_client, at(day, 9))
    response = http.post(f"/mijn/afspraken/{appointment.pk}/annuleren/", {"version": "x"})
    assert "intussen gewijzigd" in flash(response)[0]


@pytest.mark.parametrize("suffix", ["verzetten/", "annuleren/", "afspraak.ics"])
def test_another_clients_appointment_is_not_found(world, http, day, suffix):
    other = make_appointment(world.own_client, at(day, 9))
    assert http.get(f"/mijn/afspraken/{other.pk}/{suffix}").status_code == 404
    if suffix != "afspraak.ics":
        response = http.post(
            f"/mijn/afspraken/{other.pk}/{suffix}",
            {"version": "1", "starts_at": at(day, 10).isoformat()},
        )
        assert response.status_code == 404
    other.refresh_from_db()
    assert (other.status, other.starts_at) == (AppointmentStatus.PLANNED, at(day, 9))


@pytest.mark.parametrize("name", ["coach", "team_lead", "back_office"])
def test_staff_get_not_found_on_the_client_pages(world, login, name):
    assert login(world.users[name]).get("/mijn/afspraken/").status_code == 404
    assert login(world.users[name]).get("/mijn/afspraken/maken/").status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get("/mijn/afspraken/")
    assert response.status_code == 302
    assert "login" in response["Location"] or "inloggen" in response["Location"]
