"""Demo data: a running search period, a bijstand application for Gemeente Zutphen's back office
(backoffice1), a WW application for UWV's (backoffice2) with backoffice2's question to coach2
waiting for an answer, and a WW benefit that ends within the
signal window, signalled to coach2 and backoffice1. coach1 guides the young (team Jongeren),
coach2 the adults (team 45-plus)."""

import datetime

from django.db import transaction

from werkplein.accounts.models import User
from werkplein.benefits import services
from werkplein.benefits.models import BenefitApplication, SearchPeriod, SearchTaskKind
from werkplein.benefits.rules import SEARCH_PERIOD_MAX_AGE
from werkplein.clients.models import Benefit, BenefitKind, Client, Job
from werkplein.core.models import Werkplein
from werkplein.intake import selectors as intake_selectors

DEMO_IBAN = "NL91ABNA0417164300"  # the published example IBAN; valid, belongs to no one


def _candidates(werkplein: Werkplein, coach: User, today: datetime.date):
    """The coach's clients without applications or search periods, oldest registration first."""
    return (
        Client.objects.filter(werkplein=werkplein, coach=coach, municipality__isnull=False)
        .exclude(pk__in=BenefitApplication.objects.values("client_id"))
        .exclude(pk__in=SearchPeriod.objects.values("client_id"))
        .select_related("municipality")
        .order_by("id")
    )


@transaction.atomic
def seed_demo_benefits(
    *, werkplein: Werkplein, users: dict[str, User], today: datetime.date
) -> None:
    """Needs the demo accounts coach1 (Jongeren) and coach2 (45-plus); backoffice2 (UWV), when
    given, asks coach2 a question about the WW application."""
    if BenefitApplication.objects.filter(werkplein=werkplein).exists():
        return  # seeded before
    coach = users["coach1"]
    young = [
        c
        for c in _candidates(werkplein, coach, today)[:50]
        if c.age_on(today) < SEARCH_PERIOD_MAX_AGE
    ]
    adult_coach = users["coach2"]
    adults = [
        c
        for c in _candidates(werkplein, adult_coach, today)[:50]
        if c.age_on(today) >= SEARCH_PERIOD_MAX_AGE and c.municipality.name.endswith("Zutphen")
    ]

    # A young client in his search period, with a vacancy and a task.
    if young:
        client = young[0]
        period = services.start_search_period(
            actor=coach, client=client, starts_on=today - datetime.timedelta(days=10)
        )
        services.add_search_task(
            actor=coach,
            period=period,
            kind=SearchTaskKind.VACANCY,
            description="Vacature orderpicker bij het distributiecentrum in Zutphen",
        )
        task = services.add_search_task(
            actor=coach,
            period=period,
            kind=SearchTaskKind.TASK,
            description="Inschrijven bij twee uitzendbureaus",
        )
        services.mark_task_done(actor=coach, task=task)

    # A bijstand application waiting in the queue of Gemeente Zutphen (backoffice1).
    if adults:
        services.start_application(
            actor=adult_coach,
            client=adults[0],
            kind=BenefitKind.BIJSTAND,
            desired_start_on=today + datetime.timedelta(days=7),
            iban=DEMO_IBAN,
            note="Inkomen valt weg na einde tijdelijk contract.",
        )

    # A WW application waiting at UWV (backoffice2), with the last job in the work history.
    if len(adults) > 1:
        client = adults[1]
        if not Job.objects.filter(client=client).exists():
            Job.objects.create(
                werkplein=werkplein,
                client=client,
                employer_name="Bakkerij De Korenbloem",
                position="Productiemedewerker",
                started_on=today - datetime.timedelta(days=3 * 365),
                ended_on=today - datetime.timedelta(days=5),
                hours_per_week=32,
                reason_ended="Tijdelijk contract niet verlengd",
            )
        application = services.start_application(
            actor=adult_coach,
            client=client,
            kind=BenefitKind.WW,
            desired_start_on=today - datetime.timedelta(days=4),
            iban=DEMO_IBAN,
        )
        # UWV's back office sent a question back: coach2 answers it, then backoffice2 decides.
        asker = users.get("backoffice2")
        if asker is not None and asker.has_perm("benefits.decide_application", application):
            services.ask_coach(
                actor=asker,
                application=application,
                question="Werkte de klant de laatste maanden ook 32 uur per week, of minder?",
                version=application.version,
            )

    # A WW benefit that ends within the signal window, signalled to coach2 and backoffice1.
    if len(adults) > 2:
        client = adults[2]
        uwv = intake_selectors.paying_organisation_for(client, BenefitKind.WW)
        Benefit.objects.filter(client=client).delete()
        Benefit.objects.create(
            werkplein=werkplein,
            client=client,
            kind=BenefitKind.WW,
            paying_organisation=uwv,
            started_on=today - datetime.timedelta(days=300),
            expected_end_on=today + datetime.timedelta(days=30),
            monthly_amount_cents=145_000,
        )
    services.signal_ending_benefits(today)
