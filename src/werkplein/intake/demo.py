"""Demo data: the routing rules of the demo Werkplein (docs/intake.md) and two registrations
waiting for their intake."""

import datetime

from werkplein.accounts.models import TargetGroup, Team
from werkplein.core.models import Werkplein
from werkplein.intake.models import Registration, RegistrationChannel, RoutingRule
from werkplein.intake.services import submit_registration

DEMO_BSN_OFFSET = 7_100_000  # far from the demo's clients and from allocation's demo client


def _team(werkplein: Werkplein, target_group: str, name: str) -> Team | None:
    teams = Team.objects.filter(werkplein=werkplein)
    return teams.filter(target_group=target_group).order_by("pk").first() or (
        teams.filter(name=name).order_by("pk").first()
    )


def seed_routing_rules(werkplein: Werkplein) -> list[RoutingRule]:
    """Under 27 → Jongeren; 45 and over → 45-plus; everyone else (27 to 44) → 45-plus too, the
    team for adults, whose lead may move a client on. Skips a rule whose team is missing."""
    young = _team(werkplein, TargetGroup.UNDER_27, "Jongeren")
    older = _team(werkplein, TargetGroup.FROM_45, "45-plus")
    wanted = [
        (10, "Jongeren onder 27", None, 26, young),
        (20, "45-plussers", 45, None, older),
        (30, "Overige volwassenen (27 tot 45)", None, None, older),
    ]
    return [
        RoutingRule.objects.create(
            werkplein=werkplein,
            position=position,
            name=name,
            min_age=low,
            max_age=high,
            team=team,
        )
        for position, name, low, high, team in wanted
        if team is not None
    ]


def seed_demo_registrations(werkplein: Werkplein, today: datetime.date) -> list[Registration]:
    """Two job seekers who registered on the web and wait for their intake: a 24-year-old with
    work behind him, and a 19-year-old early school leaver (the school-first route)."""
    from werkplein.core.seeding import bsn_sequence  # the seeding module imports this one

    zutphen = werkplein.organisations.filter(kind="municipality", name__endswith="Zutphen").first()
    if zutphen is None or Registration.objects.filter(werkplein=werkplein).exists():
        return []
    bsns = bsn_sequence(DEMO_BSN_OFFSET)
    people = [
        (
            {"first_name": "Fatma", "last_name": "Yilmaz", "age": 24, "level": "mbo3"},
            [
                {
                    "employer_name": "Transportbedrijf De IJssel",
                    "position": "Orderpicker",
                    "started_on": today.replace(year=today.year - 3),
                    "ended_on": today - datetime.timedelta(days=20),
                    "hours_per_week": 32,
                }
            ],
        ),
        ({"first_name": "Daan", "last_name": "Wolters", "age": 19, "level": "vmbo"}, []),
    ]
    registrations = []
    for person, jobs in people:
        born = today.replace(year=today.year - person["age"]) - datetime.timedelta(days=40)
        cleaned = {
            "bsn": next(bsns),
            "first_name": person["first_name"],
            "name_prefix": "",
            "last_name": person["last_name"],
            "date_of_birth": born,
            "street": "Stationsstraat",
            "house_number": str(10 + len(registrations)),
            "postcode": "7201 AB",
            "city": "Zutphen",
            "municipality": zutphen,
            "phone": "",
            "email": f"{person['first_name'].lower()}@voorbeeld.example",
            "highest_level": person["level"],
            "has_start_qualification": person["level"] != "vmbo",
            "occupations": "Magazijn en logistiek",
            "hours_per_week": 32,
            "region": "Zutphen",
        }
        registrations.append(
            submit_registration(
                werkplein=werkplein, channel=RegistrationChannel.WEB, cleaned=cleaned, jobs=jobs
            )
        )
    return registrations
