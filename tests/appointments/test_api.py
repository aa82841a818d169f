"""/api/v1/me/appointments and /api/v1/me/slots: the same rules and services as the pages."""

import datetime

import pytest
from django.utils import timezone

from werkplein.appointments.models import Appointment, AppointmentStatus

from ..api.conftest import ApiClient
from .conftest import at, make_appointment


@pytest.fixture
def api(world, login):
    return ApiClient(login(world.users["client"]))


def test_slots_of_the_week(api, weekdays_available, day):
    response = api.get("/me/slots/", **{"from": day.isoformat(), "to": day.isoformat()})
    assert response.status_code == 200
    body = response.json()
    assert body["first_day"] == day.isoformat()
    assert len(body["slots"]) == 6
    first = body["slots"][0]
    assert datetime.datetime.fromisoformat(first["starts_at"]) == at(day, 9)
    assert first["kind"] == "office"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2025-13-01"}, "from"),
        ({"from": "morgen"}, "from"),
        ({"from": "2030-01-10", "to": "2030-01-01"}, "to"),
        ({"from": "2030-01-01", "to": "2030-06-01"}, "to"),
    ],
)
def test_bad_slot_ranges_are_422_in_dutch(api, params, field):
    response = api.get("/me/slots/", **params)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert field in errors, errors
    assert any(word in " ".join(errors[field]) for word in ("datum", "dagen", "einddatum"))


def test_book_list_reschedule_cancel(world, api, weekdays_available, day):
    booked = api.post("/me/appointments/", {"starts_at": at(day, 9).isoformat()})
    assert booked.status_code == 201, booked.json()
    appointment = booked.json()
    assert appointment["may_change"] is True
    assert appointment["ics_url"] == f"/mijn/afspraken/{appointment['id']}/afspraak.ics"

    listed = api.get("/me/appointments/").json()
    assert [a["id"] for a in listed["upcoming"]] == [appointment["id"]]
    assert listed["cutoff_hours"] == 24

    moved = api.post(
        f"/me/appointments/{appointment['id']}/reschedule/",
        {"starts_at": at(day, 10).isoformat(), "version": 1},
    )
    assert moved.status_code == 200, moved.json()
    assert moved.json()["version"] == 2

    stale = api.post(f"/me/appointments/{appointment['id']}/cancel/", {"version": 1})
    assert stale.status_code == 422
    assert "intussen gewijzigd" in stale.json()["errors"]["__all__"][0]

    cancelled = api.post(
        f"/me/appointments/{appointment['id']}/cancel/", {"version": 2, "reason": "Ziek"}
    )
    assert cancelled.json()["status"] == "cancelled"
    ics = api.get(f"/me/appointments/{appointment['id']}/ics/")
    assert ics.status_code == 200 and b"BEGIN:VCALENDAR" in ics.content


def test_taken_slot_is_422_with_the_clear_message(world, api, weekdays_available, day):
    make_appointment(world.own_client, at(day, 9))
    response = api.post("/me/appointments/", {"starts_at": at(day, 9).isoformat()})
    assert response.status_code == 422
    assert response.json()["errors"]["starts_at"] == [
        "Dit tijdstip is net door iemand anders geboekt. Kies een ander tijdstip."
    ]


@pytest.mark.parametrize(
    "body", [{"starts_at": "volgende week"}, {}, {"starts_at": "2020-01-01T09:00:00+01:00"}]
)
def test_bad_booking_input_is_422(api, weekdays_available, body):
    response = api.post("/me/appointments/", body)
    assert response.status_code == 422
    assert response.json()["detail"] == "De invoer is niet geldig."
    assert not Appointment.objects.exists()


def test_cancel_after_the_cutoff_is_422(world, api):
    soon = make_appointment(world.client_user_client, timezone.now() + datetime.timedelta(hours=2))
    response = api.post(f"/me/appointments/{soon.pk}/cancel/", {"version": 1})
    assert response.status_code == 422
    assert "Bel uw werkcoach" in response.json()["errors"]["__all__"][0]
    soon.refresh_from_db()
    assert soon.status == AppointmentStatus.PLANNED


def test_another_clients_appointment_is_404(world, api, day):
    other = make_appointment(world.own_client, at(day, 9))
    assert api.get(f"/me/appointments/{other.pk}/").status_code == 404
    assert api.get(f"/me/appointments/{other.pk}/ics/").status_code == 404
    assert api.post(f"/me/appointments/{other.pk}/cancel/", {"version": 1}).status_code == 404
    response = api.post(
        f"/me/appointments/{other.pk}/reschedule/",
        {"starts_at": at(day, 10).isoformat(), "version": 1},
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == AppointmentStatus.PLANNED


@pytest.mark.parametrize("name", ["coach", "team_lead", "back_office"])
def test_staff_get_404(world, login, name):
    api = ApiClient(login(world.users[name]))
    assert api.get("/me/appointments/").status_code == 404
    assert api.get("/me/slots/").status_code == 404
    assert (
        api.post("/me/appointments/", {"starts_at": "2030-01-01T09:00:00+01:00"}).status_code == 404
    )


def test_list_query_count_does_not_grow(world, api, django_assert_max_num_queries):
    now = timezone.now().replace(microsecond=0)
    for n in range(10):
        make_appointment(world.client_user_client, now + datetime.timedelta(days=3, hours=n))
    with django_assert_max_num_queries(12):
        assert len(api.get("/me/appointments/").json()["upcoming"]) == 10
