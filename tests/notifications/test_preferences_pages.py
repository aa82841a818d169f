"""The notification preferences page: every person chooses, for himself only, e-mail, SMS or
nothing per kind of notice, his mobile number and his quiet hours; bad input changes nothing."""

import datetime

import pytest
from django.urls import include, path

from werkplein import urls as site_urls
from werkplein.clients.models import Client
from werkplein.notifications import views
from werkplein.notifications.models import NotificationPreference, NotificationSettings

from ..bad_input import HUGE_TEXT, NUL, SCRIPT, assert_page_refused, messages_of, snapshot

# The page is included at /meldingen/ by the site's urls.py; until it is, these tests add it.
_mounted = any(getattr(p, "namespace", None) == "notifications" for p in site_urls.urlpatterns)
urlpatterns = [
    *([] if _mounted else [path("meldingen/", include("werkplein.notifications.urls"))]),
    path("mijn/meldingen/", views.client_preferences, name="client_notifications"),
    *site_urls.urlpatterns,
]
pytestmark = pytest.mark.urls(__name__)

PAGE = "/meldingen/"
CLIENT_PAGE = "/mijn/meldingen/"
ROLES = [
    "coach",
    "team_lead",
    "back_office",
    "quality_officer",
    "security_officer",
    "functional_admin",
    "provider_staff",
    "employer",
    "client",
]
MOBILE = "06 12345678"
CASEWORK = {"coach", "team_lead", "back_office"}


def _valid(**overrides) -> dict:
    data = {
        "new_message": "email",
        "appointment": "sms",
        "plan_change": "none",
        "logbook_entry": "email",
        "work": "none",
        "mobile": MOBILE,
        "quiet_from": "22:00",
        "quiet_until": "07:30",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _rows(user) -> tuple:
    return (
        sorted(NotificationPreference.objects.filter(user=user).values_list("kind", "channel")),
        list(
            NotificationSettings.objects.filter(user=user).values_list(
                "mobile", "quiet_from", "quiet_until"
            )
        ),
    )


def _all_rows() -> tuple:
    return (
        list(NotificationPreference.objects.order_by("pk").values()),
        list(NotificationSettings.objects.order_by("pk").values()),
    )


# --- opening the page ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_opens_his_own_page(world, login, role):
    response = login(world.users[role]).get(PAGE)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Stille uren" in content
    assert 'value="21:00"' in content and 'value="08:00"' in content
    if role == "client":
        assert "Mijn meldingen" in content
        assert content.count("<fieldset") == 4  # one group of choices per kind for clients
        assert 'name="work"' not in content
    elif role in CASEWORK:
        assert content.count("<fieldset") == 3  # new messages, appointments and tasks
        assert 'name="plan_change"' not in content
        assert "Taken voor u" in content
    else:  # no proposals, benefit matters or conference actions ever reach these roles
        assert content.count("<fieldset") == 2
        assert 'name="work"' not in content and 'name="plan_change"' not in content
    assert 'type="radio"' in content
    assert 'name="quiet_from"' in content


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_the_client_page_in_mijn_werkplein_is_for_clients_only(world, login):
    assert login(world.users["client"]).get(CLIENT_PAGE).status_code == 200
    assert login(world.users["coach"]).get(CLIENT_PAGE).status_code == 404


def test_a_clients_mobile_number_comes_from_his_dossier_when_it_is_mobile(world, login):
    Client.objects.filter(pk=world.client_user_client.pk).update(phone="+31687654321")

    content = login(world.users["client"]).get(PAGE).content.decode()

    assert 'value="06 87654321"' in content


def test_a_landline_in_the_dossier_is_not_offered_for_sms(world, login):
    Client.objects.filter(pk=world.client_user_client.pk).update(phone="+31575123456")

    content = login(world.users["client"]).get(PAGE).content.decode()

    assert "575" not in content


def test_what_he_saved_is_shown_again(world, login):
    user = world.users["client"]
    http = login(user)
    http.post(PAGE, _valid())

    content = http.get(PAGE).content.decode()

    assert 'value="06 12345678"' in content
    assert 'value="22:00"' in content and 'value="07:30"' in content
    assert 'value="sms" id="id_appointment_1" required checked' in content


# --- saving --------------------------------------------------------------------------------------


def test_saving_stores_every_choice_and_confirms(world, login):
    user = world.users["client"]

    response = login(user).post(PAGE, _valid())

    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert messages_of(response) == [("success", "Uw keuzes voor meldingen zijn opgeslagen.")]
    preferences, settings_rows = _rows(user)
    assert preferences == [
        ("appointment", "sms"),
        ("logbook_entry", "email"),
        ("new_message", "email"),
        ("plan_change", "none"),
    ]
    assert settings_rows == [("+31612345678", datetime.time(22), datetime.time(7, 30))]


def test_saving_again_changes_the_same_rows(world, login):
    user = world.users["coach"]
    http = login(user)
    http.post(PAGE, _valid())
    http.post(PAGE, _valid(appointment="none", mobile="", quiet_from="23:00"))

    preferences, settings_rows = _rows(user)
    assert preferences == [("appointment", "none"), ("new_message", "email"), ("work", "none")]
    assert settings_rows == [("", datetime.time(23), datetime.time(7, 30))]


def test_quiet_hours_may_lie_within_one_day(world, login):
    user = world.users["coach"]
    response = login(user).post(PAGE, _valid(quiet_from="12:00", quiet_until="13:30"))

    assert response.status_code == 302
    assert _rows(user)[1] == [("+31612345678", datetime.time(12), datetime.time(13, 30))]


def test_the_client_page_saves_the_same(world, login):
    user = world.users["client"]

    response = login(user).post(CLIENT_PAGE, _valid())

    assert response.status_code == 302
    assert response["Location"] == CLIENT_PAGE
    assert ("appointment", "sms") in _rows(user)[0]


def test_a_person_changes_only_his_own_preferences(world, login):
    other = world.users["coach"]
    login(other).post(PAGE, _valid(new_message="none"))
    before = _rows(other)

    # There is no id to aim at: whatever is posted, it is the poster's own row that changes.
    login(world.users["client"]).post(
        PAGE, {**_valid(new_message="sms"), "user": other.pk, "user_id": other.pk}
    )

    assert _rows(other) == before
    assert ("new_message", "sms") in _rows(world.users["client"])[0]


def test_kinds_a_person_does_not_receive_are_not_saved(world, login):
    user = world.users["coach"]

    response = login(user).post(PAGE, _valid(plan_change="sms", logbook_entry="sms"))

    assert response.status_code == 302
    kinds = {kind for kind, _channel in _rows(user)[0]}
    assert kinds == {"new_message", "appointment", "work"}


def test_a_role_without_casework_cannot_save_a_task_preference(world, login):
    user = world.users["employer"]

    response = login(user).post(PAGE, _valid(work="sms"))

    assert response.status_code == 302
    assert {kind for kind, _channel in _rows(user)[0]} == {"new_message", "appointment"}


def test_unknown_fields_are_ignored(world, login):
    user = world.users["client"]

    response = login(user).post(PAGE, {**_valid(), "fax": "sms", "kind": "x" * 200})

    assert response.status_code == 302
    assert {kind for kind, _channel in _rows(user)[0]} == {
        "new_message",
        "appointment",
        "plan_change",
        "logbook_entry",
    }


# --- bad input -----------------------------------------------------------------------------------

BAD_POSTS = {
    "landline": _valid(mobile="0575 123456"),
    "short number": _valid(mobile="06 123"),
    "words for a number": _valid(mobile="bel me maar"),
    "foreign landline": _valid(mobile="+32 2 123 45 67"),
    "huge number": _valid(mobile=HUGE_TEXT),
    "NUL in number": _valid(mobile=NUL),
    "script in number": _valid(mobile=SCRIPT),
    "sms without number": _valid(mobile=""),
    "sms without number field": _valid(mobile=None),
    "from equals until": _valid(quiet_from="21:00", quiet_until="21:00"),
    "from equals until, other notation": _valid(quiet_from="07:30", quiet_until="07.30"),
    "impossible time": _valid(quiet_from="25:99"),
    "words for a time": _valid(quiet_until="morgenochtend"),
    "empty time": _valid(quiet_from=""),
    "missing time": _valid(quiet_until=None),
    "NUL in time": _valid(quiet_from=NUL),
    "unknown channel": _valid(new_message="fax"),
    "channel in capitals": _valid(new_message="EMAIL"),
    "huge channel": _valid(plan_change=HUGE_TEXT),
    "missing channel": _valid(logbook_entry=None),
    "empty channel": _valid(appointment=""),
    "nothing at all": {},
}


@pytest.mark.parametrize("name", BAD_POSTS)
def test_bad_input_is_refused_in_dutch_and_changes_nothing(world, login, name):
    user = world.users["client"]
    http = login(user)
    http.post(PAGE, _valid(appointment="email", mobile="", quiet_from="20:00"))
    before, before_data = _all_rows(), snapshot()

    response = http.post(PAGE, BAD_POSTS[name])

    assert response.status_code == 422
    assert_page_refused(response)
    assert _all_rows() == before
    assert snapshot() == before_data


def test_a_landline_gets_the_mobile_message(world, login):
    response = login(world.users["client"]).post(PAGE, _valid(mobile="0575 123456"))

    assert "Vul een mobiel nummer in (06...)." in response.content.decode()


def test_sms_without_a_number_says_so(world, login):
    response = login(world.users["coach"]).post(PAGE, _valid(mobile=""))

    assert "U koos voor sms, maar er is geen mobiel nummer." in response.content.decode()
    assert _rows(world.users["coach"]) == ([], [])


def test_equal_quiet_hours_say_so(world, login):
    response = login(world.users["coach"]).post(
        PAGE, _valid(quiet_from="08:00", quiet_until="08:00")
    )

    assert "Het begin en het einde van de stille uren zijn gelijk." in response.content.decode()


def test_errors_keep_what_was_typed_and_the_radio_groups_point_to_their_error(world, login):
    response = login(world.users["client"]).post(PAGE, _valid(new_message="fax", mobile="0575"))
    content = response.content.decode()

    assert 'value="0575"' in content
    assert 'aria-describedby="id_new_message_error"' in content
    assert 'id="id_new_message_error"' in content


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(world, login, method):
    response = getattr(login(world.users["client"]), method)(PAGE)

    assert response.status_code == 405


def test_a_garbage_body_is_no_server_error(world, login):
    http = login(world.users["client"])
    before = _all_rows()

    response = http.post(PAGE, data=b"\xff\xfe\x00garbage", content_type="application/octet-stream")

    assert response.status_code == 422
    assert_page_refused(response)
    assert _all_rows() == before


def test_saving_is_all_or_nothing(world, login, monkeypatch):
    user = world.users["client"]
    http = login(user)
    http.post(PAGE, _valid(appointment="email", mobile="", quiet_from="20:00"))
    before = _rows(user)
    real = NotificationPreference.objects.update_or_create
    calls = []

    def failing(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(NotificationPreference.objects, "update_or_create", failing)
    http.raise_request_exception = False

    response = http.post(PAGE, _valid(new_message="none", plan_change="sms", logbook_entry="none"))

    assert response.status_code == 500
    assert len(calls) == 3
    assert _rows(user) == before


@pytest.mark.parametrize("role", ["coach", "client"])
def test_the_page_reads_a_fixed_number_of_queries(
    world, login, role, django_assert_max_num_queries
):
    http = login(world.users[role])
    http.post(PAGE, _valid())

    # Session, user, permissions, menu; then his settings and preferences in one query each.
    with django_assert_max_num_queries(16):
        assert http.get(PAGE).status_code == 200
