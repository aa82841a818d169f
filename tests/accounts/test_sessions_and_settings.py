"""Idle sessions end, passwords are hashed with Argon2: checked against the real settings."""

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

import werkplein.settings as project_settings


def test_argon2_is_the_first_password_hasher():
    assert project_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_session_lasts_the_idle_minutes():
    assert project_settings.SESSION_COOKIE_AGE == project_settings.SESSION_IDLE_MINUTES * 60


def test_every_request_extends_the_session():
    assert project_settings.SESSION_SAVE_EVERY_REQUEST is True


def _session(http) -> Session:
    return Session.objects.get(session_key=http.session.session_key)


def test_a_request_pushes_the_session_end_forward(world, login):
    http = login(world.users["coach"])
    Session.objects.filter(session_key=http.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=1)
    )

    http.get("/klanten/")

    remaining = _session(http).expire_date - timezone.now()
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert idle - datetime.timedelta(minutes=1) < remaining <= idle


def test_an_idle_session_has_ended(world, login):
    http = login(world.users["coach"])
    Session.objects.filter(session_key=http.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = http.get("/klanten/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
