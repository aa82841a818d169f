"""What every endpoint shares: session login, CSRF, JSON errors in Dutch, OpenAPI and docs."""

import pytest
from django.test import Client as HttpClient

from tests.factories import PASSWORD
from werkplein.logbook.models import LogEntry

ENTRY = {"kind": "note", "visibility": "client", "text": "Gesprek gehad."}


def _csrf_client(user) -> HttpClient:
    http = HttpClient(enforce_csrf_checks=True)
    http.force_login(user)
    return http


@pytest.mark.parametrize(
    "path", ["/api/v1/clients/", "/api/v1/clients/1/", "/api/v1/audit/access-events/"]
)
def test_unauthenticated_is_401_json(world, path):
    response = HttpClient().get(path)
    assert response.status_code == 401
    assert response.json() == {"detail": "U bent niet ingelogd."}


def test_unauthenticated_post_is_401_and_writes_nothing(world):
    response = HttpClient().post(
        f"/api/v1/clients/{world.own_client.pk}/logbook/", ENTRY, content_type="application/json"
    )
    assert response.status_code == 401
    assert not LogEntry.objects.exists()


def test_a_post_without_csrf_token_is_refused(world):
    http = _csrf_client(world.users["coach"])
    response = http.post(
        f"/api/v1/clients/{world.own_client.pk}/logbook/", ENTRY, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not LogEntry.objects.exists()


def test_a_patch_without_csrf_token_is_refused(world):
    http = _csrf_client(world.users["coach"])
    response = http.patch(
        f"/api/v1/clients/{world.own_client.pk}/sections/wishes/",
        {"version": 1, "data": {"region": "Achterhoek"}},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert world.own_client.wishes.region == ""


def test_a_post_with_the_csrf_token_passes(world):
    http = _csrf_client(world.users["coach"])
    assert http.get("/api/v1/docs").status_code == 200  # sets the CSRF cookie
    token = http.cookies["csrftoken"].value
    response = http.post(
        f"/api/v1/clients/{world.own_client.pk}/logbook/",
        ENTRY,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201, response.content


def test_a_get_needs_no_csrf_token(world):
    http = _csrf_client(world.users["coach"])
    assert http.get(f"/api/v1/clients/{world.own_client.pk}/").status_code == 200


def test_staff_without_second_factor_get_401_json(world, settings):
    settings.WERKPLEIN_REQUIRE_2FA = True
    http = HttpClient()
    http.force_login(world.users["coach"])
    response = http.get("/api/v1/clients/")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


def test_a_body_that_is_no_json_is_400_json(world, api_as):
    http = api_as(world.users["coach"]).http
    response = http.post(
        f"/api/v1/clients/{world.own_client.pk}/logbook/", "{kapot", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Het verzoek kon niet worden gelezen; stuur geldige JSON."}


MY_PATHS = (
    "profile",
    "profile/{key}",
    "profile/work-history",
    "profile/work-history/{item_id}",
    "profile/correction",
    "logbook",
    "logbook/{entry_id}",
    "access-events",
    "export",
    "plan",
    "plan/accept",
    "plan/activities/{activity_id}/done",
    "applications",
    "applications/{application_id}",
    "progress",
    "appointments",
    "appointments/{appointment_id}",
    "appointments/{appointment_id}/reschedule",
    "appointments/{appointment_id}/cancel",
    "appointments/{appointment_id}/ics",
    "slots",
)


def test_openapi_lists_every_path(world, login):
    response = login(world.users["coach"]).get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = set(response.json()["paths"])
    assert paths == {
        "/api/v1/clients/",
        "/api/v1/clients/{client_id}/",
        "/api/v1/clients/{client_id}/sections/{key}/",
        "/api/v1/clients/{client_id}/sections/{key}/items/",
        "/api/v1/clients/{client_id}/logbook/",
        "/api/v1/audit/access-events/",
        *(f"/api/v1/me/{path}/" for path in MY_PATHS),
    }
    methods = {path: set(ops) for path, ops in response.json()["paths"].items()}
    assert methods["/api/v1/clients/"] == {"get", "post"}
    assert methods["/api/v1/clients/{client_id}/sections/{key}/"] == {"patch"}
    assert methods["/api/v1/me/appointments/"] == {"get", "post"}
    assert methods["/api/v1/me/logbook/{entry_id}/"] == {"put"}


def test_docs_render_for_a_logged_in_user(world, login):
    response = login(world.users["coach"]).get("/api/v1/docs")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
    assert b"/api/v1/openapi.json" in response.content


def test_docs_and_schema_need_a_login(world):
    for path in ("/api/v1/docs", "/api/v1/openapi.json"):
        response = HttpClient().get(path)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_docs_use_local_swagger_assets_that_the_csp_allows(world, login):
    """Ninja serves Swagger from its own static files because "ninja" is an installed app."""
    response = login(world.users["coach"]).get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "https://" not in html
    assert "<script>" not in html  # no inline script: CSP script-src 'self'
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_password_login_then_api(world):
    http = HttpClient()
    http.post("/accounts/login/", {"username": "coach", "password": PASSWORD})
    assert http.get("/api/v1/clients/").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/me/bestaat-niet/", "/api/v2/", "/api/v1/clients/1/x/"])
def test_an_unknown_api_path_is_a_json_404(world, login, path):
    response = login(world.users["client"]).get(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Niet gevonden."}


def test_a_known_path_without_its_slash_is_sent_on(world, login):
    response = login(world.users["client"]).get("/api/v1/me/progress?x=1")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/me/progress/?x=1"
