"""Keyboard-only use of the login page, and phone-width pages without sideways scrolling."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

from .conftest import wait_for_htmx

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}

# Describes the focused element: enough to tell the skip link, a field and a button apart.
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "body";
  return (el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.name ? "[name=" + el.name + "]" : "") + " " + (el.textContent || "").trim()).trim();
}"""


def tab_until(page: Page, wanted: str, limit: int = 10) -> list[str]:
    """Presses Tab until an element described with `wanted` has focus; returns the stops."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(_FOCUSED))
        if wanted in stops[-1]:
            return stops
    raise AssertionError(f"Tab never reached {wanted!r}; it went: {stops}")


def test_login_by_keyboard(world_live, page, server_url):
    page.goto(f"{server_url}/accounts/login/")
    skip = page.get_by_role("link", name="Naar de inhoud")
    username = page.locator("input[name=username]")
    expect(username).to_be_focused()  # autofocus: a keyboard user can type at once

    page.keyboard.press("Tab")
    expect(page.locator("input[name=password]")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Inloggen")).to_be_focused()

    # After the button, the link for a forgotten password; past the last element focus leaves
    # the page, and the first element it comes back to is the skip link, which shows itself.
    stops = tab_until(page, "Naar de inhoud")
    assert stops == ["a Wachtwoord vergeten?", "body", "a Naar de inhoud"], stops
    expect(skip).to_be_in_viewport()

    # The header comes after the skip link, the login form after the header.
    stops = tab_until(page, "[name=username]")
    assert stops == [
        "a Werkplein",
        "button[name=language] English",
        "input#id_username[name=username]",
    ], stops

    # The skip link jumps past the header, to the form.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(username).to_be_focused()
    page.keyboard.type("coach")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/klanten/(#main)?$"))  # the skip link's #main stays
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn caseload")


_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const sticking_out = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1)
    .map((el) => name(el) + " right=" + Math.round(el.getBoundingClientRect().right));
  const scrolling = [...document.querySelectorAll("body *")]
    .filter((el) => el.scrollWidth > el.clientWidth + 1 &&
      ["auto", "scroll"].includes(getComputedStyle(el).overflowX))
    .map((el) => name(el) + " scrollWidth=" + el.scrollWidth + " clientWidth=" + el.clientWidth);
  return {scrollWidth: document.documentElement.scrollWidth, sticking_out, scrolling};
}"""


def assert_no_sideways_scroll(page: Page, what: str) -> None:
    found = page.evaluate(_OVERFLOW)
    assert found["scrollWidth"] <= PHONE["width"] + 1, (
        f"{what}: the page scrolls sideways at {PHONE['width']} px "
        f"(scrollWidth {found['scrollWidth']}); too wide: {found['sticking_out'][:10]}"
    )
    assert not found["scrolling"], f"{what}: parts scroll sideways: {found['scrolling']}"


def test_phone_width_has_no_sideways_scroll(world_live, new_context, log_in, server_url):
    page = new_context(viewport=PHONE).new_page()
    log_in(page, "coach")

    expect(page.locator("#caseload-table tbody tr")).to_have_count(2)
    assert_no_sideways_scroll(page, "caseload")

    page.goto(f"{server_url}/klanten/{world_live.own_client.pk}/")
    expect(page.locator("#logbook")).to_be_visible()
    assert_no_sideways_scroll(page, "dossier")

    section = page.locator("#section-education")
    section.get_by_role("link", name="Wijzigen").click()
    expect(section.locator("form")).to_be_visible()
    wait_for_htmx(page)
    assert_no_sideways_scroll(page, "dossier with the education form open")
