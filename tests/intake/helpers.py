"""Form data for the registration and intake pages, as a browser would post them."""

import datetime

from django.utils import timezone

from werkplein.intake.models import Registration, RegistrationChannel
from werkplein.intake.services import registration_data

from ..factories import valid_bsn

PUBLIC_URL = "/aanmelden/?werkplein=zutphen"
COUNTER_URL = "/intake/balie/"


def years_ago(years: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day - datetime.timedelta(days=days)


def management(prefix: str, total: int, initial: int = 0, maximum: int = 5) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": str(maximum),
    }


def person_post(world, *, bsn: str | None = None, jobs: int = 1, **overrides) -> dict:
    data = {
        "bsn": bsn or valid_bsn(),
        "first_name": "Sanne",
        "name_prefix": "de",
        "last_name": "Vries",
        "date_of_birth": years_ago(34).isoformat(),
        "street": "Spittaalstraat",
        "house_number": "3",
        "postcode": "7201 EA",
        "city": "Zutphen",
        "municipality": str(world.zutphen.pk),
        "phone": "06 12345678",
        "email": "sanne@voorbeeld.nl",
        "highest_level": "mbo3",
        "has_start_qualification": "on",
        "occupations": "Logistiek medewerker",
        "hours_per_week": "32",
        "region": "Zutphen en omgeving",
        **management("jobs", 5),
    }
    for i in range(jobs):
        data.update(
            {
                f"jobs-{i}-employer_name": f"Transportbedrijf {i}",
                f"jobs-{i}-position": "Chauffeur",
                f"jobs-{i}-started_on": f"201{i}-03-01",
                f"jobs-{i}-ended_on": f"201{i + 1}-02-28",
                f"jobs-{i}-hours_per_week": "36",
            }
        )
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def intake_post(world, registration: Registration, *, steps: int = 2, **overrides) -> dict:
    """The intake form as pre-filled from the registration, with the conversation filled in."""
    submitted = registration.data
    data = person_post(world, bsn=registration.bsn, jobs=0)
    for key in (
        "first_name",
        "name_prefix",
        "last_name",
        "date_of_birth",
        "street",
        "house_number",
        "postcode",
        "city",
        "email",
        "highest_level",
        "occupations",
        "region",
    ):
        data[key] = submitted.get(key) or ""
    data["municipality"] = str(submitted.get("municipality") or "")
    data["phone"] = submitted.get("phone") or ""
    data["hours_per_week"] = str(submitted.get("hours_per_week") or "")
    if submitted.get("has_start_qualification"):
        data["has_start_qualification"] = "on"
    else:
        data.pop("has_start_qualification", None)
    for i, job in enumerate(submitted.get("jobs") or []):
        for key, value in job.items():
            data[f"jobs-{i}-{key}"] = "" if value is None else str(value)
    today = timezone.localdate()
    data.update(
        {
            "requested_benefit": "bijstand",
            "household": "single_parent",
            "self_reliance": "needs_support",
            "ladder_rung": "3",
            "barriers": ["language", "debts"],
            "strengths": "Betrouwbaar en handig",
            "route": "work_first",
            "recommendations": "Volg een taalcursus en solliciteer op logistieke banen.",
            "second_adviser": "",
            **management("steps", 3),
        }
    )
    for i in range(steps):
        data[f"steps-{i}-description"] = f"Eerste stap {i + 1}"
        data[f"steps-{i}-owner"] = "client" if i % 2 == 0 else "coach"
        data[f"steps-{i}-due_on"] = (today + datetime.timedelta(days=14 * (i + 1))).isoformat()
    if registration.client_id:
        # The fingerprint of the known data the intake page showed when it was opened.
        from werkplein.intake import selectors

        data["known_state"] = selectors.known_state(
            selectors.known_values(registration.client, with_household=True)
        )
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def make_registration(world, *, client=None, channel=RegistrationChannel.WEB, **values):
    """A pending registration as the public form would store it."""
    born = values.pop("date_of_birth", years_ago(34))
    jobs = values.pop("jobs", None)
    if jobs is None:
        jobs = [
            {
                "employer_name": "Bakkerij De Korenschoof",
                "position": "Verkoper",
                "started_on": datetime.date(2015, 1, 1),
                "ended_on": datetime.date(2020, 1, 1),
                "hours_per_week": 24,
            }
        ]
    cleaned = {
        "bsn": client.bsn if client else values.pop("bsn", valid_bsn()),
        "first_name": "Piet",
        "name_prefix": "",
        "last_name": "Bakker",
        "date_of_birth": born,
        "street": "Laarstraat",
        "house_number": "10",
        "postcode": "7201 AB",
        "city": "Zutphen",
        "municipality": world.zutphen,
        "phone": "",
        "email": "piet@voorbeeld.nl",
        "highest_level": "mbo2",
        "has_start_qualification": True,
        "occupations": "Verkoop",
        "hours_per_week": 32,
        "region": "Zutphen",
        **values,
    }
    return Registration.objects.create(
        werkplein=world.zutphen.werkplein,
        channel=channel,
        bsn=cleaned["bsn"],
        data=registration_data(cleaned, jobs),
        client=client,
    )
