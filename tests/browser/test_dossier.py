"""A coach's day in the browser: caseload, dossier, in-place edits, the logbook."""

import re

import pytest
from playwright.sync_api import Page, expect

from werkplein.clients.models import Client, Education
from werkplein.logbook.models import EntryKind, LogEntry

from .conftest import assert_htmx_loaded, assert_same_page, mark_page, wait_for_htmx

pytestmark = pytest.mark.browser

STALE_MESSAGE = "Iemand anders heeft deze gegevens net gewijzigd"


def open_dossier(page: Page, server_url: str, client: Client) -> str:
    url = f"{server_url}/klanten/{client.pk}/"
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text(client.full_name)
    assert_htmx_loaded(page)
    return page.url


def open_education_form(page: Page):
    section = page.locator("#section-education")
    section.get_by_role("link", name="Wijzigen").click()
    expect(section.locator("form")).to_be_visible()
    wait_for_htmx(page)
    return section


def test_caseload_sort_and_open_dossier(world_live, page, log_in):
    Client.objects.filter(pk=world_live.own_client.pk).update(first_name="Bram", last_name="Aarts")
    Client.objects.filter(pk=world_live.client_user_client.pk).update(
        first_name="Sanne", last_name="Zwart"
    )
    log_in(page, "coach")  # a coach lands on his caseload

    expect(page).to_have_url(re.compile(r"/klanten/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn caseload")
    assert_htmx_loaded(page)
    table = page.locator("#caseload-table table")
    names = table.locator("tbody th[scope=row] a")
    expect(names).to_have_count(2)
    expect(page.locator("#caseload-table .count")).to_have_text("2 klanten")

    table.get_by_role("link", name="Naam").click()
    expect(page).to_have_url(re.compile(r"[?&]sort=name\b"))
    expect(table.locator("thead th").first).to_have_attribute("aria-sort", "ascending")
    expect(names).to_have_text(["Aarts, Bram", "Zwart, Sanne"])

    table.get_by_role("link", name=re.compile("^Naam")).click()
    expect(page).to_have_url(re.compile(r"[?&]sort=-name\b"))
    expect(table.locator("thead th").first).to_have_attribute("aria-sort", "descending")
    expect(names).to_have_text(["Zwart, Sanne", "Aarts, Bram"])

    names.filter(has_text="Aarts, Bram").click()
    expect(page).to_have_url(re.compile(rf"/klanten/{world_live.own_client.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bram Aarts")


def test_edit_section_in_place(world_live, page, log_in, server_url):
    client = world_live.own_client
    log_in(page, "coach")
    url = open_dossier(page, server_url, client)
    mark_page(page)

    section = open_education_form(page)
    assert_same_page(page, url)
    level = section.get_by_label("Hoogst afgeronde opleiding")
    level.select_option(label="Mbo niveau 4")
    section.get_by_role("button", name="Opslaan").click()

    expect(section.get_by_role("status")).to_have_text("Opgeslagen.")
    expect(section.locator("form")).to_have_count(0)
    expect(section.locator("dl.rows")).to_contain_text("Mbo niveau 4")
    assert_same_page(page, url)
    assert Education.objects.get(client=client).highest_level == "mbo4"

    # The logbook line tells what the value was before: the stored one, not the posted one.
    page.reload()
    first_entry = page.locator("#logbook ol.entries > li").first
    expect(first_entry.locator(".meta")).to_contain_text("Systeem")
    expect(first_entry).to_contain_text("Opleiding gewijzigd")
    expect(first_entry).to_contain_text(
        "hoogst afgeronde opleiding: Geen of onbekend → Mbo niveau 4"
    )


def test_concurrent_edit_keeps_first_save(world_live, new_context, log_in, server_url):
    client = world_live.own_client
    coach = log_in(new_context().new_page(), "coach")
    teammate = log_in(new_context().new_page(), "teammate")
    open_dossier(coach, server_url, client)
    open_dossier(teammate, server_url, client)
    coach_form = open_education_form(coach)
    teammate_form = open_education_form(teammate)

    coach_form.get_by_label("Hoogst afgeronde opleiding").select_option(label="Mbo niveau 2")
    coach_form.get_by_role("button", name="Opslaan").click()
    expect(coach_form.get_by_role("status")).to_have_text("Opgeslagen.")
    assert Education.objects.get(client=client).highest_level == "mbo2"

    teammate_form.get_by_label("Hoogst afgeronde opleiding").select_option(label="Hbo")
    teammate_form.get_by_role("button", name="Opslaan").click()
    alert = teammate_form.get_by_role("alert")
    expect(alert).to_contain_text(STALE_MESSAGE)
    expect(teammate_form.locator(".alert-warning")).to_contain_text("Nieuwste gegevens")
    expect(teammate_form.locator(".alert-warning")).to_contain_text("Mbo niveau 2")
    expect(teammate_form.locator("form")).to_be_visible()  # still editing, input kept
    expect(teammate_form.get_by_label("Hoogst afgeronde opleiding")).to_have_value("hbo")
    assert Education.objects.get(client=client).highest_level == "mbo2"
    wait_for_htmx(teammate)

    # Having seen the newer data, the teammate saves again on purpose.
    teammate_form.get_by_role("button", name="Opslaan").click()
    expect(teammate_form.get_by_role("status")).to_have_text("Opgeslagen.")
    assert Education.objects.get(client=client).highest_level == "hbo"


def test_logbook_add_and_filter(world_live, page, log_in, server_url):
    client = world_live.own_client
    log_in(page, "coach")
    url = open_dossier(page, server_url, client)
    mark_page(page)
    logbook = page.locator("#logbook")
    entries = logbook.locator("ol.entries > li")

    def add(text: str, kind: str) -> None:
        form = logbook.locator("form.entry-form")
        form.get_by_label("Tekst").fill(text)
        form.get_by_label("Soort").select_option(label=kind)
        form.get_by_role("button", name="Toevoegen aan logboek").click()
        expect(entries.first).to_contain_text(text)
        wait_for_htmx(page)

    add("Telefonisch gesproken over de sollicitatie bij de bakkerij.", "Contact")
    add("Cv bijgewerkt, stuurt het morgen op.", "Notitie")
    assert_same_page(page, url)
    expect(entries).to_have_count(2)
    expect(entries.first.locator(".meta")).to_contain_text("Notitie")
    expect(entries.nth(1).locator(".meta")).to_contain_text("Contact")
    expect(logbook.get_by_label("Tekst")).to_have_value("")  # a fresh form for the next line
    assert LogEntry.objects.filter(client=client, kind=EntryKind.CONTACT).count() == 1

    def filter_by(kind: str) -> None:
        wait_for_htmx(page)  # the filter of a just-swapped logbook listens after settling
        logbook.locator("form.filters").get_by_label("Soort").select_option(label=kind)

    filter_by("Contact")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("Telefonisch gesproken")
    filter_by("Besluit")
    expect(entries).to_have_text(["Geen logboekregels van deze soort."])
    filter_by("Alle soorten")
    expect(entries).to_have_count(2)
    assert_same_page(page, url)


def test_search_by_surname_with_prefix(world_live, page, log_in, server_url):
    """People type the whole surname, tussenvoegsel included: "van der Berg"."""
    client = world_live.own_client
    Client.objects.filter(pk=client.pk).update(
        first_name="Daan", name_prefix="van der", last_name="Berg"
    )
    log_in(page, "coach")
    page.goto(f"{server_url}/klanten/zoeken/")
    results = page.locator("#results")
    for query in ("Berg", "van der Berg", "Daan van der Berg"):
        page.get_by_label("Naam, BSN of geboortedatum").fill(query)
        page.get_by_role("button", name="Zoeken").click()
        expect(results.get_by_role("status")).to_have_text("1 klant gevonden")
        expect(results.locator("tbody th a")).to_have_text(["Berg, Daan, van der"])
        wait_for_htmx(page)
