"""axe-core on the main pages: no serious or critical violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import wait_for_htmx

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def scan(axe: Axe, page: Page, name: str) -> list[str]:
    """One line per violation: page, rule id, impact and the elements it concerns."""
    results = axe.run(page).response
    return [
        f"{name}: {v['id']} ({v['impact']}) {v['help']} — "
        + "; ".join(", ".join(node["target"]) for node in v["nodes"][:5])
        + (f" (+{len(v['nodes']) - 5} more)" if len(v["nodes"]) > 5 else "")
        for v in results["violations"]
    ]


def test_pages_have_no_serious_axe_violations(world_live, new_context, log_in, server_url):
    axe = Axe()
    found: list[str] = []
    client = world_live.own_client

    page = new_context().new_page()
    page.goto(f"{server_url}/accounts/login/")
    found += scan(axe, page, "login")

    log_in(page, "coach")
    expect(page.locator("#caseload-table")).to_be_visible()
    found += scan(axe, page, "caseload")

    page.goto(f"{server_url}/klanten/zoeken/?q={client.bsn}")
    expect(page.locator("#results table")).to_be_visible()
    found += scan(axe, page, "search")

    page.goto(f"{server_url}/klanten/{client.pk}/")
    expect(page.locator("#logbook")).to_be_visible()
    found += scan(axe, page, "dossier")

    section = page.locator("#section-education")
    section.get_by_role("link", name="Wijzigen").click()
    expect(section.locator("form")).to_be_visible()
    wait_for_htmx(page)
    found += scan(axe, page, "dossier, education form in place")

    page.goto(f"{server_url}/klanten/{client.pk}/onderdelen/education/wijzigen/")
    expect(page.get_by_role("button", name="Opslaan")).to_be_visible()
    found += scan(axe, page, "education form page")

    officer = log_in(new_context().new_page(), "security_officer")
    expect(officer.get_by_role("heading", level=1)).to_have_text("Toegangslog")
    found += scan(axe, officer, "access log")

    print("\naxe violations:\n" + ("\n".join(found) or "none"))
    blocking = [line for line in found if any(f"({impact})" in line for impact in BLOCKING)]
    assert not blocking, "serious or critical axe violations:\n" + "\n".join(blocking)
