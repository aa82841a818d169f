"""Malformed input on every benefits form: a Dutch message or a 404, never a 500, and nothing
changed (personal-data tables and the benefits tables alike)."""

import pytest
from django.apps import apps
from django.urls import reverse

from tests.bad_input import (
    ABSURD_DATES,
    BAD_VERSIONS,
    HUGE_INTS,
    HUGE_TEXT,
    NUL,
    assert_page_refused,
    assert_unchanged,
    snapshot,
)
from werkplein.benefits.models import BenefitEndSignal
from werkplein.clients.models import BenefitKind

from .conftest import IBAN, complete_for_ww, days, make_application, make_period, make_ww_benefit

# "31-12-2026" is a real date in the Dutch notation these forms accept; the others are not, or
# lie far outside a year from today.
DATES = [value for value in ABSURD_DATES if value != "31-12-2026"]
BAD_IDS = ["abc", "-1", "0", str(2**63), "9" * 40, "1.5", "%00"]
BAD_AMOUNTS = [
    "abc",
    "-5",
    "0",
    "1e400",
    "NaN",
    "Infinity",
    "99999999999",
    "1,234,56",
    "1,999",
    NUL,
]
BAD_IBANS = ["NL00ABNA0000000000", "12345", NUL, "x" * 5000, "NL91 ABNA 0417 1643 01"]


def _snapshot():
    rows = snapshot()
    for model in apps.get_app_config("benefits").get_models():
        rows[model._meta.label] = list(model._default_manager.order_by("pk").values())
    return rows


@pytest.fixture
def coach(world, login):
    return login(world.users["coach"])


def _apply_url(world):
    return reverse("benefits_dossier:apply", args=[world.own_client.pk])


class TestApplication:
    @pytest.mark.parametrize("value", [*DATES, "", "2026-01-01\x00"])
    def test_desired_start(self, world, coach, value):
        before = _snapshot()
        data = {"kind": "ww", "desired_start_on": value, "iban": IBAN}
        assert_page_refused(coach.post(_apply_url(world), data))
        assert_unchanged(before, _snapshot())

    @pytest.mark.parametrize("value", BAD_IBANS)
    def test_iban(self, world, coach, value):
        before = _snapshot()
        data = {"kind": "ww", "desired_start_on": days(2).isoformat(), "iban": value}
        assert_page_refused(coach.post(_apply_url(world), data))
        assert_unchanged(before, _snapshot())

    @pytest.mark.parametrize("value", ["", "none", "WW", "x" * 1000, NUL, "bijstand\x00"])
    def test_kind(self, world, coach, value):
        before = _snapshot()
        data = {"kind": value, "desired_start_on": days(2).isoformat()}
        assert_page_refused(coach.post(_apply_url(world), data))
        assert_unchanged(before, _snapshot())

    @pytest.mark.parametrize("value", [HUGE_TEXT, NUL])
    def test_note(self, world, coach, value):
        before = _snapshot()
        data = {"kind": "ww", "desired_start_on": days(2).isoformat(), "note": value}
        assert_page_refused(coach.post(_apply_url(world), data))
        assert_unchanged(before, _snapshot())

    def test_missing_fields(self, world, coach):
        before = _snapshot()
        assert_page_refused(coach.post(_apply_url(world), {}))
        assert_unchanged(before, _snapshot())

    @pytest.mark.parametrize("value", BAD_IDS)
    def test_malformed_ids_are_404(self, world, coach, value):
        before = _snapshot()
        pk = world.own_client.pk
        for url in (
            f"/klanten/{pk}/uitkering/aanvragen/{value}/intrekken/",
            f"/klanten/{pk}/uitkering/overdragen/{value}/",
            f"/klanten/{pk}/uitkering/zoekperiode/opdrachten/{value}/gedaan/",
            f"/aanvragen/{value}/",
        ):
            assert coach.post(url, {"version": 1}).status_code == 404, url
            assert coach.get(url).status_code in (404, 405), url
        assert_unchanged(before, _snapshot())


class TestSearchPeriodForms:
    @pytest.mark.parametrize("value", ["", "   ", NUL, HUGE_TEXT])
    def test_task_description(self, world, coach, value):
        make_period(world.own_client)
        before = _snapshot()
        url = reverse("benefits_dossier:task_add", args=[world.own_client.pk])
        assert_page_refused(coach.post(url, {"kind": "task", "description": value}))
        assert_unchanged(before, _snapshot())

    @pytest.mark.parametrize("value", ["", "job", NUL])
    def test_task_kind(self, world, coach, value):
        make_period(world.own_client)
        before = _snapshot()
        url = reverse("benefits_dossier:task_add", args=[world.own_client.pk])
        assert_page_refused(coach.post(url, {"kind": value, "description": "Cv"}))
        assert_unchanged(before, _snapshot())

    @pytest.mark.parametrize("value", [HUGE_TEXT, NUL, ""])
    def test_lift_reason(self, world, login, value):
        make_period(world.own_client)
        http = login(world.users["team_lead"])
        before = _snapshot()
        url = reverse("benefits_dossier:lift", args=[world.own_client.pk])
        assert_page_refused(http.post(url, {"reason": value}))
        assert_unchanged(before, _snapshot())


@pytest.fixture
def ww_app(world):
    complete_for_ww(world.teammate_client)
    return make_application(world.teammate_client, kind=BenefitKind.WW, organisation=world.uwv)


def _decide(http, application, **data):
    values = {
        "decision": "granted",
        "granted_from": days(1).isoformat(),
        "granted_until": days(200).isoformat(),
        "monthly_amount": "1500",
        "reason": "",
        "version": application.version,
    }
    values.update(data)
    return http.post(reverse("benefits:application", args=[application.pk]), values)


class TestDecision:
    @pytest.fixture
    def uwv(self, world, login):
        return login(world.users["back_office_uwv"])

    @pytest.mark.parametrize("value", BAD_AMOUNTS + [str(n) for n in HUGE_INTS] + [""])
    def test_amount(self, uwv, ww_app, value):
        before = _snapshot()
        assert_page_refused(_decide(uwv, ww_app, monthly_amount=value))
        assert_unchanged(before, _snapshot())

    @pytest.mark.parametrize("field", ["granted_from", "granted_until"])
    @pytest.mark.parametrize("value", DATES)
    def test_dates(self, uwv, ww_app, field, value):
        before = _snapshot()
        assert_page_refused(_decide(uwv, ww_app, **{field: value}))
        assert_unchanged(before, _snapshot())

    @pytest.mark.parametrize(
        ("start", "end"), [("9999-12-30", "9999-12-31"), ("0001-01-01", "9999-12-31")]
    )
    def test_both_dates_at_the_ends_of_the_calendar(self, uwv, ww_app, start, end):
        before = _snapshot()
        response = _decide(uwv, ww_app, granted_from=start, granted_until=end)
        assert any("binnen een jaar" in t for t in assert_page_refused(response))
        assert_unchanged(before, _snapshot())

    def test_end_before_start(self, uwv, ww_app):
        before = _snapshot()
        response = _decide(uwv, ww_app, granted_until=days(0).isoformat())
        assert any("na de ingangsdatum" in t for t in assert_page_refused(response))
        assert_unchanged(before, _snapshot())

    @pytest.mark.parametrize("value", ["", "maybe", "GRANTED", NUL])
    def test_decision(self, uwv, ww_app, value):
        before = _snapshot()
        assert_page_refused(_decide(uwv, ww_app, decision=value))
        assert_unchanged(before, _snapshot())

    @pytest.mark.parametrize("value", [NUL, HUGE_TEXT])
    def test_reason(self, uwv, ww_app, value):
        before = _snapshot()
        assert_page_refused(_decide(uwv, ww_app, decision="refused", reason=value))
        assert_unchanged(before, _snapshot())

    @pytest.mark.parametrize("value", BAD_VERSIONS)
    def test_version(self, uwv, ww_app, value):
        before = _snapshot()
        response = _decide(uwv, ww_app, version=value)
        assert response.status_code == 409
        assert_page_refused(response)
        assert_unchanged(before, _snapshot())


class TestHandover:
    @pytest.mark.parametrize("value", [*DATES, ""])
    def test_dates(self, world, coach, value):
        make_ww_benefit(world.own_client, world, ends_in=10)
        signal = BenefitEndSignal.objects.create(
            werkplein=world.own_client.werkplein,
            benefit=world.own_client.benefits.get(kind="ww"),
            client=world.own_client,
            expected_end_on=days(10),
            municipality=world.zutphen,
        )
        before = _snapshot()
        url = reverse("benefits_dossier:handover", args=[world.own_client.pk, signal.pk])
        assert_page_refused(coach.post(url, {"desired_start_on": value, "iban": IBAN}))
        assert_unchanged(before, _snapshot())


@pytest.mark.parametrize("pk", [str(2**63), "9" * 30])
def test_huge_client_ids_are_404(world, coach, pk):
    before = _snapshot()
    for path in ("", "aanvragen/nieuw/", "zoekperiode/opheffen/"):
        assert coach.get(f"/klanten/{pk}/uitkering/{path}").status_code == 404
        assert coach.post(f"/klanten/{pk}/uitkering/{path}", {"reason": "x"}).status_code == 404
    assert_unchanged(before, _snapshot())
