"""The menu offers each role its own pages, and nothing of another role's."""

import pytest

PORTAL_LINKS = ("/mijn/", "/mijn/afspraken/", "/mijn/plan/", "/mijn/logboek/", "/mijn/gegevens/")


@pytest.mark.parametrize(
    ("user_key", "page"),
    [("coach", "/klanten/"), ("team_lead", "/klanten/"), ("client", "/mijn/")],
)
def test_menu_matches_the_role(world, login, user_key, page):
    html = login(world.users[user_key]).get(page).content.decode()
    nav = html[html.index("<nav") : html.index("</nav>")]

    if user_key == "client":
        assert all(f'href="{link}"' in nav for link in PORTAL_LINKS)
        assert "/klanten/" not in nav and "/afspraken/beschikbaarheid/" not in nav
    else:
        assert 'href="/afspraken/beschikbaarheid/"' in nav
        assert 'href="/klanten/"' in nav
        assert "/mijn/" not in nav
