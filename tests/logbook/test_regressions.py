"""Regression tests for bugs found in review, each named for the behaviour it guards."""

from werkplein.logbook.models import EntryKind, LogEntry


def test_system_entries_cannot_be_rewritten_by_the_actor(world, login):
    """A system entry records a change to the dossier; its 'author' is who made the change."""
    http = login(world.users["coach"])
    http.post(
        f"/klanten/{world.own_client.pk}/onderdelen/education/wijzigen/",
        {"version": "1", "education-highest_level": "mbo2"},
    )
    entry = LogEntry.objects.get(client=world.own_client, kind=EntryKind.SYSTEM)
    original = entry.text

    response = http.post(
        f"/klanten/{world.own_client.pk}/logboek/{entry.pk}/wijzigen/",
        {"version": "1", "text": "Er is niets gewijzigd.", "kind": "note", "visibility": "client"},
    )

    assert response.status_code in (403, 404)
    entry.refresh_from_db()
    assert (entry.kind, entry.text, entry.version) == (EntryKind.SYSTEM, original, 1)
