"""Demo data: a realistic plan, ladder history and job applications for a demo client."""

import datetime

from django.db import transaction
from django.utils import timezone

from werkplein.accounts.models import User
from werkplein.clients.models import Client
from werkplein.logbook import services as logbook_services
from werkplein.plans.models import (
    Activity,
    ActivityOwner,
    ActivityStatus,
    ApplicationChannel,
    ApplicationResult,
    Goal,
    JobApplication,
    LadderStep,
    Plan,
)

GOALS = (
    "Binnen zes maanden betaald werk in de logistiek, minstens 24 uur per week",
    "Een rijbewijs voor de heftruck halen",
    "Elke week vier keer solliciteren",
)
# (description, goal index or None, owner, days from today, done)
ACTIVITIES = (
    (
        "Cv bijwerken met de werkervaring bij het distributiecentrum",
        0,
        ActivityOwner.CLIENT,
        -20,
        True,
    ),
    ("Aanmelden bij twee uitzendbureaus in Zutphen", 0, ActivityOwner.CLIENT, -6, True),
    ("Heftruckcursus aanvragen bij het re-integratiebedrijf", 1, ActivityOwner.COACH, -10, True),
    ("Heftruckcursus volgen (vier dagdelen)", 1, ActivityOwner.PROVIDER, 21, False),
    ("Werkgeversdag in Apeldoorn bezoeken", 0, ActivityOwner.CLIENT, 4, False),
    ("Vacatures in de logistiek doorsturen naar de klant", 2, ActivityOwner.COACH, 9, False),
)
LADDER = (
    (150, 2, "Weinig contacten buiten de deur"),
    (90, 3, "Doet mee aan de werkgroep"),
    (30, 4, "Vrijwilligerswerk bij de voedselbank"),
)
# (days ago, employer, position, channel, result)
APPLICATIONS = (
    (2, "Bakker Logistiek", "Orderpicker", ApplicationChannel.WEBSITE, ApplicationResult.WAITING),
    (6, "PostNL", "Sorteerder", ApplicationChannel.WEBSITE, ApplicationResult.INTERVIEW),
    (
        13,
        "Jumbo Distributiecentrum",
        "Magazijnmedewerker",
        ApplicationChannel.AGENCY,
        ApplicationResult.REJECTED,
    ),
    (
        30,
        "Van der Veen Transport",
        "Bijrijder",
        ApplicationChannel.PHONE,
        ApplicationResult.REJECTED,
    ),
    (
        40,
        "Hornbach",
        "Medewerker goederenontvangst",
        ApplicationChannel.IN_PERSON,
        ApplicationResult.REJECTED,
    ),
)


@transaction.atomic
def seed_demo_plan(*, client: Client, coach: User, today: datetime.date | None = None) -> Plan:
    """Gives the client a plan (3 goals, 6 activities, some done, some due soon), an obligation
    of 4 applications per 4 weeks, a ladder history over five months and five applications.
    Idempotent: a client who has a plan keeps it unchanged."""
    today = today or timezone.localdate()
    existing = Plan.objects.filter(client=client).first()
    if existing is not None:
        return existing
    wp = client.werkplein_id
    plan = Plan.objects.create(
        werkplein_id=wp, client=client, applications_required=4, obligation_weeks=4
    )
    goals = [
        Goal.objects.create(werkplein_id=wp, plan=plan, text=text, position=index)
        for index, text in enumerate(GOALS)
    ]
    now = timezone.now()
    for description, goal, owner, days, done in ACTIVITIES:
        due_on = today + datetime.timedelta(days=days)
        Activity.objects.create(
            werkplein_id=wp,
            plan=plan,
            goal=goals[goal] if goal is not None else None,
            description=description,
            owner=owner,
            due_on=due_on,
            status=ActivityStatus.DONE if done else ActivityStatus.OPEN,
            done_at=now - datetime.timedelta(days=max(-days, 1)) if done else None,
        )
    # The plan grew over several changes; it waits for the client's acceptance.
    Plan.objects.filter(pk=plan.pk).update(version=len(GOALS) + len(ACTIVITIES) + 2)
    if not LadderStep.objects.filter(client=client).exists():
        for days_ago, rung, note in LADDER:
            LadderStep.objects.create(
                werkplein_id=wp,
                client=client,
                rung=rung,
                set_on=today - datetime.timedelta(days=days_ago),
                set_by=coach,
                note=note,
            )
    if not JobApplication.objects.filter(client=client).exists():
        for days_ago, employer, position, channel, result in APPLICATIONS:
            JobApplication.objects.create(
                werkplein_id=wp,
                client=client,
                employer_name=employer,
                position=position,
                applied_on=today - datetime.timedelta(days=days_ago),
                channel=channel,
                result=result,
                recorded_by=client.user or coach,
            )
    logbook_services.record_event(
        actor=coach, client=client, text="Plan van aanpak gemaakt, met doelen en activiteiten"
    )
    plan.refresh_from_db()
    return plan
