"""/api/v1/me/: the same rules as the pages; only client accounts; Dutch errors."""

import json

import pytest
from django.core import mail

from werkplein.clients.models import Client, Job
from werkplein.logbook.models import LogEntry, Visibility
from werkplein.logbook.services import record_event

from ..factories import LogEntryFactory

ENDPOINTS = [
    ("get", "/api/v1/me/profile/", None),
    ("patch", "/api/v1/me/profile/contact/", {"version": 1, "data": {}}),
    ("post", "/api/v1/me/profile/correction/", {"subject": "bsn", "text": "fout"}),
    ("post", "/api/v1/me/profile/work-history/", {"data": {}}),
    ("get", "/api/v1/me/logbook/", None),
    ("post", "/api/v1/me/logbook/", {"text": "x"}),
    ("put", "/api/v1/me/logbook/1/", {"text": "x", "version": 1}),
    ("get", "/api/v1/me/access-events/", None),
    ("get", "/api/v1/me/export/", None),
]


def _call(http, method, path, body=None):
    if body is None:
        return getattr(http, method)(path)
    return getattr(http, method)(path, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    "role", ["coach", "team_lead", "back_office", "security_officer", "provider_staff", "employer"]
)
def test_anyone_but_a_client_gets_404(world, login, role):
    http = login(world.users[role])
    for method, path, body in ENDPOINTS:
        response = _call(http, method, path, body)
        assert response.status_code == 404, (role, path)


def test_anonymous_gets_401(db, client):
    assert client.get("/api/v1/me/profile/").status_code == 401


def test_profile_has_his_sections_with_versions(http, me):
    data = http.get("/api/v1/me/profile/").json()

    assert data["personal"]["bsn"] == me.bsn
    assert set(data["sections"]) == {"contact", "address", "education", "skills", "wishes"}
    assert data["sections"]["contact"] == {
        "version": me.version,
        "data": {"phone": "", "email": me.email},
    }


class TestPatch:
    def test_a_change_is_saved_logged_for_him_and_told_to_the_coach(
        self, http, me, world, on_commit
    ):
        with on_commit():
            response = _call(
                http,
                "patch",
                "/api/v1/me/profile/address/",
                {"version": me.version, "data": {"postcode": "7201 nl", "city": "Zutphen"}},
            )

        assert response.status_code == 200, response.content
        assert response.json()["data"]["postcode"] == "7201 NL"
        assert response.json()["version"] == me.version + 1
        entry = LogEntry.objects.filter(client=me).latest("id")
        assert entry.visibility == Visibility.CLIENT
        assert "7201 NL" in entry.text
        assert mail.outbox[0].to == [world.users["coach"].email]

    def test_the_version_is_required(self, http, me):
        response = _call(http, "patch", "/api/v1/me/profile/contact/", {"data": {"phone": ""}})

        assert response.status_code == 422
        assert response.json()["errors"]["version"] == ["Dit veld is verplicht."]

    @pytest.mark.parametrize(
        ("key", "data", "field"),
        [
            ("contact", {"phone": "12"}, "phone"),
            ("contact", {"email": "geen-adres"}, "email"),
            ("address", {"postcode": "12345"}, "postcode"),
            ("contact", {"bsn": "111222333"}, "bsn"),
            ("address", {"last_name": "Anders"}, "last_name"),
            ("contact", {"municipality": 1}, "municipality"),
        ],
    )
    def test_invalid_or_read_only_fields_are_refused_and_change_nothing(
        self, http, me, key, data, field, on_commit
    ):
        with on_commit():
            response = _call(
                http, "patch", f"/api/v1/me/profile/{key}/", {"version": me.version, "data": data}
            )

        assert response.status_code == 422
        body = response.json()
        assert body["detail"] == "De invoer is niet geldig."
        assert field in body["errors"]
        fresh = Client.objects.get(pk=me.pk)
        assert (fresh.version, fresh.bsn, fresh.last_name) == (me.version, me.bsn, me.last_name)
        assert not mail.outbox

    def test_a_section_that_is_not_his_is_404(self, http, me):
        for key in ("personal", "benefits", "guidance"):
            response = _call(
                http, "patch", f"/api/v1/me/profile/{key}/", {"version": 1, "data": {}}
            )
            assert response.status_code == 404

    def test_a_stale_version_is_409_with_the_newest_data(self, http, me):
        Client.objects.filter(pk=me.pk).update(city="Lochem", version=me.version + 1)

        response = _call(
            http,
            "patch",
            "/api/v1/me/profile/address/",
            {"version": me.version, "data": {"city": "Zutphen"}},
        )

        assert response.status_code == 409
        assert response.json()["data"]["city"] == "Lochem"
        assert "net gewijzigd" in response.json()["detail"]
        assert Client.objects.get(pk=me.pk).city == "Lochem"


def test_work_history_add_and_remove(http, me):
    added = _call(
        http,
        "post",
        "/api/v1/me/profile/work-history/",
        {"data": {"employer_name": "Bakker", "position": "Verkoper", "started_on": "2020-01-01"}},
    )
    job_id = added.json()["id"]

    removed = http.delete(f"/api/v1/me/profile/work-history/{job_id}/?version=1")

    assert added.status_code == 201
    assert removed.status_code == 204
    assert not Job.objects.filter(pk=job_id).exists()


def test_correction_request(http, me, on_commit):
    with on_commit():
        response = _call(
            http,
            "post",
            "/api/v1/me/profile/correction/",
            {"subject": "name", "text": "Mijn achternaam is met ij."},
        )

    assert response.status_code == 201
    assert "Verzoek om correctie: Mijn naam" in response.json()["text"]
    assert len(mail.outbox) == 1


def test_a_bad_correction_request_is_422(http, me):
    response = _call(http, "post", "/api/v1/me/profile/correction/", {"subject": "x", "text": ""})

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"subject", "text"}


class TestLogbook:
    @pytest.fixture
    def entries(self, me, world):
        return {
            "coach": LogEntryFactory(client=me, author=world.users["coach"], text="Zichtbaar"),
            "internal": LogEntryFactory(
                client=me,
                author=world.users["coach"],
                text="GEHEIM",
                visibility=Visibility.INTERNAL,
            ),
            "system": record_event(actor=world.users["coach"], client=me, text="Geboekt"),
            "other": LogEntryFactory(client=world.own_client, text="Andere klant"),
        }

    def test_list_never_holds_internal_or_anothers_entries(self, http, entries):
        data = http.get("/api/v1/me/logbook/").json()

        texts = {item["text"] for item in data["items"]}
        assert texts == {"Zichtbaar", "Geboekt"}
        assert data["count"] == 2
        assert {item["author"] for item in data["items"]} == {"Uw coach"}

    def test_add_and_edit_his_own_note(self, http, me):
        added = _call(http, "post", "/api/v1/me/logbook/", {"text": "Gebeld met uitzendbureau"})
        entry_id = added.json()["id"]

        edited = _call(
            http,
            "put",
            f"/api/v1/me/logbook/{entry_id}/",
            {"text": "Gebeld met twee uitzendbureaus", "version": 1},
        )
        stale = _call(http, "put", f"/api/v1/me/logbook/{entry_id}/", {"text": "Oud", "version": 1})

        assert added.status_code == 201
        assert added.json()["author"] == "U"
        assert added.json()["editable"] is True
        assert edited.status_code == 200
        assert edited.json()["version"] == 2
        assert stale.status_code == 409
        assert LogEntry.objects.get(pk=entry_id).text == "Gebeld met twee uitzendbureaus"

    def test_an_empty_note_is_422(self, http, me):
        response = _call(http, "post", "/api/v1/me/logbook/", {"text": ""})

        assert response.status_code == 422
        assert not LogEntry.objects.filter(client=me).exists()

    @pytest.mark.parametrize("key", ["coach", "system"])
    def test_editing_anothers_or_a_generated_entry_is_403(self, http, entries, key):
        entry = entries[key]

        response = _call(
            http, "put", f"/api/v1/me/logbook/{entry.pk}/", {"text": "Anders", "version": 1}
        )

        assert response.status_code == 403
        assert "eigen berichten" in response.json()["detail"]
        entry.refresh_from_db()
        assert entry.text != "Anders"

    @pytest.mark.parametrize("key", ["internal", "other"])
    def test_an_entry_he_cannot_see_is_404(self, http, entries, key):
        entry = entries[key]

        response = _call(
            http, "put", f"/api/v1/me/logbook/{entry.pk}/", {"text": "Anders", "version": 1}
        )

        assert response.status_code == 404
        entry.refresh_from_db()
        assert entry.text != "Anders"


def test_access_events_show_others_reads_only(http, me, world, login):
    login(world.users["coach"]).get(f"/klanten/{me.pk}/")
    login(world.users["coach"]).get(f"/klanten/{world.own_client.pk}/")
    http.get("/mijn/gegevens/")

    data = http.get("/api/v1/me/access-events/").json()

    assert data["count"] == 1
    event = data["items"][0]
    assert event["organisation"] == "Gemeente Zutphen"
    assert event["role"] == "Werkcoach"
    assert event["purpose"] == "Begeleiding naar werk"
    assert event["name"] == ""


def test_export_is_the_same_document_as_the_download(http, me, world):
    LogEntryFactory(client=me, text="GEHEIM", visibility=Visibility.INTERNAL)
    LogEntryFactory(client=me, text="Zichtbaar")

    api = http.get("/api/v1/me/export/").json()
    download = json.loads(http.get("/mijn/gegevens/download.json").content)

    api.pop("exported_at")
    download.pop("exported_at")
    # The download was made after the API call, so it may list that call's read... of his own:
    # never, since his own reads are not access events of others.
    assert api == download
    assert "GEHEIM" not in json.dumps(api)
