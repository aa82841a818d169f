"""Malformed input on every page and API endpoint of the plan and job applications, as the client
and as the coach: never a 500, a clear Dutch message, nothing changed in the database."""

import datetime
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from werkplein.plans.models import Activity, ActivityStatus, Goal, JobApplication, LadderStep

from ..bad_input import (
    ABSURD_DATES,
    BAD_VERSIONS,
    HUGE_INTS,
    HUGE_TEXT,
    NUL,
    SCRIPT,
    WRONG_JSON_TYPES,
    api_send,
    assert_api_refused,
    assert_page_refused,
    assert_unchanged,
    snapshot,
)
from .conftest import make_application

TODAY = timezone.localdate


@pytest.fixture
def client_http(world, login):
    return login(world.users["client"])


@pytest.fixture
def coach_http(world, login):
    return login(world.users["coach"])


@pytest.fixture
def application(client_record):
    return make_application(client_record)


# --- the client's pages --------------------------------------------------------------------------


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_accepting_the_plan_with_a_bad_version_records_nothing(client_http, plan, version):
    before = snapshot()

    response = client_http.post("/mijn/plan/accepteren/", {"version": version})

    assert response.status_code == 409
    assert_page_refused(response)
    assert_unchanged(before)


def test_accepting_without_a_plan_is_404(client_http, world):
    before = snapshot()

    response = client_http.post("/mijn/plan/accepteren/", {"version": 1})

    assert response.status_code == 404
    assert_unchanged(before)


@pytest.mark.parametrize("which", ["coach", "cancelled"])
def test_ticking_off_an_activity_that_is_not_his_to_tick_changes_nothing(
    client_http, plan, coach_activity, own_activity, which
):
    activity = coach_activity
    if which == "cancelled":
        Activity.objects.filter(pk=own_activity.pk).update(status=ActivityStatus.CANCELLED)
        activity = own_activity
    before = snapshot()

    response = client_http.post(f"/mijn/plan/activiteiten/{activity.pk}/gedaan/", {"done": "1"})

    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("activity_id", [0, 2**31, 2**63, 10**30])
def test_ticking_off_an_unknown_activity_is_404(client_http, plan, activity_id):
    before = snapshot()

    response = client_http.post(f"/mijn/plan/activiteiten/{activity_id}/gedaan/", {"done": "1"})

    assert response.status_code == 404
    assert_unchanged(before)


def test_ticking_off_anothers_activity_is_404(client_http, plan, other_plan):
    activity = other_plan.activities.get()
    before = snapshot()

    response = client_http.post(f"/mijn/plan/activiteiten/{activity.pk}/gedaan/", {"done": "1"})

    assert response.status_code == 404
    assert_unchanged(before)


@pytest.mark.parametrize("next_page", ["https://evil.example/", "//evil.example", NUL, HUGE_TEXT])
def test_the_next_page_after_ticking_off_is_never_elsewhere(client_http, own_activity, next_page):
    response = client_http.post(
        f"/mijn/plan/activiteiten/{own_activity.pk}/gedaan/", {"done": "1", "next": next_page}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/mijn/")


def _application(**values) -> dict:
    return {
        "employer_name": "Bakkerij De Korenbloem",
        "position": "Verkoper",
        "applied_on": (TODAY() - datetime.timedelta(days=2)).isoformat(),
        "channel": "website",
        "result": "waiting",
        "notes": "",
    } | values


APPLICATION_BAD_FIELDS = [
    ("employer_name", ""),
    ("employer_name", "   "),
    ("employer_name", NUL),
    ("employer_name", HUGE_TEXT),
    ("position", "\x00"),
    ("position", "x" * 161),
    *(("applied_on", date) for date in ABSURD_DATES),
    ("applied_on", ""),
    ("applied_on", NUL),
    ("applied_on", "2026-02-30T10:00"),
    ("channel", "postduif"),
    ("channel", ""),
    ("channel", NUL),
    ("result", "gewonnen"),
    ("result", HUGE_TEXT),
    ("notes", NUL),
    ("notes", HUGE_TEXT),
]


@pytest.mark.parametrize(("field", "value"), APPLICATION_BAD_FIELDS)
def test_a_bad_application_is_refused_in_dutch(client_http, client_record, field, value):
    before = snapshot()

    response = client_http.post("/mijn/sollicitaties/", _application(**{field: value}))

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


def test_an_empty_post_of_an_application_says_what_is_missing(client_http, client_record):
    before = snapshot()

    response = client_http.post("/mijn/sollicitaties/", {})

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


def test_html_in_an_application_is_shown_as_text(client_http, client_record, world, login):
    response = client_http.post(
        "/mijn/sollicitaties/", _application(employer_name=SCRIPT[:150], notes=SCRIPT)
    )

    assert response.status_code == 302
    assert JobApplication.objects.filter(employer_name=SCRIPT[:150]).exists()
    for http, url in (
        (client_http, "/mijn/sollicitaties/"),
        (client_http, "/mijn/"),
        (client_http, "/mijn/logboek/"),
        (login(world.users["coach"]), f"/klanten/{client_record.pk}/plan/sollicitaties/"),
        (login(world.users["coach"]), f"/klanten/{client_record.pk}/"),
    ):
        page = http.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "<b onmouseover" not in page, url


@pytest.mark.parametrize(
    "data",
    [
        {"result": "gewonnen"},
        {"result": ""},
        {"result": NUL},
        {"result": "hired", "notes": NUL},
        {"result": "hired", "notes": HUGE_TEXT},
        {},
    ],
)
def test_a_bad_result_of_an_application_is_refused(client_http, application, data):
    before = snapshot()

    response = client_http.post(
        f"/mijn/sollicitaties/{application.pk}/wijzigen/", data | {"version": application.version}
    )

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_a_result_with_a_bad_version_is_stale(client_http, application, version):
    before = snapshot()

    response = client_http.post(
        f"/mijn/sollicitaties/{application.pk}/wijzigen/", {"result": "hired", "version": version}
    )

    assert response.status_code == 409
    assert_page_refused(response)
    assert_unchanged(before)


# --- the client's API ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"version": None},
        {"version": "een"},
        {"version": [1]},
        {"version": {"v": 1}},
        {"version": 1.5},
        *({"version": n} for n in HUGE_INTS),
    ],
)
def test_a_bad_acceptance_is_refused_api(client_http, plan, body):
    before = snapshot()

    response = api_send(client_http, "post", "/me/plan/accept/", body)

    assert_api_refused(response, statuses=(409, 422))
    assert_unchanged(before)


@pytest.mark.parametrize("body", [{"done": value} for value in ("ja", None, [], {"a": 1}, 2)])
def test_a_bad_done_flag_is_refused_api(client_http, own_activity, body):
    before = snapshot()

    response = api_send(client_http, "post", f"/me/plan/activities/{own_activity.pk}/done/", body)

    assert_api_refused(response, statuses=(422,))
    assert_unchanged(before)


@pytest.mark.parametrize("raw", ["{", "[]", "nul", '"ja"', "\x00"])
def test_a_done_flag_that_is_not_json_is_refused_api(client_http, own_activity, raw):
    before = snapshot()

    response = api_send(
        client_http, "post", f"/me/plan/activities/{own_activity.pk}/done/", raw, raw=True
    )

    assert_api_refused(response, statuses=(400, 422))
    assert_unchanged(before)


def test_ticking_off_the_coachs_activity_is_refused_in_dutch_api(client_http, coach_activity):
    before = snapshot()

    response = api_send(
        client_http, "post", f"/me/plan/activities/{coach_activity.pk}/done/", {"done": True}
    )

    assert_api_refused(response, statuses=(403, 404, 422))
    assert_unchanged(before)


@pytest.mark.parametrize("activity_id", ["0", "abc", str(2**63), str(10**30)])
def test_ticking_off_an_unknown_activity_is_404_or_422_api(client_http, plan, activity_id):
    before = snapshot()

    response = api_send(client_http, "post", f"/me/plan/activities/{activity_id}/done/", {})

    assert_api_refused(response, statuses=(404, 422))
    assert_unchanged(before)


APPLICATION_BAD_BODIES = [
    {},
    {"employer_name": "Bakker", "position": "Verkoper"},
    *(
        _application(**{field: value})
        for field, value in APPLICATION_BAD_FIELDS
        if field not in ("applied_on",) or value not in ("31-12-2026",)
    ),
    _application(applied_on="2026-02-30"),
    _application(applied_on=20260101),
    _application(applied_on=None),
    _application(applied_on=["2026-01-01"]),
    _application(employer_name=None),
    _application(employer_name=["Bakker"]),
    _application(employer_name={"naam": "Bakker"}),
    _application(position=12),
    _application(channel=None),
    _application(result=[]),
    _application(notes=None),
    _application(notes={"a": 1}),
]


@pytest.mark.parametrize("body", APPLICATION_BAD_BODIES)
def test_a_bad_application_is_a_dutch_422_api(client_http, client_record, body):
    before = snapshot()

    response = api_send(client_http, "post", "/me/applications/", body)

    assert_api_refused(response, statuses=(422,))
    assert_unchanged(before)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"version": 1},
        {"result": "hired"},
        {"version": "een", "result": "hired"},
        {"version": 1, "result": "gewonnen"},
        {"version": 1, "result": None},
        {"version": 1, "result": ["hired"]},
        {"version": 1, "result": "hired", "notes": NUL},
        {"version": 1, "result": "hired", "notes": HUGE_TEXT},
        {"version": 1, "result": "hired", "notes": 12},
        *({"version": n, "result": "hired"} for n in HUGE_INTS),
    ],
)
def test_a_bad_result_is_refused_api(client_http, application, body):
    before = snapshot()

    response = api_send(client_http, "patch", f"/me/applications/{application.pk}/", body)

    assert_api_refused(response, statuses=(409, 422))
    assert_unchanged(before)


@pytest.mark.parametrize("value", WRONG_JSON_TYPES)
def test_a_body_of_the_wrong_type_is_a_dutch_422_api(client_http, application, plan, value):
    before = snapshot()

    for method, path in (
        ("post", "/me/applications/"),
        ("patch", f"/me/applications/{application.pk}/"),
        ("post", "/me/plan/accept/"),
    ):
        assert_api_refused(api_send(client_http, method, path, value), statuses=(400, 422))

    assert_unchanged(before)


@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": str(2**63)},
        {"page": str(10**30)},
        {"page": "99999999"},
        {"page_size": "0"},
        {"page_size": "-5"},
        {"page_size": str(2**63)},
        {"page_size": "abc"},
    ],
)
def test_garbage_paging_of_applications_is_a_page_or_a_dutch_422_api(
    client_http, application, params
):
    response = client_http.get("/api/v1/me/applications/", params)

    if response.status_code != 200:
        assert_api_refused(response, statuses=(422,))


# --- the coach's pages ---------------------------------------------------------------------------


def _plan_url(client, rest: str = "") -> str:
    return f"/klanten/{client.pk}/plan/{rest}"


@pytest.mark.parametrize("text", ["", "   ", NUL, "\x00", "x" * 301, HUGE_TEXT])
def test_a_bad_goal_is_refused(coach_http, plan, text):
    goal = plan.goals.get()
    before = snapshot()

    added = coach_http.post(_plan_url(plan.client, "doelen/nieuw/"), {"text": text})
    edited = coach_http.post(
        _plan_url(plan.client, f"doelen/{goal.pk}/wijzigen/"), {"text": text, "version": 1}
    )

    for response in (added, edited):
        assert response.status_code == 422
        assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_a_goal_with_a_bad_version_is_stale(coach_http, plan, version):
    goal = plan.goals.get()
    before = snapshot()

    edited = coach_http.post(
        _plan_url(plan.client, f"doelen/{goal.pk}/wijzigen/"), {"text": "Ander", "version": version}
    )
    removed = coach_http.post(
        _plan_url(plan.client, f"doelen/{goal.pk}/verwijderen/"), {"version": version}
    )

    assert edited.status_code == 409
    assert_page_refused(edited)
    assert_page_refused(removed)
    assert_unchanged(before)


def _activity(**values) -> dict:
    return {
        "description": "Cv sturen",
        "goal": "",
        "owner": "client",
        "due_on": (TODAY() + datetime.timedelta(days=5)).isoformat(),
        "status": "open",
    } | values


ACTIVITY_BAD_FIELDS = [
    ("description", ""),
    ("description", NUL),
    ("description", HUGE_TEXT),
    ("goal", "abc"),
    ("goal", str(2**63)),
    ("goal", "999999"),
    ("goal", NUL),
    ("owner", "buurman"),
    ("owner", ""),
    ("owner", NUL),
    ("status", "misschien"),
    ("status", NUL),
    *(("due_on", date) for date in ABSURD_DATES if date != "31-12-2026"),
    ("due_on", NUL),
]


@pytest.mark.parametrize(("field", "value"), ACTIVITY_BAD_FIELDS)
def test_a_bad_activity_is_refused(coach_http, plan, coach_activity, field, value):
    before = snapshot()

    added = coach_http.post(
        _plan_url(plan.client, "activiteiten/nieuw/"), _activity(**{field: value})
    )
    edited = coach_http.post(
        _plan_url(plan.client, f"activiteiten/{coach_activity.pk}/wijzigen/"),
        _activity(**{field: value}) | {"version": coach_activity.version},
    )

    for response in (added, edited):
        assert response.status_code == 422
        assert_page_refused(response)
    assert_unchanged(before)


def test_a_goal_of_another_plan_is_refused(coach_http, plan, other_plan):
    goal = Goal.objects.create(werkplein=other_plan.werkplein, plan=other_plan, text="Ander doel")
    before = snapshot()

    response = coach_http.post(
        _plan_url(plan.client, "activiteiten/nieuw/"), _activity(goal=str(goal.pk))
    )

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_an_activity_with_a_bad_version_is_stale(coach_http, plan, coach_activity, version):
    before = snapshot()

    edited = coach_http.post(
        _plan_url(plan.client, f"activiteiten/{coach_activity.pk}/wijzigen/"),
        _activity() | {"version": version},
    )
    removed = coach_http.post(
        _plan_url(plan.client, f"activiteiten/{coach_activity.pk}/verwijderen/"),
        {"version": version},
    )

    assert edited.status_code == 409
    assert_page_refused(edited)
    assert_page_refused(removed)
    assert_unchanged(before)


@pytest.mark.parametrize(
    ("path", "item"),
    [
        ("doelen/{}/wijzigen/", "goal"),
        ("doelen/{}/verwijderen/", "goal"),
        ("activiteiten/{}/wijzigen/", "activity"),
        ("activiteiten/{}/verwijderen/", "activity"),
    ],
)
@pytest.mark.parametrize("item_id", ["other", 0, 2**63, 10**30])
def test_an_item_of_another_plan_or_unknown_is_404(
    coach_http, plan, other_plan, path, item, item_id
):
    if item_id == "other":
        goal = Goal.objects.create(werkplein=other_plan.werkplein, plan=other_plan, text="Ander")
        item_id = goal.pk if item == "goal" else other_plan.activities.get().pk
    before = snapshot()

    response = coach_http.post(
        _plan_url(plan.client, path.format(item_id)),
        {"text": "x", **_activity(), "version": 1},
    )

    assert response.status_code == 404
    assert_unchanged(before)


OBLIGATION_BAD = [
    {"applications_required": "", "obligation_weeks": "4"},
    {"applications_required": "4", "obligation_weeks": ""},
    {"applications_required": "vier", "obligation_weeks": "4"},
    {"applications_required": "4", "obligation_weeks": "0"},
    {"applications_required": "4", "obligation_weeks": "53"},
    {"applications_required": "51", "obligation_weeks": "4"},
    {"applications_required": "-1", "obligation_weeks": "4"},
    {"applications_required": "4.5", "obligation_weeks": "4"},
    {"applications_required": NUL, "obligation_weeks": "4"},
    *({"applications_required": str(n), "obligation_weeks": "4"} for n in HUGE_INTS),
    *({"applications_required": "4", "obligation_weeks": str(n)} for n in HUGE_INTS),
]


@pytest.mark.parametrize("data", OBLIGATION_BAD)
def test_a_bad_obligation_is_refused(coach_http, plan, data):
    before = snapshot()

    response = coach_http.post(
        _plan_url(plan.client, "sollicitatieplicht/"), data | {"version": plan.version}
    )

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_an_obligation_with_a_bad_version_is_stale(coach_http, plan, version):
    before = snapshot()

    response = coach_http.post(
        _plan_url(plan.client, "sollicitatieplicht/"),
        {"applications_required": "6", "obligation_weeks": "4", "version": version},
    )

    assert response.status_code == 409
    assert_page_refused(response)
    assert_unchanged(before)


LADDER_BAD = [
    {},
    {"rung": ""},
    {"rung": "0"},
    {"rung": "7"},
    {"rung": "drie"},
    {"rung": NUL},
    *({"rung": str(n)} for n in HUGE_INTS),
    *({"rung": "3", "set_on": date} for date in ABSURD_DATES if date != "31-12-2026"),
    {"rung": "3", "set_on": NUL},
    {"rung": "3", "note": NUL},
    {"rung": "3", "note": HUGE_TEXT},
]


@pytest.mark.parametrize("data", LADDER_BAD)
def test_a_bad_rung_is_refused(coach_http, client_record, data):
    before = snapshot()

    response = coach_http.post(_plan_url(client_record, "participatieladder/"), data)

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


def test_html_in_plan_texts_is_shown_as_text(coach_http, plan, world, login):
    coach_http.post(_plan_url(plan.client, "doelen/nieuw/"), {"text": SCRIPT})
    coach_http.post(_plan_url(plan.client, "activiteiten/nieuw/"), _activity(description=SCRIPT))
    coach_http.post(
        _plan_url(plan.client, "participatieladder/"), {"rung": "3", "note": SCRIPT[:290]}
    )

    assert Goal.objects.filter(text=SCRIPT).exists()
    assert LadderStep.objects.filter(note=SCRIPT[:290]).exists()
    client_http = login(world.users["client"])
    for http, url in (
        (coach_http, _plan_url(plan.client)),
        (coach_http, f"/klanten/{plan.client.pk}/"),
        (client_http, "/mijn/plan/"),
        (client_http, "/mijn/"),
        (client_http, "/mijn/logboek/"),
        (client_http, "/mijn/gegevens/afdrukken/"),
    ):
        page = http.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "<b onmouseover" not in page, url


GARBAGE_PURPOSES = ["onbekend", "x" * 5000, NUL, "verantwoording&x=1#frag", "%00"]


@pytest.mark.parametrize("doel", GARBAGE_PURPOSES)
@pytest.mark.parametrize(
    ("method", "rest"),
    [
        ("get", ""),
        ("get", "sollicitaties/"),
        ("post", "maken/"),
        ("post", "doelen/nieuw/"),
        ("post", "activiteiten/nieuw/"),
        ("post", "sollicitatieplicht/"),
        ("post", "participatieladder/"),
    ],
)
def test_a_garbage_purpose_is_404_and_changes_nothing(coach_http, plan, doel, method, rest):
    before = snapshot()

    if method == "get":
        response = coach_http.get(_plan_url(plan.client, rest), {"doel": doel})
    else:
        response = coach_http.post(
            _plan_url(plan.client, rest) + "?" + urlencode({"doel": doel}),
            {"doel": doel, "text": "x", "rung": "3"},
        )

    assert response.status_code == 404
    assert_unchanged(before)


@pytest.mark.parametrize("page", ["", "0", "-1", "abc", str(2**63), str(10**30), "\x00"])
def test_a_garbage_page_of_applications_shows_a_page(coach_http, application, page):
    response = coach_http.get(_plan_url(application.client, "sollicitaties/"), {"page": page})

    assert response.status_code == 200


@pytest.mark.parametrize("doel_id", ["abc", str(2**63), NUL, "-1", "999999"])
def test_a_garbage_goal_in_the_new_activity_link_shows_the_form(coach_http, plan, doel_id):
    response = coach_http.get(_plan_url(plan.client, "activiteiten/nieuw/"), {"doel_id": doel_id})

    assert response.status_code == 200


def test_pages_show_the_extremes_that_are_allowed(coach_http, client_http, plan, world):
    """The oldest and furthest dates the services accept still draw the home page, the plan,
    the ladder chart and the dossier card."""
    client = plan.client
    for due_on in ("2000-01-01", "2100-01-01"):
        coach_http.post(_plan_url(client, "activiteiten/nieuw/"), _activity(due_on=due_on))
    for rung, set_on in (("1", "2000-01-01"), ("6", TODAY().isoformat())):
        coach_http.post(_plan_url(client, "participatieladder/"), {"rung": rung, "set_on": set_on})
    make_application(client, days_ago=366)
    assert LadderStep.objects.filter(client=client).count() == 2
    assert Activity.objects.filter(plan=plan, due_on=datetime.date(2100, 1, 1)).exists()

    for http, url in (
        (client_http, "/mijn/"),
        (client_http, "/mijn/plan/"),
        (client_http, "/mijn/sollicitaties/"),
        (client_http, "/mijn/gegevens/afdrukken/"),
        (client_http, "/mijn/gegevens/download.json"),
        (client_http, "/api/v1/me/progress/"),
        (coach_http, _plan_url(client)),
        (coach_http, f"/klanten/{client.pk}/"),
    ):
        assert http.get(url).status_code == 200, url
