"""What each paying organisation needs to decide an application, per kind: one table.

The back office page shows exactly these items, nothing else of the dossier (no logbook, no
re-integration notes). Medical data for WIA stay with UWV's own insurance doctor and are never
asked here. `missing` lists what the completeness check requires before a grant.
"""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkplein.clients.models import BenefitKind, FinancialSituation
from werkplein.clients.sections import display_value


@dataclass(frozen=True)
class Item:
    key: str
    label: str


BSN = Item("bsn", gettext_lazy("BSN"))
NAME = Item("name", gettext_lazy("Naam"))
DATE_OF_BIRTH = Item("date_of_birth", gettext_lazy("Geboortedatum"))
ADDRESS = Item("address", gettext_lazy("Adres"))
MUNICIPALITY = Item("municipality", gettext_lazy("Gemeente"))
LAST_EMPLOYER = Item("last_employer", gettext_lazy("Laatste werkgever"))
LAST_JOB_END = Item("last_job_end", gettext_lazy("Laatste werkdag"))
LAST_JOB_HOURS = Item("last_job_hours", gettext_lazy("Uren per week (laatste baan)"))
HOUSEHOLD = Item("household", gettext_lazy("Leefsituatie"))
HOUSING_COSTS = Item("housing_costs", gettext_lazy("Woonlasten per maand"))
DEBTS = Item("debts", gettext_lazy("Schulden"))
DESIRED_START = Item("desired_start", gettext_lazy("Gewenste ingangsdatum"))
IBAN = Item("iban", gettext_lazy("IBAN"))

_PERSON = (BSN, NAME, DATE_OF_BIRTH, ADDRESS)
_WORK = (LAST_EMPLOYER, LAST_JOB_END, LAST_JOB_HOURS)

# The one table: what the paying organisation's back office sees, per kind of application.
DATA_BY_KIND: dict[str, tuple[Item, ...]] = {
    # UWV: who, where, the job that ended (right and amount follow from it), when and where to pay.
    BenefitKind.WW: (*_PERSON, *_WORK, DESIRED_START, IBAN),
    # UWV: the same; the medical assessment is UWV's own doctor's, never in this system.
    BenefitKind.WIA: (*_PERSON, *_WORK, DESIRED_START, IBAN),
    # Municipality: who, where he lives and in which municipality, household and costs, debts.
    BenefitKind.BIJSTAND: (
        *_PERSON,
        MUNICIPALITY,
        HOUSEHOLD,
        HOUSING_COSTS,
        DEBTS,
        DESIRED_START,
        IBAN,
    ),
}


def _address(client) -> str:
    street = " ".join(p for p in (client.street, client.house_number) if p)
    town = " ".join(p for p in (client.postcode, client.city) if p)
    return ", ".join(p for p in (street, town) if p)


def short_date(value: datetime.date | None) -> str:
    """A date as the Werkplein writes it in short ("" when there is none)."""
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def values_for(application, last_job, finances) -> dict[str, str]:
    """The value of every item for this application ("" when unknown)."""
    client = application.client
    debts = ""
    if finances is not None:
        debts = _("Ja") if finances.has_debts else _("Nee")
        if finances.in_debt_counselling:
            debts += ", " + _("in schuldhulpverlening")
    return {
        BSN.key: client.bsn,
        NAME.key: client.full_name,
        DATE_OF_BIRTH.key: short_date(client.date_of_birth),
        ADDRESS.key: _address(client),
        MUNICIPALITY.key: client.municipality.name if client.municipality_id else "",
        LAST_EMPLOYER.key: last_job.employer_name if last_job else "",
        LAST_JOB_END.key: short_date(last_job.ended_on) if last_job else "",
        LAST_JOB_HOURS.key: str(last_job.hours_per_week or "") if last_job else "",
        HOUSEHOLD.key: finances.get_household_display() if household_known(finances) else "",
        HOUSING_COSTS.key: (
            display_value(FinancialSituation, "housing_costs_cents", finances.housing_costs_cents)
            if finances
            else ""
        ),
        DEBTS.key: debts,
        DESIRED_START.key: short_date(application.desired_start_on),
        IBAN.key: application.iban,
    }


def rows_for(application, last_job, finances) -> list[tuple[str, str]]:
    values = values_for(application, last_job, finances)
    return [(str(item.label), values[item.key]) for item in DATA_BY_KIND[application.kind]]


def household_known(finances) -> bool:
    """Every client gets an empty financial section (household "single" by default) when he is
    registered; the household is known once someone saved that section (its version moved)."""
    return finances is not None and finances.version > 1


def missing_for(application, last_job, finances) -> list[str]:
    """The completeness check: what must be known before the application can be granted."""
    client = application.client
    missing: list[str] = []
    if not (client.street and client.house_number and client.postcode and client.city):
        missing.append(_("Adres onvolledig (straat, huisnummer, postcode en woonplaats)"))
    if not application.iban:
        missing.append(_("IBAN ontbreekt"))
    if application.kind in (BenefitKind.WW, BenefitKind.WIA):
        if last_job is None:
            missing.append(_("Geen werkervaring vastgelegd (laatste baan)"))
        else:
            if last_job.ended_on is None:
                missing.append(_("Einddatum van de laatste baan ontbreekt"))
            if not last_job.hours_per_week:
                missing.append(_("Uren per week van de laatste baan ontbreken"))
    if application.kind == BenefitKind.BIJSTAND:
        if not client.municipality_id:
            missing.append(_("Gemeente onbekend"))
        if not household_known(finances):
            missing.append(_("Leefsituatie onbekend (financiële situatie nog niet ingevuld)"))
    return missing
