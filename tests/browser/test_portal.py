"""Mijn Werkplein in a real browser: a client from invitation to accepted plan, seen by his coach;
and every /mijn/ page scanned by axe at desktop and phone width."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from werkplein.appointments.demo import seed_demo_availability
from werkplein.appointments.models import Appointment, AppointmentStatus
from werkplein.appointments.selectors import free_slots_for
from werkplein.appointments.services import book_slot
from werkplein.logbook.models import LogEntry
from werkplein.logbook.services import add_log_entry
from werkplein.plans.demo import seed_demo_plan
from werkplein.plans.models import Plan

from .test_accessibility import BLOCKING, scan

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Zonnebloem-Akker-2026"
NEW_PHONE = "06 11223344"
NOTE = "Vandaag gebeld met een uitzendbureau over werk in een magazijn."
PHONE_WIDTH = {"width": 360, "height": 740}


def _ready_for_the_portal(world, client) -> None:
    """What the coach prepared beforehand: a plan to agree to, and times to book."""
    coach = world.users["coach"]
    seed_demo_plan(client=client, coach=coach)
    seed_demo_availability(werkplein=coach.werkplein, coaches=[coach], today=timezone.localdate())


def _invitation_link() -> str:
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    match = re.search(r"https?://\S+/accounts/uitnodiging/\S+/", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return match.group(0)


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_client_from_invitation_to_accepted_plan(
    world_live, new_context, log_in, server_url, settings
):
    client = world_live.own_client  # no account yet
    client.email = "j.devries@example.nl"
    client.save(update_fields=["email"])
    _ready_for_the_portal(world_live, client)

    # The coach invites him from the dossier.
    coach_page = log_in(new_context().new_page(), "coach")
    coach_page.goto(f"{server_url}/klanten/{client.pk}/")
    coach_page.get_by_role("button", name="Uitnodigen voor Mijn Werkplein").click()
    expect(coach_page.locator("#portal-account")).to_contain_text("Uitgenodigd op")

    # He opens the link from the e-mail and chooses a password.
    page = new_context().new_page()
    page.goto(server_url + _path(_invitation_link()))
    page.get_by_label("Nieuw wachtwoord", exact=False).first.fill(NEW_PASSWORD)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    page.locator("input[name=username]").fill(client.email)
    page.locator("input[name=password]").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(f"{server_url}/mijn/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # He changes his phone number.
    page.goto(f"{server_url}/mijn/gegevens/")
    page.locator("#section-contact").get_by_role("link", name="Wijzigen").click()
    page.get_by_label("Telefoon").fill(NEW_PHONE)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#section-contact")).to_contain_text("06 11223344")

    # He books the first free time.
    page.goto(f"{server_url}/mijn/afspraken/maken/")
    first_slot = page.locator("button.slot").first
    slot_time = first_slot.locator(".slot-time").inner_text().split("\u2013")[0]
    first_slot.click()
    expect(page).to_have_url(f"{server_url}/mijn/afspraken/")
    expect(page.locator(".messages")).to_be_visible()
    booked = Appointment.objects.get(client=client, status=AppointmentStatus.PLANNED)
    assert timezone.localtime(booked.starts_at).strftime("%H:%M") == slot_time

    # He writes in the logbook.
    page.goto(f"{server_url}/mijn/logboek/")
    page.get_by_label("Uw bericht voor het logboek").fill(NOTE)
    page.get_by_role("button", name="Toevoegen aan logboek").click()
    expect(page.get_by_text(NOTE)).to_be_visible()

    # He agrees to his plan.
    page.goto(f"{server_url}/mijn/plan/")
    page.get_by_role("button", name="Ik ga akkoord met dit plan").click()
    expect(page.locator("#accept")).to_contain_text("U bent op")
    assert Plan.objects.get(client=client).is_accepted

    # His coach sees all of it in the dossier.
    coach_page.goto(f"{server_url}/klanten/{client.pk}/")
    expect(coach_page.locator("#section-personal")).to_contain_text("06 11223344")
    expect(coach_page.locator("#appointments")).to_contain_text(slot_time)
    expect(coach_page.locator("#logbook")).to_contain_text(NOTE)
    expect(coach_page.locator("#plan")).to_contain_text("De klant ging akkoord op")
    texts = list(LogEntry.objects.filter(client=client).values_list("text", flat=True))
    assert any("06 11223344" in text for text in texts)  # the change, old → new
    assert any("geaccepteerd" in text.lower() for text in texts)


def _client_with_everything(world) -> None:
    """The client account of `world` with a plan, an application, an appointment and a note."""
    client = world.client_user_client
    _ready_for_the_portal(world, client)
    user = world.users["client"]
    today = timezone.localdate()
    slot = free_slots_for(client, today, today + datetime.timedelta(days=21))[3]
    book_slot(actor=user, client=client, starts_at=slot.starts_at)
    add_log_entry(actor=user, client=client, text=NOTE)


def _portal_pages(world) -> list[tuple[str, str]]:
    client = world.client_user_client
    appointment = Appointment.objects.get(client=client, status=AppointmentStatus.PLANNED)
    note = LogEntry.objects.get(client=client, text=NOTE)
    application = client.job_applications.first()
    return [
        ("home", "/mijn/"),
        ("profile", "/mijn/gegevens/"),
        ("profile, contact form", "/mijn/gegevens/contact/wijzigen/"),
        ("profile, address form", "/mijn/gegevens/address/wijzigen/"),
        ("profile, wishes form", "/mijn/gegevens/wishes/wijzigen/"),
        ("work history, add", "/mijn/gegevens/werkervaring/nieuw/"),
        ("correction request", "/mijn/gegevens/correctie/"),
        ("printable", "/mijn/gegevens/afdrukken/"),
        ("logbook", "/mijn/logboek/"),
        ("logbook, edit", f"/mijn/logboek/{note.pk}/wijzigen/"),
        ("access events", "/mijn/inzage/"),
        ("security", "/mijn/beveiliging/"),
        ("plan", "/mijn/plan/"),
        ("applications", "/mijn/sollicitaties/"),
        ("application, edit", f"/mijn/sollicitaties/{application.pk}/wijzigen/"),
        ("appointments", "/mijn/afspraken/"),
        ("book", "/mijn/afspraken/maken/"),
        ("reschedule", f"/mijn/afspraken/{appointment.pk}/verzetten/"),
        ("cancel", f"/mijn/afspraken/{appointment.pk}/annuleren/"),
    ]


def _fits_the_width(page: Page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, PHONE_WIDTH], ids=["desktop", "phone"]
)
def test_every_portal_page_passes_axe(world_live, new_context, log_in, server_url, viewport):
    _client_with_everything(world_live)
    axe = Axe()
    found: list[str] = []
    too_wide: list[str] = []

    page = new_context(viewport=viewport).new_page()
    page.goto(f"{server_url}/accounts/wachtwoord-vergeten/")
    found += scan(axe, page, "password reset")
    log_in(page, "client")
    for name, path in _portal_pages(world_live):
        response = page.goto(server_url + path)
        assert response is not None and response.status == 200, (name, path)
        found += scan(axe, page, name)
        if not _fits_the_width(page, viewport["width"]):
            too_wide.append(name)

    print("\naxe violations:\n" + ("\n".join(found) or "none"))
    blocking = [line for line in found if any(f"({impact})" in line for impact in BLOCKING)]
    assert not blocking, "serious or critical axe violations:\n" + "\n".join(blocking)
    assert not too_wide, f"pages wider than the screen: {too_wide}"


def test_booking_by_keyboard_on_a_phone(world_live, new_context, log_in, server_url):
    _ready_for_the_portal(world_live, world_live.client_user_client)
    page = log_in(new_context(viewport=PHONE_WIDTH).new_page(), "client")
    page.goto(f"{server_url}/mijn/afspraken/maken/")

    page.locator("button.slot").first.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{server_url}/mijn/afspraken/")
    assert Appointment.objects.filter(
        client=world_live.client_user_client, status=AppointmentStatus.PLANNED
    ).exists()
