"""Staff pass a second factor (TOTP) before they see anything, when the setting requires it."""

import time

import pytest
from django.test import Client as HttpClient
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..factories import PASSWORD

TWO_FACTOR = "/accounts/2fa/"


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def _wrong_code(device: TOTPDevice) -> str:
    accepted = {_code(device, steps) for steps in range(-2, 3)}
    return next(c for c in (f"{n:06d}" for n in range(0, 10**6, 7919)) if c not in accepted)


def test_staff_member_is_sent_to_the_second_step(world, login, require_2fa):
    response = login(world.users["coach"]).get("/klanten/")

    assert response.status_code == 302
    assert response["Location"] == TWO_FACTOR


def test_api_answers_401_in_json_before_the_second_step(world, login, require_2fa):
    response = login(world.users["coach"]).get("/api/v1/clients/")

    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_logging_in_with_a_password_leads_to_the_second_step(world, require_2fa):
    browser = HttpClient()

    response = browser.post(
        "/accounts/login/", {"username": "coach", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == TWO_FACTOR


def test_client_account_needs_no_second_step(world, login, require_2fa):
    response = login(world.users["client"]).get("/")

    assert response.status_code == 302
    assert response["Location"] == "/mijn/"


def test_without_the_requirement_staff_go_straight_in(world, login):
    response = login(world.users["coach"]).get("/klanten/")

    assert response.status_code == 200


def test_enrolment_page_shows_a_qr_code_and_the_secret(world, login, require_2fa):
    response = login(world.users["coach"]).get(TWO_FACTOR)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html
    assert response.context["secret"] in html
    device = TOTPDevice.objects.get(user=world.users["coach"], confirmed=False)
    assert response.context["secret"] in device.config_url


def test_reopening_the_enrolment_page_keeps_the_same_secret(world, login, require_2fa):
    http = login(world.users["coach"])

    first, second = http.get(TWO_FACTOR), http.get(TWO_FACTOR)

    assert first.context["secret"] == second.context["secret"]
    assert TOTPDevice.objects.filter(user=world.users["coach"]).count() == 1


@pytest.fixture
def enrolling(world, login, require_2fa):
    """A coach who opened the enrolment page: he has a pending device."""
    http = login(world.users["coach"])
    http.get(TWO_FACTOR)
    return http, TOTPDevice.objects.get(user=world.users["coach"], confirmed=False)


def test_correct_code_confirms_the_device(world, enrolling):
    http, device = enrolling

    response = http.post(TWO_FACTOR, {"token": _code(device)})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_correct_code_lets_the_coach_reach_his_caseload(world, enrolling):
    http, device = enrolling
    http.post(TWO_FACTOR, {"token": _code(device)})

    response = http.get("/klanten/")

    assert response.status_code == 200


def test_wrong_code_gives_a_dutch_error(world, enrolling):
    http, device = enrolling

    response = http.post(TWO_FACTOR, {"token": _wrong_code(device)})

    assert response.status_code == 200
    assert "Deze code klopt niet of is verlopen." in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert http.get("/klanten/")["Location"] == TWO_FACTOR


def test_code_that_is_not_six_digits_gives_a_dutch_error(world, enrolling):
    http, _device = enrolling

    response = http.post(TWO_FACTOR, {"token": "12ab"})

    assert "De code bestaat uit 6 cijfers." in response.content.decode()


def test_enrolled_user_is_asked_only_for_the_code(world, login, require_2fa):
    coach = world.users["coach"]
    TOTPDevice.objects.create(user=coach, name="authenticator", confirmed=True)

    response = login(coach).get(TWO_FACTOR)

    html = response.content.decode()
    assert "Vul de code uit uw authenticator-app in." in html
    assert "<svg" not in html


def test_enrolled_user_passes_with_the_code_of_his_device(world, login, require_2fa):
    coach = world.users["coach"]
    device = TOTPDevice.objects.create(user=coach, name="authenticator", confirmed=True)
    http = login(coach)

    http.post(TWO_FACTOR, {"token": _code(device)})

    assert http.get("/klanten/").status_code == 200


def test_a_code_can_be_used_only_once(world, login, require_2fa):
    coach = world.users["coach"]
    device = TOTPDevice.objects.create(user=coach, name="authenticator", confirmed=True)
    code = _code(device)
    login(coach).post(TWO_FACTOR, {"token": code})
    second_session = login(coach)

    response = second_session.post(TWO_FACTOR, {"token": code})

    assert "Deze code klopt niet of is verlopen." in response.content.decode()
