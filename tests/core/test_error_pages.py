"""Error pages speak Dutch, in the site's layout, and say that nothing changed."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_not_found_is_a_dutch_page(world, login):
    response = login(world.users["client"]).get("/mijn/afspraken/999999/annuleren/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze pagina is niet gevonden" in html
    assert 'href="/mijn/"' in html  # the client's own menu is still there


def test_forbidden_is_a_dutch_page(world, login):
    response = login(world.users["back_office"]).post(
        f"/klanten/{world.own_client.pk}/onderdelen/education/wijzigen/", {}
    )

    assert response.status_code == 403
    assert "Er is niets veranderd" in response.content.decode()


@pytest.mark.parametrize("template", ["500.html", "400.html"])
def test_server_and_bad_request_pages_render_without_a_user(template, db):
    request = RequestFactory().get("/")
    html = render_to_string(template, request=request if template == "400.html" else None)

    assert "<h1>" in html and "Werkplein" in html
