"""Password reset by e-mail, for everyone: Django's views, Dutch pages, the same answer whether
or not the address is known, and the e-mail sent by the task worker."""

import re

import pytest
from django.core import mail
from django.test import Client as HttpClient

from werkplein.accounts.models import User

from ..factories import PASSWORD

FORGOT = "/accounts/wachtwoord-vergeten/"
LINK = re.compile(r"https?://\S+(?P<path>/accounts/wachtwoord-herstellen/[^/\s]+/[^/\s]+/)")
NEW_PASSWORD = "Zeilboot-Haven-61"


@pytest.fixture
def browser() -> HttpClient:
    return HttpClient()


def _ask(browser, email, capture):
    with capture(execute=True):
        return browser.post(FORGOT, {"email": email})


def test_login_page_links_to_the_reset_page(db, browser):
    html = browser.get("/accounts/login/").content.decode()

    assert FORGOT in html
    assert "Wachtwoord vergeten?" in html


def test_reset_page_is_dutch(db, browser):
    response = browser.get(FORGOT)

    assert response.status_code == 200
    assert "Vul uw e-mailadres in" in response.content.decode()


def test_known_and_unknown_addresses_get_the_same_answer(
    world, browser, django_capture_on_commit_callbacks
):
    known = _ask(browser, world.users["client"].email, django_capture_on_commit_callbacks)
    unknown = _ask(browser, "niemand@nergens.example", django_capture_on_commit_callbacks)

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/wachtwoord-vergeten/verstuurd/"
    assert len(mail.outbox) == 1
    done = browser.get(known["Location"]).content.decode()
    assert "Als dit e-mailadres bij ons bekend is" in done


def test_the_link_sets_a_new_password_once(world, browser, django_capture_on_commit_callbacks):
    user = world.users["client"]
    _ask(browser, user.email, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert user.first_name not in message.body
    path = LINK.search(message.body)["path"]

    form = browser.get(path, follow=True)
    assert form.status_code == 200
    assert 'name="new_password1"' in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    done = browser.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert done["Location"] == "/accounts/wachtwoord-herstellen/klaar/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    again = HttpClient().get(path, follow=True).content.decode()
    assert "Deze link werkt niet" in again
    assert "_auth_user_id" not in browser.session  # he logs in himself, through lockout and 2FA


def test_a_weak_new_password_is_refused(world, browser, django_capture_on_commit_callbacks):
    user = world.users["client"]
    _ask(browser, user.email, django_capture_on_commit_callbacks)
    path = LINK.search(mail.outbox[0].body)["path"]
    set_url = browser.get(path, follow=True).redirect_chain[-1][0]

    response = browser.post(set_url, {"new_password1": "1234", "new_password2": "1234"})

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_an_account_that_never_chose_a_password_gets_no_reset_mail(
    world, browser, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=world.users["client"].pk).update(password="!unusable")

    _ask(browser, world.users["client"].email, django_capture_on_commit_callbacks)

    assert not mail.outbox


def test_a_garbled_link_shows_a_dutch_page(db, browser):
    response = browser.get("/accounts/wachtwoord-herstellen/xx/set-password/")

    assert response.status_code == 200
    assert "Deze link werkt niet" in response.content.decode()


def test_reset_pages_open_before_the_second_step(world, login, settings):
    settings.WERKPLEIN_REQUIRE_2FA = True

    response = login(world.users["coach"]).get(FORGOT)

    assert response.status_code == 200
