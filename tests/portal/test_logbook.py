"""The shared logbook: he reads what is visible to him, writes and corrects his own notes."""

import pytest

from werkplein.logbook.models import EntryKind, LogEntry, LogEntryVersion, Visibility
from werkplein.logbook.services import record_event

from ..factories import LogEntryFactory

LOGBOOK = "/mijn/logboek/"


def _edit(entry) -> str:
    return f"/mijn/logboek/{entry.pk}/wijzigen/"


@pytest.fixture
def entries(me, world):
    coach = world.users["coach"]
    return {
        "coach": LogEntryFactory(client=me, author=coach, text="Gesprek gehad over cv"),
        "internal": LogEntryFactory(
            client=me, author=coach, text="GEHEIM intern", visibility=Visibility.INTERNAL
        ),
        "system": record_event(actor=coach, client=me, text="Afspraak geboekt"),
        "other_client": LogEntryFactory(client=world.own_client, text="Andere klant"),
        "own": LogEntryFactory(
            client=me,
            author=world.users["client"],
            author_kind="client",
            text="Gesolliciteerd bij de bakker",
        ),
        "teammate": LogEntryFactory(client=me, author=world.users["teammate"], text="Van UWV"),
    }


def test_he_reads_what_is_visible_to_him_with_plain_authors(http, entries, world):
    html = http.get(LOGBOOK).content.decode()

    assert "Gesprek gehad over cv" in html
    assert "Afspraak geboekt" in html
    assert "Gesolliciteerd bij de bakker" in html
    assert "GEHEIM" not in html
    assert "Andere klant" not in html
    assert "Uw coach" in html
    assert "UWV" in html  # the teammate's organisation, not his username
    assert world.users["teammate"].username not in html


def test_newest_first_and_paginated(http, me):
    for n in range(25):
        LogEntryFactory(client=me, text=f"Regel nummer {n:02d}")

    first = http.get(LOGBOOK).content.decode()
    second = http.get(LOGBOOK + "?page=2").content.decode()

    assert "Pagina 1 van 2" in first
    assert first.index("Regel nummer") < first.index("Pagina")
    assert "Regel nummer 00" in second


def test_he_adds_a_note_visible_to_him_and_his_coach(http, me, world):
    response = http.post(LOGBOOK, {"text": "Gesolliciteerd bij Albert Heijn"})

    assert response.status_code == 302
    entry = LogEntry.objects.get(client=me, text="Gesolliciteerd bij Albert Heijn")
    assert (entry.kind, entry.visibility) == (EntryKind.NOTE, Visibility.CLIENT)
    assert entry.author == world.users["client"]
    coach_view = world.users["coach"]
    from werkplein.logbook.selectors import log_entries_for

    assert entry in log_entries_for(coach_view, me)


def test_an_empty_note_is_refused_in_dutch(http, me):
    response = http.post(LOGBOOK, {"text": "   "})

    assert response.status_code == 422
    assert "Schrijf eerst iets." in response.content.decode()
    assert not LogEntry.objects.filter(client=me).exists()


def test_he_edits_his_own_note_and_the_version_is_kept(http, entries):
    own = entries["own"]

    response = http.post(_edit(own), {"text": "Gesolliciteerd bij de slager", "version": 1})

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.text == "Gesolliciteerd bij de slager"
    assert own.version == 2
    old = LogEntryVersion.objects.get(entry=own)
    assert old.text == "Gesolliciteerd bij de bakker"
    versions = http.get(f"/mijn/logboek/{own.pk}/versies/").content.decode()
    assert "Gesolliciteerd bij de bakker" in versions
    assert "Gesolliciteerd bij de slager" in versions


def test_a_stale_edit_is_refused_with_a_clear_message(http, entries):
    own = entries["own"]
    http.post(_edit(own), {"text": "Eerste correctie", "version": 1})

    response = http.post(_edit(own), {"text": "Tweede correctie", "version": 1})

    assert response.status_code == 409
    assert "Deze regel is intussen gewijzigd" in response.content.decode()
    own.refresh_from_db()
    assert own.text == "Eerste correctie"


@pytest.mark.parametrize("key", ["coach", "system", "teammate"])
def test_editing_anothers_or_a_generated_entry_is_refused(http, entries, key):
    entry = entries[key]
    before = (entry.text, entry.version)

    response = http.post(
        _edit(entry), {"text": "Overschreven", "version": entry.version}, follow=True
    )

    assert response.status_code == 200
    assert "u kunt alleen uw eigen berichten aanpassen" in response.content.decode()
    entry.refresh_from_db()
    assert (entry.text, entry.version) == before
    assert not LogEntryVersion.objects.filter(entry=entry).exists()


@pytest.mark.parametrize("key", ["internal", "other_client"])
def test_entries_he_cannot_see_are_not_found(http, entries, key):
    entry = entries[key]

    assert http.get(_edit(entry)).status_code == 404
    assert http.post(_edit(entry), {"text": "x", "version": 1}).status_code == 404
    assert http.get(f"/mijn/logboek/{entry.pk}/versies/").status_code == 404
    entry.refresh_from_db()
    assert entry.text != "x"


def test_versions_of_a_coach_entry_visible_to_him_can_be_read(http, entries, world):
    from werkplein.logbook.services import edit_log_entry

    entry = entries["coach"]
    edit_log_entry(
        actor=world.users["coach"],
        entry=entry,
        text="Gesprek gehad over cv en brief",
        kind=entry.kind,
        visibility=entry.visibility,
        expected_version=1,
    )

    html = http.get(f"/mijn/logboek/{entry.pk}/versies/").content.decode()

    assert "Gesprek gehad over cv" in html
    assert "Uw coach" in html


def test_query_count_does_not_grow_with_entries(http, me, world, django_assert_max_num_queries):
    for n in range(15):
        LogEntryFactory(client=me, author=world.users["teammate"], text=f"Regel {n}")
        LogEntryFactory(client=me, author=world.users["coach"], text=f"Coach {n}")

    with django_assert_max_num_queries(14):
        assert http.get(LOGBOOK).status_code == 200
