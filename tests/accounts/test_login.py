"""The login page, with lockout after repeated failures (django-axes)."""

import pytest
from django.test import Client as HttpClient

from ..factories import PASSWORD

LOGIN = "/accounts/login/"
WRONG = "Gebruikersnaam of wachtwoord klopt niet"
LOCKED = "Inloggen tijdelijk geblokkeerd"


@pytest.fixture
def browser() -> HttpClient:
    return HttpClient()


def _logged_in(browser) -> bool:
    return "_auth_user_id" in browser.session


def _attempt(browser, username: str, password: str, **extra):
    return browser.post(LOGIN, {"username": username, "password": password, **extra})


def test_login_page_asks_username_and_password(db, browser):
    response = browser.get(LOGIN)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="username"' in html
    assert 'name="password"' in html


def test_correct_password_logs_in_and_redirects(world, browser):
    response = _attempt(browser, "coach", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _logged_in(browser)


def test_login_returns_to_the_page_asked_for(world, browser):
    response = _attempt(browser, "coach", PASSWORD, next="/klanten/zoeken/")

    assert response["Location"] == "/klanten/zoeken/"


def test_login_does_not_redirect_to_another_site(world, browser):
    response = _attempt(browser, "coach", PASSWORD, next="https://kwaadwillend.example/")

    assert response["Location"] == "/"


def test_coach_lands_on_his_caseload_after_login(world, browser):
    response = browser.post(LOGIN, {"username": "coach", "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == "/klanten/"
    assert response.status_code == 200


def test_wrong_password_gives_a_dutch_error(world, browser):
    response = _attempt(browser, "coach", "geraden-wachtwoord")

    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert not _logged_in(browser)


def test_unknown_user_gets_the_same_error(world, browser):
    response = _attempt(browser, "bestaat_niet", "geraden-wachtwoord")

    assert WRONG in response.content.decode()


def test_inactive_user_cannot_log_in(world, browser):
    coach = world.users["coach"]
    coach.is_active = False
    coach.save()

    _attempt(browser, "coach", PASSWORD)

    assert not _logged_in(browser)


@pytest.fixture
def lockout_after_five(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def test_four_failures_do_not_lock_the_account(world, browser, lockout_after_five):
    for _ in range(4):
        _attempt(browser, "coach", "fout")

    _attempt(browser, "coach", PASSWORD)

    assert _logged_in(browser)


def test_after_five_failures_the_right_password_is_refused(world, browser, lockout_after_five):
    for _ in range(5):
        _attempt(browser, "coach", "fout")

    response = _attempt(browser, "coach", PASSWORD)

    assert response.status_code in (403, 429)
    assert LOCKED in response.content.decode()
    assert not _logged_in(browser)


def test_lockout_of_one_user_leaves_others_alone(world, browser, lockout_after_five):
    for _ in range(5):
        _attempt(browser, "coach", "fout")

    _attempt(browser, "teammate", PASSWORD)

    assert _logged_in(browser)
