"""A client may switch on a second step (TOTP) himself; then his login asks the code. The same
lockout applies to clients as to staff."""

import time

import pytest
from django.test import Client as HttpClient
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..factories import PASSWORD

SECURITY = "/mijn/beveiliging/"
LOGIN = "/accounts/login/"


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def _wrong_code(device: TOTPDevice) -> str:
    right = _code(device)
    return "000000" if right != "000000" else "111111"


@pytest.fixture
def client_user(world):
    return world.users["client"]


@pytest.fixture
def confirmed_device(client_user):
    return TOTPDevice.objects.create(user=client_user, name="authenticator", confirmed=True)


def _password_login(username: str, password: str = PASSWORD) -> HttpClient:
    browser = HttpClient()
    browser.post(LOGIN, {"username": username, "password": password})
    return browser


def test_security_page_says_the_second_step_is_off(client_user, login):
    response = login(client_user).get(SECURITY)

    assert response.status_code == 200
    assert "De tweede stap staat uit." in response.content.decode()


def test_switching_on_shows_a_qr_code_and_confirms_with_a_code(client_user, login):
    http = login(client_user)

    page = http.get(SECURITY + "?stap=koppelen")
    device = TOTPDevice.objects.get(user=client_user, confirmed=False)
    response = http.post(SECURITY, {"stap": "koppelen", "token": _code(device)})

    assert "<svg" in page.content.decode()
    assert page.context["secret"] in device.config_url
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=client_user).confirmed
    assert http.get("/mijn/gegevens/").status_code == 200  # this session passed the step


def test_a_wrong_code_does_not_switch_it_on(client_user, login):
    http = login(client_user)
    http.get(SECURITY + "?stap=koppelen")
    device = TOTPDevice.objects.get(user=client_user)

    response = http.post(SECURITY, {"stap": "koppelen", "token": _wrong_code(device)})

    assert response.status_code == 422
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=client_user, confirmed=True).exists()


def test_with_the_step_on_login_asks_the_code(client_user, confirmed_device):
    browser = _password_login(client_user.username)

    blocked = browser.get("/mijn/gegevens/")
    api = browser.get("/api/v1/me/profile/")
    passed = browser.post("/accounts/2fa/", {"token": _code(confirmed_device)})

    assert blocked.status_code == 302
    assert blocked["Location"] == "/accounts/2fa/"
    assert api.status_code == 401
    assert passed.status_code == 302
    assert browser.get("/mijn/gegevens/").status_code == 200


def test_a_wrong_code_at_login_keeps_him_out(client_user, confirmed_device):
    browser = _password_login(client_user.username)

    browser.post("/accounts/2fa/", {"token": _wrong_code(confirmed_device)})

    assert browser.get("/mijn/gegevens/").status_code == 302


def test_without_the_step_a_client_goes_straight_in(client_user):
    browser = _password_login(client_user.username)

    assert browser.get("/mijn/gegevens/").status_code == 200


def test_switching_off_needs_his_password(client_user, confirmed_device, login):
    http = login(client_user)
    http.post("/accounts/2fa/", {"token": _code(confirmed_device)})

    wrong = http.post(SECURITY, {"stap": "uitzetten", "password": "verkeerd"})
    assert wrong.status_code == 422
    assert "Dit wachtwoord klopt niet." in wrong.content.decode()
    assert TOTPDevice.objects.filter(user=client_user).exists()

    right = http.post(SECURITY, {"stap": "uitzetten", "password": PASSWORD})
    assert right.status_code == 302
    assert not TOTPDevice.objects.filter(user=client_user).exists()
    assert _password_login(client_user.username).get("/mijn/gegevens/").status_code == 200


def test_a_client_without_an_app_is_not_sent_to_staff_enrolment(client_user, login):
    response = login(client_user).get("/accounts/2fa/")

    assert response.status_code == 302
    assert response["Location"] == SECURITY


@pytest.fixture
def lockout_after_five(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def test_a_client_is_locked_out_after_five_failures(client_user, lockout_after_five):
    browser = HttpClient()
    for _ in range(5):
        browser.post(LOGIN, {"username": client_user.username, "password": "fout"})

    response = browser.post(LOGIN, {"username": client_user.username, "password": PASSWORD})

    assert response.status_code in (403, 429)
    assert "Inloggen tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in browser.session


def test_staff_actions_under_accounts_are_not_open_before_the_second_step(world, login, settings):
    settings.WERKPLEIN_REQUIRE_2FA = True

    response = login(world.users["coach"]).post(
        f"/accounts/klanten/{world.own_client.pk}/uitnodigen/"
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"
