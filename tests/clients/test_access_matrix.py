"""Who reaches which dossier page: every role of the world against every client of the world.

Out of reach is a 404 that looks exactly like a client who does not exist, and changes nothing;
reached but not permitted by the role is a 403.
"""

import datetime
import re

import pytest
from django.utils import timezone

from tests.conftest import WORLD_USERS
from werkplein.accounts.models import Role
from werkplein.clients.models import Benefit, Client, Education, EducationLevel
from werkplein.logbook.models import LogEntry

ROLES = WORLD_USERS
CLIENTS = (
    "own_client",
    "teammate_client",
    "private_team_client",
    "sampled_client",
    "client_user_client",
    "foreign_client",
)
JONGEREN = {"own_client", "teammate_client", "client_user_client"}  # shared team, shares caseloads
FORTY_FIVE_PLUS = {"private_team_client", "sampled_client"}
REACH = {
    "coach": JONGEREN,
    "teammate": JONGEREN,
    "other_coach": FORTY_FIVE_PLUS,
    "team_lead": JONGEREN,
    "other_lead": FORTY_FIVE_PLUS,
    "back_office": {"own_client"},  # bijstand paid by Gemeente Zutphen
    "back_office_uwv": set(),
    "quality_officer": {"sampled_client"},  # open sample
    "security_officer": set(),
    "functional_admin": set(),
    "provider_staff": set(),
    "employer": set(),
    "client": set(),
}
EDITS_EDUCATION = {Role.COACH, Role.TEAM_LEAD}
WRITES_LOGBOOK = {Role.COACH, Role.TEAM_LEAD, Role.BACK_OFFICE}
REASSIGNS = {Role.TEAM_LEAD}  # and only for clients of a team he leads: all he reaches here

PAGES = ("view_dossier", "open_education_form", "save_education", "write_logbook", "reassign")
SUCCESS = {
    "view_dossier": 200,
    "open_education_form": 200,
    "save_education": 302,
    "write_logbook": 302,
    "reassign": 200,
}


def _role_allows(role: str, page: str) -> bool:
    if page in ("open_education_form", "save_education"):
        return role in EDITS_EDUCATION
    if page == "write_logbook":
        return role in WRITES_LOGBOOK
    if page == "reassign":
        return role in REASSIGNS
    return True


def _expected_status(user_key: str, role: str, client_key: str, page: str) -> int:
    if client_key not in REACH[user_key]:
        return 404
    return SUCCESS[page] if _role_allows(role, page) else 403


def _request(http, page: str, client_id: int):
    education_url = f"/klanten/{client_id}/onderdelen/education/wijzigen/"
    if page == "view_dossier":
        return http.get(f"/klanten/{client_id}/")
    if page == "open_education_form":
        return http.get(education_url)
    if page == "save_education":
        data = {
            "version": "1",
            "education-highest_level": EducationLevel.MBO2,
            "education-diplomas": "Mbo 2 Logistiek",
            "education-current_study": "",
        }
        return http.post(education_url, data)
    if page == "write_logbook":
        data = {"text": "Telefonisch gesproken.", "kind": "contact", "visibility": "client"}
        return http.post(f"/klanten/{client_id}/logboek/", data)
    return http.get(f"/klanten/{client_id}/overdragen/")


def test_matrix_covers_every_role_of_the_world(world):
    assert set(ROLES) == set(REACH) == set(world.users)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("client_key", CLIENTS)
@pytest.mark.parametrize("user_key", ROLES)
def test_dossier_page_access(world, login, user_key, client_key, page):
    user = world.users[user_key]
    client = getattr(world, client_key)
    log_entries_before = LogEntry.objects.filter(client=client).count()

    response = _request(login(user), page, client.pk)

    expected = _expected_status(user_key, user.role, client_key, page)
    assert response.status_code == expected
    if expected in (403, 404):
        education = Education.objects.get(client=client)
        assert education.highest_level == EducationLevel.NONE
        assert education.version == 1
        assert LogEntry.objects.filter(client=client).count() == log_entries_before


@pytest.mark.parametrize("client_key", CLIENTS)
def test_out_of_reach_looks_exactly_like_a_missing_client(world, login, client_key):
    http = login(world.users["back_office_uwv"])
    pk = getattr(world, client_key).pk
    missing = http.get("/klanten/999999/")
    existing = http.get(f"/klanten/{pk}/")

    assert existing.status_code == missing.status_code == 404
    # The page echoes its own address (language switch) and a fresh CSRF token; nothing else.
    assert _without_echo(existing, str(pk)) == _without_echo(missing, "999999")


def _without_echo(response, pk: str) -> str:
    html = response.content.decode().replace(f"/klanten/{pk}/", "/klanten/N/")
    return re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"', "", html)


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitor_is_sent_to_login(world, client, page):
    response = _request(client, page, world.own_client.pk)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Education.objects.get(client=world.own_client).version == 1


def test_closed_sample_no_longer_gives_the_quality_officer_reach(world, login):
    world.sampled_client.quality_samples.update(closed_at=timezone.now())

    response = login(world.users["quality_officer"]).get(f"/klanten/{world.sampled_client.pk}/")

    assert response.status_code == 404


def test_ended_benefit_no_longer_gives_back_office_reach(world, login):
    Benefit.objects.filter(client=world.own_client).update(
        expected_end_on=timezone.localdate() - datetime.timedelta(days=1)
    )

    response = login(world.users["back_office"]).get(f"/klanten/{world.own_client.pk}/")

    assert response.status_code == 404


def test_team_lead_reaches_a_client_without_coach_or_team(world, login):
    Client.objects.filter(pk=world.private_team_client.pk).update(coach=None, team=None)

    response = login(world.users["team_lead"]).get(f"/klanten/{world.private_team_client.pk}/")

    assert response.status_code == 200


def test_inactive_user_reaches_nothing(world, login):
    coach = world.users["coach"]
    coach.is_active = False
    coach.save()

    response = login(coach).get(f"/klanten/{world.own_client.pk}/")

    assert response.status_code in (302, 404)


def test_malformed_client_number_in_the_url_is_not_found(world, login):
    response = login(world.users["coach"]).get("/klanten/abc/")

    assert response.status_code == 404
