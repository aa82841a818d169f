"""The preferences page in a real browser: on a 360 px phone without sideways scrolling, filled
in by keyboard alone, and without serious accessibility faults."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from werkplein.notifications.models import NotificationPreference, NotificationSettings

from .test_accessibility import BLOCKING, scan
from .test_keyboard_and_phone import PHONE, assert_no_sideways_scroll

pytestmark = pytest.mark.browser


def test_a_client_chooses_sms_by_keyboard_on_a_phone(world_live, new_context, log_in, server_url):
    page = new_context(viewport=PHONE).new_page()
    log_in(page, "client")
    page.goto(f"{server_url}/meldingen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn meldingen")
    assert_no_sideways_scroll(page, "preferences")

    # The radio group of appointments: focus its checked choice (e-mail), arrow to SMS.
    page.locator("#id_appointment_0").focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_appointment_1")).to_be_checked()
    page.locator("#id_mobile").focus()
    page.keyboard.type("06 12345678")
    page.keyboard.press("Enter")

    expect(page.locator(".message-success")).to_have_text(
        "Uw keuzes voor meldingen zijn opgeslagen."
    )
    assert_no_sideways_scroll(page, "preferences after saving")
    user = world_live.users["client"]
    assert NotificationPreference.objects.get(user=user, kind="appointment").channel == "sms"
    assert str(NotificationSettings.objects.get(user=user).mobile) in (
        "+31612345678",
        "06 12345678",
    )


def test_refusals_are_shown_on_a_phone_and_the_page_passes_axe(
    world_live, new_context, log_in, server_url
):
    axe = Axe()
    page = new_context(viewport=PHONE).new_page()
    log_in(page, "coach")
    page.goto(f"{server_url}/meldingen/")
    found = scan(axe, page, "preferences")

    page.locator("#id_new_message_1").check()
    page.locator("#id_quiet_until").fill("21:00")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.locator("#id_mobile_error")).to_contain_text("U koos voor sms")
    expect(page.locator("#id_quiet_until_error")).to_contain_text("stille uren zijn gelijk")
    assert_no_sideways_scroll(page, "preferences with errors")
    found += scan(axe, page, "preferences with errors")
    blocking = [line for line in found if any(f"({impact})" in line for impact in BLOCKING)]
    assert not blocking, "serious or critical axe violations:\n" + "\n".join(blocking)
    assert not NotificationPreference.objects.filter(user=world_live.users["coach"]).exists()
