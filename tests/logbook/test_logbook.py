"""The logbook of a client: who wrote what, when, for whom; corrections keep earlier versions."""

import datetime
import inspect

import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone

from werkplein.clients import urls as client_urls
from werkplein.logbook import services
from werkplein.logbook.models import AuthorKind, EntryKind, LogEntry, LogEntryVersion, Visibility

from ..factories import LogEntryFactory


def _dossier(client) -> str:
    return f"/klanten/{client.pk}/"


def _edit_url(entry) -> str:
    return f"/klanten/{entry.client_id}/logboek/{entry.pk}/wijzigen/"


def _history_url(entry) -> str:
    return f"/klanten/{entry.client_id}/logboek/{entry.pk}/versies/"


def _shown(response) -> list[int]:
    return [entry.pk for entry in response.context["entries"].object_list]


@pytest.fixture
def entry_by_coach(world):
    return LogEntryFactory(
        client=world.own_client,
        author=world.users["coach"],
        kind=EntryKind.CONTACT,
        text="Telefonisch gesproken over sollicitaties.",
    )


def _entries(client, count: int, **values) -> list[LogEntry]:
    now = timezone.now()
    return [
        LogEntryFactory(client=client, occurred_at=now - datetime.timedelta(hours=n), **values)
        for n in range(count)
    ]


def test_coach_writes_an_entry_with_author_kind_visibility_and_time(world, login):
    before = timezone.now()

    response = login(world.users["coach"]).post(
        f"/klanten/{world.own_client.pk}/logboek/",
        {
            "text": "Gesprek over vacature heftruckchauffeur.",
            "kind": "contact",
            "visibility": "internal",
        },
    )

    assert response.status_code == 302
    entry = LogEntry.objects.get(client=world.own_client)
    assert entry.author == world.users["coach"]
    assert entry.author_kind == AuthorKind.STAFF
    assert (entry.kind, entry.visibility) == (EntryKind.CONTACT, Visibility.INTERNAL)
    assert before <= entry.occurred_at <= timezone.now()
    assert entry.werkplein == world.own_client.werkplein


def test_dossier_shows_the_entry_with_its_author_kind_and_time(world, login, entry_by_coach):
    html = login(world.users["teammate"]).get(_dossier(world.own_client)).content.decode()

    assert "Telefonisch gesproken over sollicitaties." in html
    assert str(world.users["coach"]) in html
    assert "Contact" in html
    assert f'<time datetime="{timezone.localtime(entry_by_coach.occurred_at).isoformat()}"' in html


def test_contact_entry_moves_the_last_contact(world, login):
    login(world.users["coach"]).post(
        f"/klanten/{world.own_client.pk}/logboek/",
        {"text": "Gebeld.", "kind": "contact", "visibility": "client"},
    )

    world.own_client.refresh_from_db()
    assert world.own_client.last_contact_at is not None
    assert world.own_client.next_contact_due > timezone.localdate()


def test_empty_text_is_refused_with_a_dutch_message(world, login):
    http = login(world.users["coach"])

    response = http.post(
        f"/klanten/{world.own_client.pk}/logboek/",
        {"text": "  ", "kind": "note", "visibility": "client"},
        follow=True,
    )

    assert "Schrijf een tekst voor de logboekregel." in response.content.decode()
    assert not LogEntry.objects.filter(client=world.own_client).exists()


def test_people_cannot_write_system_entries(world, login):
    login(world.users["coach"]).post(
        f"/klanten/{world.own_client.pk}/logboek/",
        {"text": "Nep-systeemregel", "kind": "system", "visibility": "client"},
    )

    assert not LogEntry.objects.filter(client=world.own_client).exists()


def test_htmx_entry_returns_only_the_logbook(world, login):
    response = login(world.users["coach"]).post(
        f"/klanten/{world.own_client.pk}/logboek/",
        {"text": "Gebeld.", "kind": "contact", "visibility": "client"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card logbook" id="logbook"')
    assert "Gebeld." in html


def test_entries_are_shown_newest_first(world, login):
    oldest, newest, middle = (
        LogEntryFactory(client=world.own_client, occurred_at=timezone.now() - delta)
        for delta in (
            datetime.timedelta(days=3),
            datetime.timedelta(minutes=5),
            datetime.timedelta(days=1),
        )
    )

    response = login(world.users["coach"]).get(_dossier(world.own_client))

    assert _shown(response) == [newest.pk, middle.pk, oldest.pk]


def test_logbook_is_paged_by_twenty_five(world, login):
    entries = _entries(world.own_client, 30)
    http = login(world.users["coach"])

    first = http.get(_dossier(world.own_client))
    second = http.get(_dossier(world.own_client), {"page": "2"})

    assert _shown(first) == [e.pk for e in entries[:25]]
    assert _shown(second) == [e.pk for e in entries[25:]]


def test_logbook_filters_on_kind(world, login):
    contacts = _entries(world.own_client, 2, kind=EntryKind.CONTACT)
    _entries(world.own_client, 3, kind=EntryKind.NOTE)

    response = login(world.users["coach"]).get(_dossier(world.own_client), {"kind": "contact"})

    assert sorted(_shown(response)) == sorted(e.pk for e in contacts)


def test_logbook_filter_with_nothing_to_show_says_so(world, login):
    _entries(world.own_client, 2, kind=EntryKind.NOTE)

    response = login(world.users["coach"]).get(_dossier(world.own_client), {"kind": "decision"})

    assert "Geen logboekregels van deze soort." in response.content.decode()


# Corrections.


def _edit(http, entry, text="Gecorrigeerde tekst.", version=1, kind="contact"):
    data = {"text": text, "kind": kind, "visibility": "client", "version": str(version)}
    return http.post(_edit_url(entry), data)


def test_editing_an_own_entry_replaces_the_text(world, login, entry_by_coach):
    response = _edit(login(world.users["coach"]), entry_by_coach)

    assert response.status_code == 302
    entry_by_coach.refresh_from_db()
    assert entry_by_coach.text == "Gecorrigeerde tekst."
    assert entry_by_coach.version == 2
    assert entry_by_coach.edited_by == world.users["coach"]


def test_editing_keeps_the_earlier_version(world, login, entry_by_coach):
    _edit(login(world.users["coach"]), entry_by_coach)

    earlier = LogEntryVersion.objects.get(entry=entry_by_coach)
    assert earlier.version == 1
    assert earlier.text == "Telefonisch gesproken over sollicitaties."
    assert earlier.written_by == world.users["coach"]


def test_two_edits_keep_two_earlier_versions(world, login, entry_by_coach):
    http = login(world.users["coach"])
    _edit(http, entry_by_coach, text="Tweede versie.", version=1)
    _edit(http, entry_by_coach, text="Derde versie.", version=2)

    versions = LogEntryVersion.objects.filter(entry=entry_by_coach).order_by("version")
    assert [(v.version, v.text) for v in versions] == [
        (1, "Telefonisch gesproken over sollicitaties."),
        (2, "Tweede versie."),
    ]


def test_history_page_lists_every_version(world, login, entry_by_coach):
    http = login(world.users["coach"])
    _edit(http, entry_by_coach)

    response = http.get(_history_url(entry_by_coach))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Telefonisch gesproken over sollicitaties." in html
    assert "Gecorrigeerde tekst." in html
    assert "Versie 2 (huidig)" in html
    assert "Versie 1" in html


def test_dossier_links_an_edited_entry_to_its_history(world, login, entry_by_coach):
    http = login(world.users["coach"])
    _edit(http, entry_by_coach)

    html = http.get(_dossier(world.own_client)).content.decode()

    assert _history_url(entry_by_coach) in html


def test_editing_someone_elses_entry_is_forbidden(world, login, entry_by_coach):
    http = login(world.users["teammate"])

    opening = http.get(_edit_url(entry_by_coach))
    saving = _edit(http, entry_by_coach, text="Overschreven door collega.")

    assert (opening.status_code, saving.status_code) == (403, 403)
    entry_by_coach.refresh_from_db()
    assert entry_by_coach.text == "Telefonisch gesproken over sollicitaties."
    assert not LogEntryVersion.objects.exists()


def test_editing_with_a_stale_version_is_a_conflict(world, login, entry_by_coach):
    http = login(world.users["coach"])
    _edit(http, entry_by_coach, text="Eerst in een ander tabblad.", version=1)

    response = _edit(http, entry_by_coach, text="Later, op basis van versie 1.", version=1)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Deze regel is intussen gewijzigd." in html
    assert "Eerst in een ander tabblad." in html
    entry_by_coach.refresh_from_db()
    assert (entry_by_coach.text, entry_by_coach.version) == ("Eerst in een ander tabblad.", 2)


@pytest.mark.parametrize("version", ["", "abc", "1.0", " "])
def test_missing_or_garbage_version_on_entry_edit_is_refused(world, login, version):
    entry = LogEntryFactory(
        client=world.own_client, author=world.users["coach"], kind=EntryKind.NOTE, text="Oud."
    )
    data = {"text": "Nieuw.", "kind": "note", "visibility": "client", "version": version}

    response = login(world.users["coach"]).post(
        f"/klanten/{world.own_client.pk}/logboek/{entry.pk}/wijzigen/", data
    )

    assert response.status_code in (400, 409, 422)
    entry.refresh_from_db()
    assert (entry.text, entry.version) == ("Oud.", 1)
    assert not LogEntryVersion.objects.exists()


def test_editing_an_entry_of_another_client_through_this_dossier_is_not_found(
    world, login, entry_by_coach
):
    url = f"/klanten/{world.teammate_client.pk}/logboek/{entry_by_coach.pk}/wijzigen/"

    response = login(world.users["coach"]).post(
        url, {"text": "x", "kind": "note", "visibility": "client", "version": "1"}
    )

    assert response.status_code == 404
    entry_by_coach.refresh_from_db()
    assert entry_by_coach.version == 1


# Never deleted.


def test_no_route_deletes_a_log_entry(world, entry_by_coach):
    base = f"/klanten/{world.own_client.pk}/logboek/{entry_by_coach.pk}/"
    for suffix in ("verwijderen/", "delete/", "wissen/"):
        with pytest.raises(Resolver404):
            resolve(base + suffix)


def test_logbook_routes_are_add_edit_and_history_only():
    logbook_routes = {p.name for p in client_urls.urlpatterns if "logboek" in str(p.pattern)}

    assert logbook_routes == {"add_entry", "edit_entry", "entry_history"}


def test_http_delete_on_an_entry_removes_nothing(world, login, entry_by_coach):
    response = login(world.users["coach"]).delete(_edit_url(entry_by_coach))

    assert response.status_code == 405
    assert LogEntry.objects.filter(pk=entry_by_coach.pk).exists()


def test_logbook_services_offer_no_way_to_delete():
    functions = [name for name, _ in inspect.getmembers(services, inspect.isfunction)]

    assert "add_log_entry" in functions
    assert not [n for n in functions if "delete" in n or "remove" in n]


# Internal entries.


@pytest.fixture
def internal_entry(world):
    return LogEntryFactory(
        client=world.own_client,
        author=world.users["coach"],
        visibility=Visibility.INTERNAL,
        text="Vermoeden van schulden, nog niet besproken.",
    )


def test_internal_entry_is_shown_to_the_coach(world, login, internal_entry):
    html = login(world.users["coach"]).get(_dossier(world.own_client)).content.decode()

    assert internal_entry.text in html


def test_internal_entry_is_hidden_from_back_office(world, login, internal_entry):
    response = login(world.users["back_office"]).get(_dossier(world.own_client))

    assert response.status_code == 200
    assert internal_entry.text not in response.content.decode()
    assert internal_entry.pk not in _shown(response)


def test_internal_entry_history_is_not_found_for_back_office(world, login, internal_entry):
    response = login(world.users["back_office"]).get(_history_url(internal_entry))

    assert response.status_code == 404


def test_an_entry_shared_later_keeps_its_internal_versions_from_back_office(
    world, login, internal_entry
):
    services.edit_log_entry(
        actor=internal_entry.author,
        entry=internal_entry,
        text="Gedeeld met de klant.",
        kind=internal_entry.kind,
        visibility=Visibility.CLIENT,
        expected_version=internal_entry.version,
    )

    back_office = login(world.users["back_office"]).get(_history_url(internal_entry))
    coach = login(world.users["coach"]).get(_history_url(internal_entry))

    assert back_office.status_code == coach.status_code == 200
    assert internal_entry.text not in back_office.content.decode()
    assert internal_entry.text in coach.content.decode()


def test_back_office_sees_his_own_internal_entries(world, login):
    login(world.users["back_office"]).post(
        f"/klanten/{world.own_client.pk}/logboek/",
        {"text": "Uitkering herberekend.", "kind": "decision", "visibility": "internal"},
    )

    html = login(world.users["back_office"]).get(_dossier(world.own_client)).content.decode()

    assert "Uitkering herberekend." in html


# 26, whether 10 entries or 200; a plan adds 2 and a portal account 2 more; the cards of the
# intake (1), the coach proposal (1), benefits (3: search period, applications, WW-end signal)
# and case conferences (1) add a constant 6, of which 3 apply to this client.
DOSSIER_QUERY_BOUND = 33


@pytest.mark.parametrize("entries", [10, 200])
def test_dossier_query_count_does_not_grow_with_log_entries(
    world, login, django_assert_max_num_queries, entries
):
    authors = [world.users["coach"], world.users["teammate"], None]
    for n in range(entries):
        LogEntryFactory(
            client=world.own_client,
            author=authors[n % 3],
            edited_by=authors[(n + 1) % 3],
            version=1 + n % 2,
        )
    http = login(world.users["coach"])

    with django_assert_max_num_queries(DOSSIER_QUERY_BOUND):
        response = http.get(_dossier(world.own_client))

    assert response.status_code == 200
