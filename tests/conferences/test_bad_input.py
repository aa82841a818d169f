"""Malformed input on every conference page: never a 500, never a change, Dutch messages."""

import pytest
from django.apps import apps

from tests import bad_input
from tests.bad_input import HUGE_TEXT, NUL, assert_page_refused

pytestmark = pytest.mark.django_db


def snapshot():
    rows = bad_input.snapshot()
    for model in apps.get_app_config("conferences").get_models():
        rows[model._meta.label] = list(model._default_manager.order_by("pk").values())
    return rows


def assert_unchanged(before):
    bad_input.assert_unchanged(before, snapshot())


BAD_IDS = ["abc", "0", "-1", "1.5", str(2**63), "9" * 40, "%00", "1%00", "%20"]


@pytest.mark.parametrize("bad", BAD_IDS, ids=[f"id{n}" for n in range(len(BAD_IDS))])
def test_malformed_ids_are_not_found(world, cw, login, bad):
    http = login(world.users["team_lead"])
    before = snapshot()
    for url in (
        f"/casusoverleg/{bad}/",
        f"/casusoverleg/{bad}/aanmelden/",
        f"/casusoverleg/{bad}/annuleren/",
        f"/casusoverleg/reeksen/{bad}/",
        f"/casusoverleg/agendapunt/{bad}/uitkomst/",
    ):
        assert http.get(url).status_code == 404, url
    for url in (
        f"/casusoverleg/{bad}/aanmelden/",
        f"/casusoverleg/{bad}/annuleren/",
        f"/casusoverleg/agendapunt/{bad}/afmelden/",
        f"/casusoverleg/agendapunt/{bad}/uitkomst/",
        f"/casusoverleg/reeksen/{bad}/",
    ):
        assert http.post(url, {"question": "x"}).status_code == 404, url
    assert_unchanged(before)


AGENDA_INPUT = {
    "nul-question": {"question": NUL},
    "huge-question": {"question": HUGE_TEXT},
    "no-client": {"client": ""},
    "text-client": {"client": "abc"},
    "huge-client": {"client": str(2**63)},
    "nul-client": {"client": "1\x00"},
    "foreign-client": {"client": "foreign"},
}


@pytest.mark.parametrize("case", AGENDA_INPUT)
def test_agenda_bad_input(world, cw, login, case):
    conference = cw.conference(starts_in=60)
    data = {"client": world.own_client.pk, "question": "Wat nu?", **AGENDA_INPUT[case]}
    if data["client"] == "foreign":
        data["client"] = world.foreign_client.pk
    http = login(world.users["coach"])
    before = snapshot()
    response = http.post(f"/casusoverleg/{conference.pk}/aanmelden/", data)
    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


SERIES_INPUT = {
    "nul-name": {"name": NUL},
    "huge-name": {"name": HUGE_TEXT},
    "nul-location": {"location": NUL},
    "huge-duration": {"duration_minutes": str(2**63)},
    "negative-clients": {"max_clients": "-1"},
    "huge-clients": {"max_clients": "9" * 30},
    "text-time": {"starts_at": "morgen"},
    "nul-time": {"starts_at": "10:00\x00"},
    "text-weekday": {"weekdays": ["maandag"]},
    "huge-weekday": {"weekdays": [str(2**63)]},
    "foreign-member": {"members": ["foreign"]},
    "huge-member": {"members": [str(2**63)]},
    "superscript-member": {"members": ["\u00b2"]},  # a digit to str.isdigit, not to int()
    "arabic-digit-member": {"members": ["\u0661\u0662"]},
}


@pytest.mark.parametrize("case", SERIES_INPUT)
def test_series_bad_input(world, cw, login, case):
    from werkplein.accounts.models import User

    data = {
        "name": "Reeks",
        "weekdays": ["0"],
        "starts_at": "10:00",
        "duration_minutes": "60",
        "max_clients": "6",
        "location": "",
        "active": "on",
        **SERIES_INPUT[case],
    }
    if data.get("members") == ["foreign"]:
        data["members"] = [str(User.objects.get(username="foreign_coach").pk)]
    http = login(world.users["functional_admin"])
    before = snapshot()
    response = http.post("/casusoverleg/reeksen/nieuw/", data)
    assert response.status_code == 422
    assert_page_refused(response)
    response = http.post(f"/casusoverleg/reeksen/{cw.series.pk}/", data)
    assert response.status_code == 422
    assert_unchanged(before)


OUTCOME_INPUT = {
    "nul-advice": {"advice": NUL},
    "huge-advice": {"advice": HUGE_TEXT},
    "no-decision": {"decision": ""},
    "nul-action": {"action_1": NUL},
    "huge-action": {"action_1": "x" * 301},
    "action-without-owner": {"owner_1": ""},
    "owner-without-action": {"action_1": "", "owner_2": "teammate"},
    "text-owner": {"owner_1": "abc"},
    "huge-owner": {"owner_1": str(2**63)},
    "outsider-owner": {"owner_1": "coach"},
    "far-future": {"due_1": "9999-12-31"},
    "far-past": {"due_1": "0001-01-01"},
    "no-date": {"due_1": "2026-02-30"},
    "text-date": {"due_1": "morgen"},
}


@pytest.mark.parametrize("case", OUTCOME_INPUT)
def test_outcome_bad_input(world, cw, in_session, login, case):
    from werkplein.conferences.models import AgendaItem

    item = AgendaItem.objects.get(conference=in_session)
    data = {
        "advice": "Advies",
        "decision": "Besluit",
        "action_1": "Bellen",
        "owner_1": str(world.users["teammate"].pk),
        "due_1": "",
        **OUTCOME_INPUT[case],
    }
    for key in ("owner_1", "owner_2"):
        if data.get(key) in world.users:
            data[key] = str(world.users[data[key]].pk)
    http = login(world.users["other_coach"])
    before = snapshot()
    response = http.post(f"/casusoverleg/agendapunt/{item.pk}/uitkomst/", data)
    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)
