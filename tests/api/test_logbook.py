"""The logbook through the API: newest first, internal entries only for those who may read them."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import LogEntryFactory
from werkplein.logbook.models import EntryKind, LogEntry, Visibility


def _url(client) -> str:
    return f"/clients/{client.pk}/logbook/"


@pytest.fixture
def entries(world):
    """An internal note and a client-visible contact, an hour apart, by the coach."""
    coach, client = world.users["coach"], world.own_client
    now = timezone.now()
    internal = LogEntryFactory(
        client=client,
        author=coach,
        visibility=Visibility.INTERNAL,
        text="Vermoeden van schulden.",
        occurred_at=now - datetime.timedelta(hours=2),
    )
    visible = LogEntryFactory(
        client=client,
        author=coach,
        kind=EntryKind.CONTACT,
        text="Gebeld over de sollicitatie.",
        occurred_at=now - datetime.timedelta(hours=1),
    )
    return internal, visible


class TestRead:
    def test_newest_first_with_author(self, world, api_as, entries):
        internal, visible = entries
        response = api_as(world.users["coach"]).get(_url(world.own_client))
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 2
        assert [item["id"] for item in body["items"]] == [visible.pk, internal.pk]
        assert body["items"][0] == {
            "id": visible.pk,
            "kind": "contact",
            "visibility": "client",
            "text": "Gebeld over de sollicitatie.",
            "occurred_at": body["items"][0]["occurred_at"],
            "author_name": str(world.users["coach"]),
            "author_kind": "staff",
            "version": 1,
        }
        shown = datetime.datetime.fromisoformat(body["items"][0]["occurred_at"])
        assert abs(shown - visible.occurred_at) < datetime.timedelta(milliseconds=1)

    def test_filter_on_kind(self, world, api_as, entries):
        response = api_as(world.users["coach"]).get(_url(world.own_client), kind="contact")
        assert [item["id"] for item in response.json()["items"]] == [entries[1].pk]

    def test_back_office_never_gets_internal_entries(self, world, api_as, entries):
        response = api_as(world.users["back_office"]).get(_url(world.own_client))
        assert response.status_code == 200
        assert [item["id"] for item in response.json()["items"]] == [entries[1].pk]
        assert response.json()["count"] == 1
        internal_only = api_as(world.users["back_office"]).get(_url(world.own_client), kind="note")
        assert internal_only.json() == {"items": [], "count": 0}

    def test_the_quality_officer_reads_internal_entries_of_his_sample(self, world, api_as):
        entry = LogEntryFactory(client=world.sampled_client, visibility=Visibility.INTERNAL)
        response = api_as(world.users["quality_officer"]).get(_url(world.sampled_client))
        assert [item["id"] for item in response.json()["items"]] == [entry.pk]

    def test_pages_with_a_constant_number_of_queries(
        self, world, api_as, django_assert_max_num_queries
    ):
        coach, client = world.users["coach"], world.own_client
        api = api_as(coach)
        LogEntryFactory(client=client, author=coach)
        with django_assert_max_num_queries(12):
            api.get(_url(client))
        LogEntryFactory.create_batch(70, client=client, author=world.users["teammate"])
        with django_assert_max_num_queries(12):
            response = api.get(_url(client))
        assert response.json()["count"] == 71
        assert len(response.json()["items"]) == 50
        assert len(api.get(_url(client), page=2).json()["items"]) == 21


class TestWrite:
    def test_a_coach_writes_an_entry(self, world, api_as):
        client = world.own_client
        body = {"kind": "contact", "visibility": "client", "text": "  Gebeld.  "}
        response = api_as(world.users["coach"]).post(_url(client), body)
        assert response.status_code == 201, response.content
        entry = LogEntry.objects.get(client=client)
        assert response.json()["id"] == entry.pk
        assert (entry.text, entry.author, entry.kind) == (
            "Gebeld.",
            world.users["coach"],
            "contact",
        )
        client.refresh_from_db()
        assert client.last_contact_at == entry.occurred_at  # a contact counts for the caseload

    def test_back_office_writes_and_reads_back_his_own_internal_entry(self, world, api_as):
        api = api_as(world.users["back_office"])
        body = {"kind": "note", "visibility": "internal", "text": "Uitkering herzien."}
        assert api.post(_url(world.own_client), body).status_code == 201
        assert api.get(_url(world.own_client)).json()["count"] == 1

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"kind": "note", "visibility": "client", "text": "   "}, "text"),
            ({"kind": "system", "visibility": "internal", "text": "Nep"}, "kind"),
            ({"kind": "gossip", "visibility": "client", "text": "Hoi"}, "kind"),
            ({"kind": "note", "visibility": "everyone", "text": "Hoi"}, "visibility"),
            ({"kind": "note", "visibility": "client", "text": "x" * 10_001}, "text"),
            ({"kind": "note", "text": "Hoi"}, "visibility"),
        ],
    )
    def test_bad_input_is_422_and_nothing_is_written(self, world, api_as, body, field):
        response = api_as(world.users["coach"]).post(_url(world.own_client), body)
        assert response.status_code == 422
        assert field in response.json()["errors"]
        assert not LogEntry.objects.exists()
