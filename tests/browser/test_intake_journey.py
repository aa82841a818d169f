"""From the first contact to one coach, in a real browser: a job seeker registers on the web, a
coach and a municipal colleague hold a duo intake, the system proposes a coach, the team lead
confirms, and the job seeker logs in to see his coach, his recommendations and his plan."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from werkplein.accounts.models import Role, User
from werkplein.allocation.models import CoachProposal, ProposalStatus
from werkplein.clients.models import Client
from werkplein.intake.models import Intake, RoutingRule

from ..factories import UserFactory
from .test_accessibility import BLOCKING, scan

pytestmark = pytest.mark.browser

BSN = "111222333"
EMAIL = "f.yilmaz@example.nl"
PASSWORD = "Herfstblad-Fietspad-2026"
PHONE = {"width": 360, "height": 740}
RECOMMENDATION = "Solliciteer op banen in de logistiek; volg de cursus heftruckrijden."
FIRST_STEP = "Drie vacatures in de logistiek uitzoeken"


def _fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _register_on_the_web(page: Page, server_url: str, born: datetime.date, found: list) -> None:
    """On a phone, as most job seekers would."""
    page.goto(f"{server_url}/aanmelden/?werkplein=zutphen")
    found += scan(Axe(), page, "registration form, phone")
    assert _fits(page)
    page.get_by_label("BSN").fill(BSN)
    page.get_by_label("Voornaam").fill("Fatma")
    page.get_by_label("Achternaam").fill("Yilmaz")
    page.get_by_label("Geboortedatum").fill(born.isoformat())
    page.get_by_label("Straat").fill("Stationsstraat")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_label("Postcode").fill("7201 AB")
    page.get_by_label("Woonplaats").fill("Zutphen")
    page.get_by_label("Woongemeente").select_option(label="Gemeente Zutphen")
    page.get_by_label("Telefoon").fill("06 12345678")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.locator("#id_jobs-0-employer_name").fill("Transportbedrijf De IJssel")
    page.locator("#id_jobs-0-position").fill("Orderpicker")
    page.locator("#id_jobs-0-started_on").fill("2022-03-01")
    page.locator("#id_jobs-0-ended_on").fill("2026-10-31")
    page.locator("#id_jobs-0-hours_per_week").fill("32")
    page.get_by_label("Gewenste beroepen").fill("Magazijnmedewerker")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ontvangen")


def _hold_duo_intake(page: Page, server_url: str, colleague: User, found: list) -> None:
    page.goto(f"{server_url}/intake/")
    page.get_by_role("link", name=re.compile("Yilmaz")).click()
    expect(page).to_have_url(re.compile(r"/intake/\d+/$"))
    found += scan(Axe(), page, "intake form")
    # What the job seeker typed on the web is there: nobody types it again.
    expect(page.get_by_label("Achternaam")).to_have_value("Yilmaz")
    page.get_by_label("Tweede adviseur (duo-intake)").select_option(str(colleague.pk))
    page.get_by_label("Gevraagde uitkering").select_option("ww")
    page.get_by_label("Heeft ondersteuning nodig").check()
    page.get_by_label("Trede op de participatieladder").select_option("4")
    page.get_by_label("Vervoer").check()
    page.get_by_label("Sterke punten").fill("Betrouwbaar, ervaring in een magazijn.")
    page.get_by_label("Aanbevolen route").select_option("work_first")
    page.get_by_label("Aanbevelingen voor de klant").fill(RECOMMENDATION)
    page.locator("#id_steps-0-description").fill(FIRST_STEP)
    page.get_by_role("button", name="Intake opslaan").click()
    expect(page).to_have_url(re.compile(r"/intake/verslag/\d+/$"))
    expect(page.locator("main")).to_contain_text("Jongeren")


def _invitation_path() -> str:
    bodies = [m.body for m in mail.outbox if "/accounts/uitnodiging/" in m.body]
    assert len(bodies) == 1, [m.subject for m in mail.outbox]
    match = re.search(r"https?://[^/\s]+(/accounts/uitnodiging/\S+/)", bodies[0])
    assert match, bodies[0]
    return match.group(1)


def test_from_web_registration_to_one_coach(world_live, new_context, log_in, server_url):
    coach, team_lead = world_live.users["coach"], world_live.users["team_lead"]
    coach.organisation = world_live.uwv  # the UWV adviser of the duo
    coach.save(update_fields=["organisation"])
    colleague = UserFactory(
        username="colleague",
        first_name="Gemma",
        last_name="Gemeentelid",
        role=Role.COACH,
        organisation=world_live.zutphen,
        werkplein=coach.werkplein,
    )
    RoutingRule.objects.create(
        werkplein=coach.werkplein,
        position=1,
        name="Jongeren",
        max_age=26,
        team=world_live.team_shared,
    )
    today = timezone.localdate()
    born = today.replace(year=today.year - 24) - datetime.timedelta(days=30)

    found: list[str] = []
    _register_on_the_web(new_context(viewport=PHONE).new_page(), server_url, born, found)
    _hold_duo_intake(log_in(new_context().new_page(), "coach"), server_url, colleague, found)

    client = Client.objects.get(bsn=BSN)
    intake = Intake.objects.get(client=client)
    assert (intake.held_by, intake.second_adviser) == (coach, colleague)
    assert (intake.held_by_organisation, intake.second_organisation) == (
        world_live.uwv,
        world_live.zutphen,
    )
    proposal = CoachProposal.objects.get(client=client, status=ProposalStatus.OPEN)
    assert proposal.team == world_live.team_shared
    assert client.coach is None  # the team lead decides

    # The team lead confirms the proposal from his dashboard.
    lead_page = log_in(new_context().new_page(), "team_lead")
    lead_page.goto(f"{server_url}/team/")
    found += scan(Axe(), lead_page, "team dashboard")
    lead_page.get_by_role("link", name=re.compile("beslissen")).first.click()
    expect(lead_page).to_have_url(f"{server_url}/team/voorstel/{proposal.pk}/")
    found += scan(Axe(), lead_page, "coach proposal")
    lead_page.get_by_role("button", name=re.compile("Voorstel bevestigen")).click()
    expect(lead_page).to_have_url(f"{server_url}/team/")
    client.refresh_from_db()
    assert client.coach == proposal.proposed_coach
    assert team_lead.pk != client.coach_id

    # The job seeker accepts the invitation of the intake and logs in.
    page = new_context().new_page()
    page.goto(server_url + _invitation_path())
    page.get_by_label("Nieuw wachtwoord", exact=False).first.fill(PASSWORD)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator("input[name=username]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(f"{server_url}/mijn/")
    main = page.locator("main")
    expect(main).to_contain_text(client.coach.get_full_name())
    expect(main).to_contain_text(RECOMMENDATION)
    page.get_by_role("link", name="Naar mijn eerste stappen").click()
    expect(page.locator("main")).to_contain_text(FIRST_STEP)

    blocking = [line for line in found if any(f"({impact})" in line for impact in BLOCKING)]
    assert not blocking, "serious or critical axe violations:\n" + "\n".join(blocking)
