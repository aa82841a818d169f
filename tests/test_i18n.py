"""Screens are Dutch by default and English for a user who chooses English."""

from django.test import Client as HttpClient


def test_login_page_is_dutch_by_default(db):
    page = HttpClient().get("/accounts/login/").content.decode()
    assert "Inloggen" in page
    assert 'lang="nl"' in page


def test_english_is_offered_and_translated(db):
    http = HttpClient()
    http.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = http.get("/accounts/login/").content.decode()
    assert 'lang="en"' in page
    assert "Log in" in page
    assert "Inloggen" not in page


def test_caseload_in_english(world, login):
    http = login(world.users["coach"])
    http.post("/i18n/setlang/", {"language": "en", "next": "/klanten/"})
    page = http.get("/klanten/").content.decode()
    assert "My caseload" in page
