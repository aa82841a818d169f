"""Malformed input on every page and /api/v1/me/ endpoint of Mijn Werkplein (his data, the
logbook, security) and of client accounts (invitation, password reset): never a 500, a clear
Dutch message, and nothing changed in the database."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client as HttpClient
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkplein.clients.models import Client, Job
from werkplein.logbook.models import LogEntry, Visibility
from werkplein.logbook.services import record_event
from werkplein.portal.forms import PORTAL_SECTIONS
from werkplein.portal.selectors import section_instance

from ..bad_input import (
    BAD_VERSIONS,
    HUGE_INTS,
    HUGE_TEXT,
    NUL,
    SCRIPT,
    WRONG_JSON_TYPES,
    api_send,
    assert_api_refused,
    assert_dutch,
    assert_page_refused,
    assert_unchanged,
    snapshot,
)
from ..factories import LogEntryFactory


def _edit(key: str) -> str:
    return f"/mijn/gegevens/{key}/wijzigen/"


@pytest.fixture(autouse=True)
def _plain_address(world):
    """The factory derives addresses from first names, some with an accent ("noëlle@..."),
    which the contact form then refuses whatever else is posted: not what these tests test."""
    Client.objects.filter(pk=world.client_user_client.pk).update(email="klant@voorbeeld.nl")


@pytest.fixture
def job(me):
    return Job.objects.create(
        client=me,
        werkplein=me.werkplein,
        employer_name="Bakkerij De Korenbloem",
        position="Verkoper",
        started_on="2020-01-01",
    )


@pytest.fixture
def own_note(me, world):
    return LogEntryFactory(
        client=me, author=world.users["client"], author_kind="client", text="Mijn eigen notitie"
    )


def _baseline(me, key: str) -> dict:
    """What the edit form of a section posts when nothing is changed."""
    section = PORTAL_SECTIONS[key]
    instance = section_instance(me, section)
    form = section.build_form(me, instance=instance)
    data = {}
    for name in section.fields:
        value = form[name].value()
        if value is False or value is None:
            continue
        data[f"{key}-{name}"] = "on" if value is True else str(value)
    data["version"] = str(instance.version)
    return data


# --- his data, as pages --------------------------------------------------------------------------

PROFILE_BAD_FIELDS = [
    ("contact", "email", ""),
    ("contact", "email", "geen-e-mailadres"),
    ("contact", "email", "a@b"),
    ("contact", "email", NUL + "@example.nl"),
    ("contact", "email", "x" * 300 + "@example.nl"),
    ("contact", "email", HUGE_TEXT),
    ("contact", "phone", "bel me"),
    ("contact", "phone", NUL),
    ("contact", "phone", "0" * 5000),
    ("address", "postcode", "ABCD 12"),
    ("address", "postcode", NUL),
    ("address", "street", HUGE_TEXT),
    ("address", "street", NUL),
    ("address", "house_number", "1" * 13),
    ("address", "city", "Zut" + "\x00" + "phen"),
    ("education", "highest_level", "doctorandus-honoris-causa"),
    ("education", "highest_level", NUL),
    ("education", "diplomas", NUL),
    ("education", "current_study", HUGE_TEXT),
    ("skills", "digital_skills", "hacker"),
    ("skills", "languages", NUL),
    ("skills", "languages", HUGE_TEXT),
    ("skills", "skills", "vaardig\x00"),
    ("wishes", "hours_per_week", "veertig"),
    ("wishes", "hours_per_week", "0"),
    ("wishes", "hours_per_week", "61"),
    *[("wishes", "hours_per_week", str(n)) for n in HUGE_INTS],
    *[("wishes", "max_travel_minutes", str(n)) for n in HUGE_INTS if n != 2**63 - 1],
    ("wishes", "max_travel_minutes", "1e9"),
    ("wishes", "occupations", HUGE_TEXT),
    ("wishes", "notes", NUL),
]


@pytest.mark.parametrize(("key", "field", "value"), PROFILE_BAD_FIELDS)
def test_a_bad_value_in_his_data_is_refused_in_dutch_and_changes_nothing(
    http, me, key, field, value
):
    data = _baseline(me, key) | {f"{key}-{field}": value}
    before = snapshot()

    response = http.post(_edit(key), data)

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize(
    ("key", "field"), [("education", "diplomas"), ("skills", "skills"), ("wishes", "notes")]
)
@pytest.mark.parametrize("length", [2001, 20_000, 100_000])
def test_a_long_text_of_his_own_is_refused_on_its_field(http, me, key, field, length):
    before = snapshot()

    page = http.post(_edit(key), _baseline(me, key) | {f"{key}-{field}": "x" * length})
    api = api_send(
        http,
        "patch",
        f"/me/profile/{key}/",
        {"version": _profile_version(http, key), "data": {field: "x" * length}},
    )

    assert page.status_code == 422
    assert "maximaal 2000 tekens" in " ".join(assert_page_refused(page))
    body = assert_api_refused(api, statuses=(422,))
    assert list(body["errors"]) == [field]
    assert_unchanged(before)


def test_a_long_text_he_leaves_alone_does_not_block_a_change(http, me):
    Wishes = type(me.wishes)
    Wishes.objects.filter(pk=me.wishes.pk).update(notes="n" * 5000)
    me.refresh_from_db()
    data = _baseline(me, "wishes") | {"wishes-region": "Achterhoek"}

    response = http.post(_edit("wishes"), data)

    assert response.status_code == 302
    assert Wishes.objects.get(pk=me.wishes.pk).region == "Achterhoek"


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_a_bad_version_of_his_data_is_refused_as_stale(http, me, version):
    data = _baseline(me, "contact") | {"contact-phone": "06 12345678", "version": version}
    before = snapshot()

    response = http.post(_edit("contact"), data)

    assert response.status_code == 409
    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("key", ["personal", "benefits", "guidance", "x" * 300, "contact\x00"])
def test_a_section_that_is_not_his_is_404_on_post(http, me, key):
    before = snapshot()

    response = http.post(f"/mijn/gegevens/{key}/wijzigen/", {"version": me.version})

    assert response.status_code == 404
    assert_unchanged(before)


def test_html_in_his_data_is_saved_as_text_and_shown_escaped(http, me):
    data = _baseline(me, "address") | {"address-street": SCRIPT[:120]}

    response = http.post(_edit("address"), data)

    assert response.status_code == 302
    me.refresh_from_db()
    assert me.street == SCRIPT[:120]
    page = http.get("/mijn/gegevens/").content.decode()
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    logbook = http.get("/mijn/logboek/").content.decode()
    assert "<script>" not in logbook


def test_unicode_in_his_data_is_kept_exactly(http, me):
    street = "Ĳsselkade \U0001d518 ✓ 😀 مرحبا"
    data = _baseline(me, "address") | {"address-street": street}

    assert http.post(_edit("address"), data).status_code == 302

    me.refresh_from_db()
    assert me.street == street


JOB_BAD_FIELDS = [
    ("employer_name", ""),
    ("employer_name", HUGE_TEXT),
    ("employer_name", NUL),
    ("position", "  \x00 "),
    ("started_on", ""),
    ("started_on", "2026-02-30"),
    ("started_on", "31-13-2026"),
    ("started_on", "9999-12-31"),
    ("started_on", NUL),
    ("ended_on", "1999-12-31"),  # before the start
    ("started_on", "0001-01-01"),
    ("started_on", "1900-01-01"),
    ("ended_on", "9999-12-31"),
    ("hours_per_week", str(2**63)),
    ("hours_per_week", "-1"),
    ("hours_per_week", "veel"),
    ("reason_ended", HUGE_TEXT),
]


@pytest.mark.parametrize(("field", "value"), JOB_BAD_FIELDS)
def test_a_bad_line_of_work_history_is_refused_and_changes_nothing(http, me, field, value):
    data = {
        "work_history-employer_name": "Bakkerij",
        "work_history-position": "Verkoper",
        "work_history-started_on": "2020-01-01",
        f"work_history-{field}": value,
    }
    before = snapshot()

    response = http.post("/mijn/gegevens/werkervaring/nieuw/", data)

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_removing_work_history_with_a_bad_version_changes_nothing(http, job, version):
    before = snapshot()

    response = http.post(f"/mijn/gegevens/werkervaring/{job.pk}/verwijderen/", {"version": version})

    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("item_id", [0, 2**31, 2**63 - 1, 2**63, 10**30])
def test_removing_a_job_that_does_not_exist_is_404(http, job, item_id):
    before = snapshot()

    response = http.post(f"/mijn/gegevens/werkervaring/{item_id}/verwijderen/", {"version": 1})

    assert response.status_code == 404
    assert_unchanged(before)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"subject": "", "text": "Mijn naam is fout"},
        {"subject": "salaris", "text": "Mijn naam is fout"},
        {"subject": "name" + "\x00", "text": "Mijn naam is fout"},
        {"subject": "name", "text": ""},
        {"subject": "name", "text": "   "},
        {"subject": "name", "text": NUL},
        {"subject": "name", "text": HUGE_TEXT},
    ],
)
def test_a_bad_correction_request_is_refused(http, me, data):
    before = snapshot()

    response = http.post("/mijn/gegevens/correctie/", data)

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


# --- the logbook, as pages -----------------------------------------------------------------------

NOTE_BAD_TEXTS = ["", "   ", "\n\t", NUL, "\x00", "x" * 10_001, HUGE_TEXT]


@pytest.mark.parametrize("text", NOTE_BAD_TEXTS)
def test_a_bad_note_is_refused(http, me, text):
    before = snapshot()

    response = http.post("/mijn/logboek/", {"text": text})

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("path", ["/mijn/logboek/", "/mijn/gegevens/correctie/", "edit"])
def test_an_empty_post_says_what_is_missing(http, own_note, path):
    if path == "edit":
        path = f"/mijn/logboek/{own_note.pk}/wijzigen/"
    before = snapshot()

    response = http.post(path, {})

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


def test_html_in_a_note_is_shown_as_text(http, me):
    response = http.post("/mijn/logboek/", {"text": SCRIPT})

    assert response.status_code == 302
    assert LogEntry.objects.filter(client=me, text=SCRIPT).exists()
    page = http.get("/mijn/logboek/").content.decode()
    assert "<script>" not in page
    assert "&lt;script&gt;alert" in page
    assert "<b onmouseover" not in page


@pytest.mark.parametrize("text", NOTE_BAD_TEXTS)
def test_a_bad_edit_of_his_note_is_refused(http, own_note, text):
    before = snapshot()

    response = http.post(
        f"/mijn/logboek/{own_note.pk}/wijzigen/", {"text": text, "version": own_note.version}
    )

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_an_edit_of_his_note_with_a_bad_version_is_stale(http, own_note, version):
    before = snapshot()

    response = http.post(
        f"/mijn/logboek/{own_note.pk}/wijzigen/", {"text": "Nieuwe tekst", "version": version}
    )

    assert response.status_code == 409
    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("whose", ["coach", "system", "teammate"])
def test_editing_anothers_entry_is_refused_in_dutch(http, me, world, whose):
    if whose == "system":
        entry = record_event(actor=world.users["coach"], client=me, text="Afspraak geboekt")
    else:
        entry = LogEntryFactory(client=me, author=world.users[whose], text="Van de coach")
    before = snapshot()

    response = http.post(
        f"/mijn/logboek/{entry.pk}/wijzigen/", {"text": "Overschreven", "version": entry.version}
    )

    assert response.status_code == 302
    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize("which", ["internal", "other_client", "unknown", "huge"])
def test_editing_an_entry_he_cannot_see_is_404(http, me, world, which):
    entry_id = {
        "internal": lambda: (
            LogEntryFactory(
                client=me, author=world.users["coach"], visibility=Visibility.INTERNAL
            ).pk
        ),
        "other_client": lambda: LogEntryFactory(client=world.own_client).pk,
        "unknown": lambda: 999_999,
        "huge": lambda: 2**64,
    }[which]()
    before = snapshot()

    response = http.post(f"/mijn/logboek/{entry_id}/wijzigen/", {"text": "x", "version": 1})

    assert response.status_code == 404
    assert_unchanged(before)


# --- security (TOTP), as a page ------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {"stap": "koppelen", "token": ""},
        {"stap": "koppelen", "token": "abcdef"},
        {"stap": "koppelen", "token": "12345"},
        {"stap": "koppelen", "token": "1234567"},
        {"stap": "koppelen", "token": NUL},
        {"stap": "koppelen", "token": HUGE_TEXT},
    ],
)
def test_a_bad_code_when_linking_an_app_is_refused(http, me, data):
    http.get("/mijn/beveiliging/?stap=koppelen")  # makes the pending device
    before = snapshot()

    response = http.post("/mijn/beveiliging/", data)

    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)


def test_a_wrong_code_when_linking_an_app_links_nothing(http, me, world):
    http.get("/mijn/beveiliging/?stap=koppelen")

    response = http.post("/mijn/beveiliging/", {"stap": "koppelen", "token": "000000"})

    assert response.status_code == 422
    assert_page_refused(response)
    assert not TOTPDevice.objects.filter(user=world.users["client"], confirmed=True).exists()


@pytest.mark.parametrize("token", ["", "abcdef", "12 34", "1234567", NUL, HUGE_TEXT])
def test_a_bad_code_at_login_is_refused_in_dutch(world, login, token):
    """A client who switched the second step on, logged in with his password, types garbage."""
    TOTPDevice.objects.create(user=world.users["client"], name="authenticator", confirmed=True)
    http = login(world.users["client"])
    before = snapshot()

    response = http.post("/accounts/2fa/", {"token": token})

    assert response.status_code == 200
    assert_page_refused(response)
    assert_unchanged(before)
    assert http.get("/mijn/").status_code == 302  # still asked for the code


def test_an_empty_post_of_the_code_at_login_says_what_is_missing(world, login):
    TOTPDevice.objects.create(user=world.users["client"], name="authenticator", confirmed=True)
    http = login(world.users["client"])

    response = http.post("/accounts/2fa/", {})

    assert_page_refused(response)


@pytest.mark.parametrize("stap", ["", "uitzetten", "onbekend", NUL, HUGE_TEXT])
def test_other_security_steps_change_nothing(http, me, stap):
    before = snapshot()

    response = http.post("/mijn/beveiliging/", {"stap": stap, "password": "x"})

    assert response.status_code == 302
    assert_unchanged(before)


# --- GET parameters ------------------------------------------------------------------------------

GARBAGE_PAGES = ["", "0", "-1", "abc", "1.5", str(2**63), str(10**30), "\x00", "9" * 5000]


@pytest.mark.parametrize("path", ["/mijn/logboek/", "/mijn/inzage/", "/mijn/sollicitaties/"])
@pytest.mark.parametrize("page", GARBAGE_PAGES)
def test_a_garbage_page_number_shows_a_page(http, me, path, page):
    response = http.get(path, {"page": page})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [{"over": "x" * 5000}, {"over": NUL}, {"stap": "koppelen\x00"}, {"stap": HUGE_TEXT}],
)
@pytest.mark.parametrize("path", ["/mijn/gegevens/correctie/", "/mijn/beveiliging/"])
def test_garbage_query_parameters_show_the_page(http, me, path, params):
    assert http.get(path, params).status_code == 200


# --- his data, through the API -------------------------------------------------------------------


@pytest.fixture
def api(http):
    return http


def _profile_version(api, key: str) -> int:
    return api.get("/api/v1/me/profile/").json()["sections"][key]["version"]


PATCH_BAD_BODIES = [
    {},
    {"version": None, "data": {"phone": "0612345678"}},
    {"version": "een", "data": {"phone": "0612345678"}},
    {"version": [1], "data": {"phone": "0612345678"}},
    {"version": {"v": 1}, "data": {"phone": "0612345678"}},
    {"version": 1.5, "data": {"phone": "0612345678"}},
    {"version": 1, "data": None},
    {"version": 1, "data": []},
    {"version": 1, "data": "phone=0612345678"},
    {"version": 1, "data": {"phone": "bel me"}},
    {"version": 1, "data": {"phone": NUL}},
    {"version": 1, "data": {"phone": ["0612345678"]}},
    {"version": 1, "data": {"phone": {"nummer": "0612345678"}}},
    {"version": 1, "data": {"email": None}},
    {"version": 1, "data": {"email": ""}},
    {"version": 1, "data": {"email": "geen-adres"}},
    {"version": 1, "data": {"email": NUL + "@example.nl"}},
    {"version": 1, "data": {"email": ["a@example.nl", "b@example.nl"]}},
    {"version": 1, "data": {"email": HUGE_TEXT}},
    {"version": 1, "data": {"email": 12}},
    {"version": 1, "data": {"bsn": "123456782"}},
    {"version": 1, "data": {"first_name": "Hacker"}},
    {"version": 1, "data": {"": "x"}},
    {"version": 1, "data": {NUL: "x"}},
]


@pytest.mark.parametrize("body", PATCH_BAD_BODIES)
def test_a_bad_patch_of_his_contact_details_is_a_dutch_422(api, me, body):
    if isinstance(body.get("version"), int) and body["version"] == 1:
        body = body | {"version": _profile_version(api, "contact")}
    before = snapshot()

    response = api_send(api, "patch", "/me/profile/contact/", body)

    assert_api_refused(response, statuses=(422,))
    assert_unchanged(before)


PATCH_BAD_SECTION_DATA = [
    ("address", {"postcode": "ABCD"}),
    ("address", {"street": HUGE_TEXT}),
    ("address", {"street": NUL}),
    ("address", {"city": ["Zutphen"]}),
    ("address", {"house_number": {"nr": 1}}),
    ("education", {"highest_level": "professor"}),
    ("education", {"highest_level": None, "diplomas": NUL}),
    ("education", {"has_start_qualification": {"ja": True}}),
    ("skills", {"digital_skills": "hacker"}),
    ("skills", {"languages": 12 * [HUGE_TEXT[:1000]]}),
    ("wishes", {"hours_per_week": 2**63}),
    ("wishes", {"hours_per_week": -(2**63) - 1}),
    ("wishes", {"hours_per_week": "veertig"}),
    ("wishes", {"hours_per_week": [40]}),
    ("wishes", {"max_travel_minutes": 10**30}),
    ("wishes", {"max_travel_minutes": -1}),
    ("wishes", {"max_travel_minutes": 1.5}),
    ("wishes", {"notes": NUL}),
]


@pytest.mark.parametrize(("key", "data"), PATCH_BAD_SECTION_DATA)
def test_a_bad_patch_of_another_section_is_a_dutch_422(api, me, key, data):
    body = {"version": _profile_version(api, key), "data": data}
    before = snapshot()

    response = api_send(api, "patch", f"/me/profile/{key}/", body)

    assert_api_refused(response, statuses=(422,))
    assert_unchanged(before)


@pytest.mark.parametrize("version", [*HUGE_INTS, 0])
def test_a_patch_with_a_wrong_version_is_409_or_422(api, me, version):
    before = snapshot()

    response = api_send(
        api, "patch", "/me/profile/contact/", {"version": version, "data": {"phone": "0612345678"}}
    )

    assert_api_refused(response, statuses=(409, 422))
    assert_unchanged(before)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "{",
        "nul",
        "[]",
        '"tekst"',
        "{'version': 1}",
        '{"version": 1, "data": {"phone": "06"}',
        "\x00",
        '{"version": NaN, "data": {}}',
        '{"version": 1e400, "data": {}}',
    ],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("patch", "/me/profile/contact/"),
        ("post", "/me/profile/work-history/"),
        ("post", "/me/profile/correction/"),
        ("post", "/me/logbook/"),
    ],
)
def test_a_body_that_is_not_json_is_refused_in_dutch(api, me, raw, method, path):
    before = snapshot()

    response = api_send(api, method, path, raw, raw=True)

    assert_api_refused(response, statuses=(400, 422))
    assert_unchanged(before)


@pytest.mark.parametrize("value", WRONG_JSON_TYPES)
def test_a_body_of_the_wrong_type_is_a_dutch_422(api, me, own_note, value):
    before = snapshot()

    for method, path in (
        ("patch", "/me/profile/contact/"),
        ("post", "/me/profile/work-history/"),
        ("post", "/me/profile/correction/"),
        ("post", "/me/logbook/"),
        ("put", f"/me/logbook/{own_note.pk}/"),
    ):
        assert_api_refused(api_send(api, method, path, value), statuses=(400, 422))

    assert_unchanged(before)


def test_an_unknown_section_is_404_in_dutch(api, me):
    before = snapshot()

    for key in ("personal", "benefits", "x" * 2000, "%00"):
        response = api_send(api, "patch", f"/me/profile/{key}/", {"version": 1, "data": {}})
        assert_api_refused(response, statuses=(404,))

    assert_unchanged(before)


WORK_HISTORY_BAD_BODIES = [
    {},
    {"data": None},
    {"data": []},
    {"data": {}},
    {"data": {"employer_name": "Bakker", "position": "Verkoper"}},
    {"data": {"employer_name": "Bakker", "position": "Verkoper", "started_on": "2026-02-30"}},
    {"data": {"employer_name": "Bakker", "position": "Verkoper", "started_on": "31-31-2020"}},
    {"data": {"employer_name": "Bakker", "position": "Verkoper", "started_on": "9999-12-31"}},
    {"data": {"employer_name": "Bakker", "position": "Verkoper", "started_on": "0001-01-01"}},
    {"data": {"employer_name": "Bakker", "position": "Verkoper", "started_on": 20200101}},
    {"data": {"employer_name": NUL, "position": "Verkoper", "started_on": "2020-01-01"}},
    {"data": {"employer_name": HUGE_TEXT, "position": "Verkoper", "started_on": "2020-01-01"}},
    {
        "data": {
            "employer_name": "Bakker",
            "position": "Verkoper",
            "started_on": "2020-01-01",
            "hours_per_week": 2**63,
        }
    },
    {
        "data": {
            "employer_name": "Bakker",
            "position": "Verkoper",
            "started_on": "2020-01-01",
            "client": 1,
        }
    },
]


@pytest.mark.parametrize("body", WORK_HISTORY_BAD_BODIES)
def test_a_bad_line_of_work_history_is_a_dutch_422(api, me, body):
    before = snapshot()

    response = api_send(api, "post", "/me/profile/work-history/", body)

    assert_api_refused(response, statuses=(422,))
    assert_unchanged(before)


@pytest.mark.parametrize("version", ["", "abc", "1.5", str(2**63), str(-(2**63) - 1), "\x00"])
def test_removing_work_history_with_a_bad_version_changes_nothing_api(api, job, version):
    before = snapshot()

    response = api.delete(f"/api/v1/me/profile/work-history/{job.pk}/?version={version}")

    assert_api_refused(response, statuses=(409, 422))
    assert_unchanged(before)


@pytest.mark.parametrize("item_id", ["0", "abc", str(2**63), str(10**30), "-1"])
def test_removing_unknown_work_history_is_404_or_422(api, job, item_id):
    before = snapshot()

    response = api.delete(f"/api/v1/me/profile/work-history/{item_id}/?version=1")

    assert_api_refused(response, statuses=(404, 422))
    assert_unchanged(before)


CORRECTION_BAD_BODIES = [
    {},
    {"subject": "name"},
    {"subject": None, "text": "fout"},
    {"subject": ["name"], "text": "fout"},
    {"subject": "salaris", "text": "fout"},
    {"subject": "name", "text": ""},
    {"subject": "name", "text": NUL},
    {"subject": "name", "text": HUGE_TEXT},
    {"subject": "name", "text": {"nested": "object"}},
    {"subject": "name", "text": 12},
]


@pytest.mark.parametrize("body", CORRECTION_BAD_BODIES)
def test_a_bad_correction_request_is_a_dutch_422(api, me, body):
    before = snapshot()

    response = api_send(api, "post", "/me/profile/correction/", body)

    assert_api_refused(response, statuses=(422,))
    assert_unchanged(before)


# --- the logbook, through the API ----------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": None},
        {"text": ["a"]},
        {"text": {"a": 1}},
        *({"text": t} for t in NOTE_BAD_TEXTS),
    ],
)
def test_a_bad_note_is_a_dutch_422(api, me, body):
    before = snapshot()

    response = api_send(api, "post", "/me/logbook/", body)

    assert_api_refused(response, statuses=(422,))
    assert_unchanged(before)


@pytest.mark.parametrize(
    "body",
    [
        {"text": "Nieuw"},
        {"version": 1},
        {"text": "Nieuw", "version": None},
        {"text": "Nieuw", "version": "een"},
        {"text": "Nieuw", "version": [1]},
        {"text": NUL, "version": 1},
        {"text": HUGE_TEXT, "version": 1},
        {"text": "", "version": 1},
        *({"text": "Nieuw", "version": n} for n in HUGE_INTS),
    ],
)
def test_a_bad_edit_of_his_note_is_refused_api(api, own_note, body):
    before = snapshot()

    response = api_send(api, "put", f"/me/logbook/{own_note.pk}/", body)

    assert_api_refused(response, statuses=(409, 422))
    assert_unchanged(before)


@pytest.mark.parametrize("whose", ["coach", "system"])
def test_editing_anothers_entry_is_a_dutch_403_api(api, me, world, whose):
    if whose == "system":
        entry = record_event(actor=world.users["coach"], client=me, text="Afspraak geboekt")
    else:
        entry = LogEntryFactory(client=me, author=world.users["coach"], text="Van de coach")
    before = snapshot()

    response = api_send(api, "put", f"/me/logbook/{entry.pk}/", {"text": "x", "version": 1})

    assert_api_refused(response, statuses=(403,))
    assert_unchanged(before)


@pytest.mark.parametrize("entry_id", ["0", "abc", str(2**63), str(10**30), "-5"])
def test_editing_an_unknown_entry_is_404_or_422_api(api, own_note, entry_id):
    before = snapshot()

    response = api_send(api, "put", f"/me/logbook/{entry_id}/", {"text": "x", "version": 1})

    assert_api_refused(response, statuses=(404, 422))
    assert_unchanged(before)


@pytest.mark.parametrize("path", ["/me/logbook/", "/me/access-events/"])
@pytest.mark.parametrize("page", GARBAGE_PAGES)
def test_a_garbage_page_number_in_the_api_is_a_page_or_a_dutch_422(api, me, path, page):
    response = api.get(f"/api/v1{path}", {"page": page})

    if response.status_code != 200:
        assert_api_refused(response, statuses=(422,))


# --- invitation links ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    ["x", "a" * 43, "a" * 5000, "..", "%00", "%C0%AF", "é€\U0001d518", "<script>alert(1)<script>"],
)
def test_a_malformed_invitation_link_is_refused_in_dutch(world, token):
    before = snapshot()

    get = HttpClient().get(f"/accounts/uitnodiging/{token}/")
    post = HttpClient().post(
        f"/accounts/uitnodiging/{token}/",
        {"new_password1": "Zonnebloem-Akker-93", "new_password2": "Zonnebloem-Akker-93"},
    )

    for response in (get, post):
        assert response.status_code in (404, 410)
        page = response.content.decode()
        assert "<script>alert(1)" not in page
        assert "uitnodiging" in page.lower() or "link" in page.lower()
    assert_unchanged(before)


@pytest.fixture
def invitation_token(world, login, django_capture_on_commit_callbacks):
    """A fresh invitation of world.own_client; the token as the e-mail gives it."""
    with django_capture_on_commit_callbacks(execute=True):
        login(world.users["coach"]).post(f"/accounts/klanten/{world.own_client.pk}/uitnodigen/")
    token = re.search(r"/accounts/uitnodiging/([^/\s]+)/", mail.outbox[-1].body)[1]
    mail.outbox.clear()
    return token


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"new_password1": "Zonnebloem-Akker-93"},
        {"new_password1": "Zonnebloem-Akker-93", "new_password2": "Zonnebloem-Akker-94"},
        {"new_password1": "kort", "new_password2": "kort"},
        {"new_password1": NUL * 8, "new_password2": NUL * 8},
        {"new_password1": "12345678901", "new_password2": "12345678901"},
        {"new_password1": "wachtwoord", "new_password2": "wachtwoord"},
    ],
)
def test_a_bad_password_on_the_invitation_page_is_refused(world, invitation_token, data):
    before = snapshot()

    response = HttpClient().post(f"/accounts/uitnodiging/{invitation_token}/", data)

    assert response.status_code == 200
    assert_page_refused(response)
    assert_unchanged(before)


def test_the_link_works_once_and_then_is_refused(world, invitation_token):
    url = f"/accounts/uitnodiging/{invitation_token}/"
    password = {"new_password1": "Zonnebloem-Akker-93", "new_password2": "Zonnebloem-Akker-93"}
    assert HttpClient().post(url, password).status_code == 302
    before = snapshot()

    again = HttpClient().post(url, password)

    assert again.status_code == 410
    assert "al gebruikt" in again.content.decode() or "niet meer" in again.content.decode()
    assert_unchanged(before)


@pytest.mark.parametrize("password", ["kort", "12345678901", "wachtwoord", NUL * 8])
def test_a_bad_password_on_the_reset_page_is_refused_in_dutch(world, password):
    user = world.users["client"]
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    http = HttpClient()
    opened = http.get(f"/accounts/wachtwoord-herstellen/{uid}/{token}/", follow=True)
    before = snapshot()

    response = http.post(
        opened.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )

    assert response.status_code == 200
    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize(
    "email",
    ["", "geen-adres", NUL + "@example.nl", HUGE_TEXT, "a@" + "b" * 300 + ".nl", "<b>@x.nl"],
)
def test_a_bad_address_for_a_password_reset_is_refused_in_dutch(world, email):
    before = snapshot()

    response = HttpClient().post("/accounts/wachtwoord-vergeten/", {"email": email})

    assert_page_refused(response)
    assert_unchanged(before)


@pytest.mark.parametrize(
    ("uid", "token"),
    [("x", "y"), ("MQ", "a" * 5000), ("%00", "set-password"), ("A" * 5000, "abc-def")],
)
def test_a_malformed_password_reset_link_is_refused(world, uid, token):
    before = snapshot()

    response = HttpClient().get(f"/accounts/wachtwoord-herstellen/{uid}/{token}/", follow=True)

    assert response.status_code == 200
    assert "new_password1" not in response.content.decode()
    assert_unchanged(before)


@pytest.mark.parametrize("doel", ["onbekend", "x" * 5000, NUL, "verantwoording&x=1#frag"])
def test_a_garbage_purpose_when_inviting_changes_nothing(world, login, doel):
    coach = login(world.users["coach"])
    mail.outbox.clear()
    before = snapshot()

    response = coach.post(
        f"/accounts/klanten/{world.own_client.pk}/uitnodigen/?doel={doel}", {"doel": doel}
    )

    assert response.status_code == 404
    assert_unchanged(before)


def test_assert_dutch_catches_english():
    with pytest.raises(AssertionError):
        assert_dutch("This field is required.")
    with pytest.raises(AssertionError):
        assert_dutch("Input should be a valid integer")
    assert_dutch("Dit veld is verplicht.")
