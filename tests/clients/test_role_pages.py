"""Pages that belong to a role rather than to a client: who may open them, who gets a 403."""

import pytest

from .test_access_matrix import ROLES

ROLE_PAGES = {
    "/klanten/": {"coach", "teammate", "other_coach", "team_lead", "other_lead"},
    "/klanten/zoeken/": {
        "coach",
        "teammate",
        "other_coach",
        "team_lead",
        "other_lead",
        "back_office",
        "back_office_uwv",
    },
    "/audit/toegangslog/": {"security_officer"},
    "/audit/toegangslog/controle/": {"security_officer"},
    "/audit/steekproeven/": {"quality_officer"},
}


@pytest.mark.parametrize("user_key", ROLES)
@pytest.mark.parametrize("url", ROLE_PAGES)
def test_role_page_is_open_only_to_its_roles(world, login, url, user_key):
    response = login(world.users[user_key]).get(url)

    assert response.status_code == (200 if user_key in ROLE_PAGES[url] else 403)


@pytest.mark.parametrize("url", ROLE_PAGES)
def test_anonymous_visitor_is_sent_to_login_page(db, client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
