"""The start page sends each role to the page where its work begins."""

import pytest


@pytest.mark.parametrize(
    ("user_key", "target"),
    [
        ("coach", "/klanten/"),
        ("team_lead", "/klanten/"),
        ("back_office", "/klanten/zoeken/"),
        ("quality_officer", "/audit/steekproeven/"),
        ("security_officer", "/audit/toegangslog/"),
        ("functional_admin", "/beheer/"),
        ("client", "/mijn/"),
    ],
)
def test_start_page_sends_staff_to_their_work(world, login, user_key, target):
    response = login(world.users[user_key]).get("/")

    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.parametrize("user_key", ["provider_staff", "employer"])
def test_start_page_welcomes_roles_without_staff_pages(world, login, user_key):
    response = login(world.users[user_key]).get("/")

    assert response.status_code == 200
    assert "Welkom" in response.content.decode()


def test_start_page_asks_an_anonymous_visitor_to_log_in(db, client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
