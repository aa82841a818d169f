"""Every read of registrations, intakes and routing rules, filtered on the Werkplein first."""

import datetime
import hashlib
import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from werkplein.accounts.models import (
    CASEWORK_ROLES,
    Invitation,
    Organisation,
    OrganisationKind,
    Team,
    User,
)
from werkplein.audit.models import Action, Outcome, Purpose, Relation
from werkplein.audit.services import record_access
from werkplein.benefits.data import household_known
from werkplein.clients.models import BenefitKind, Client, FinancialSituation, Job
from werkplein.core.access import ClientNotFound, reachable_clients
from werkplein.core.http import parse_id
from werkplein.core.models import Werkplein
from werkplein.intake.models import Intake, Registration, RegistrationStatus, RoutingRule

MAX_JOBS = 5  # jobs a registration asks for, and known jobs shown at an intake


def _require(user: User, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


def _log(user: User, client: Client | None, action: str = Action.READ, detail: str = "") -> None:
    record_access(
        user=user,
        action=action,
        outcome=Outcome.ALLOWED,
        relation=Relation.INTAKE,
        purpose=Purpose.REGISTRATION,
        client=client,
        detail=detail,
    )


# --- the Werkplein of the public form ------------------------------------------------------------


def werkplein_for_public_form(slug: str | None) -> Werkplein | None:
    """The Werkplein named in `?werkplein=<slug>`, or the only one of this deployment."""
    if slug:
        if "\x00" in slug:  # PostgreSQL refuses NUL in a query: no such Werkplein
            return None
        return Werkplein.objects.filter(slug=slug[:50]).first()
    first_two = list(Werkplein.objects.order_by("pk")[:2])
    return first_two[0] if len(first_two) == 1 else None


def municipalities_of(werkplein_id: int) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        werkplein_id=werkplein_id, kind=OrganisationKind.MUNICIPALITY
    ).order_by("name")


# --- registrations -------------------------------------------------------------------------------


def pending_registrations(user: User) -> QuerySet[Registration]:
    """The queue: pending registrations of the user's Werkplein, oldest first."""
    _require(user, "intake.view_registrations")
    _log(user, None, Action.LIST, "aanmeldingen")
    return (
        Registration.objects.filter(
            werkplein_id=user.werkplein_id, status=RegistrationStatus.PENDING
        )
        .only("pk", "channel", "created_at", "data", "client_id", "status", "werkplein_id")
        .order_by("created_at", "id")
    )


def client_with_bsn(werkplein_id: int, bsn: str) -> QuerySet[Client]:
    """The client of the Werkplein with this BSN (at most one), unread and unlogged: for the
    registration and intake steps that link a BSN to the person the Werkplein knows."""
    return Client.objects.filter(werkplein_id=werkplein_id, bsn=bsn)


def registration_for(
    user: User, registration_id: int | str, *, pending: bool = True
) -> Registration:
    """One registration of the user's Werkplein, with its known client (linked when it came in,
    or registered with its BSN since); the read is logged. 404 otherwise."""
    _require(user, "intake.view_registrations")
    pk = parse_id(registration_id)
    rows = Registration.objects.filter(werkplein_id=user.werkplein_id).select_related("client")
    if pending:
        rows = rows.filter(status=RegistrationStatus.PENDING)
    registration = rows.filter(pk=pk).first()
    if registration is None:
        raise ClientNotFound()
    if registration.client_id is None and registration.status == RegistrationStatus.PENDING:
        # Registered meanwhile with this BSN (at the counter, through the API, by another
        # intake): the intake confirms his known data, as for a registration linked at once.
        registration.client = client_with_bsn(registration.werkplein_id, registration.bsn).first()
    _log(user, registration.client, detail=f"aanmelding {registration.pk}")
    return registration


def known_client_for_counter(user: User, bsn: str) -> Client | None:
    """The client with this BSN in the user's Werkplein, for the counter's pre-filled form.
    Reading him is logged (purpose registration, relation intake)."""
    _require(user, "intake.register_at_counter")
    client = (
        client_with_bsn(user.werkplein_id, bsn)
        .select_related("education", "wishes", "municipality")
        .first()
    )
    if client is not None:
        _log(user, client, detail="balie-inschrijving")
    return client


def known_values(client: Client, *, with_household: bool = False) -> dict[str, Any]:
    """The registration data a known client already has, in the shape of Registration.data.

    The intake also asks the household (`with_household`); the counter registration does not,
    and so does not read the financial section at all."""
    # The counter's lookup has these loaded already (select_related); otherwise one query each.
    education = getattr(client, "education", None)
    wishes = getattr(client, "wishes", None)
    values = {
        "bsn": client.bsn,
        "first_name": client.first_name,
        "name_prefix": client.name_prefix,
        "last_name": client.last_name,
        "date_of_birth": client.date_of_birth.isoformat(),
        "street": client.street,
        "house_number": client.house_number,
        "postcode": client.postcode,
        "city": client.city,
        "municipality": client.municipality_id,
        "phone": str(client.phone) if client.phone else "",
        "email": client.email,
        "highest_level": education.highest_level if education else "none",
        "has_start_qualification": education.has_start_qualification if education else False,
        "occupations": wishes.occupations if wishes else "",
        "hours_per_week": wishes.hours_per_week if wishes else None,
        "region": wishes.region if wishes else "",
        "jobs": [
            {
                "employer_name": job.employer_name,
                "position": job.position,
                "started_on": job.started_on.isoformat(),
                "ended_on": job.ended_on.isoformat() if job.ended_on else None,
                "hours_per_week": job.hours_per_week,
            }
            for job in Job.objects.filter(werkplein_id=client.werkplein_id, client=client)[
                :MAX_JOBS
            ]
        ],
    }
    if with_household:
        finances = FinancialSituation.objects.filter(
            werkplein_id=client.werkplein_id, client=client
        ).first()
        values["household"] = finances.household if household_known(finances) else ""
    return values


def known_state(values: dict[str, Any]) -> str:
    """A fingerprint of a known client's data as the intake form showed them (known_values):
    the intake refuses to save over data someone changed after the form was opened."""
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    """The age of someone born on `date_of_birth`, reckoned as the dossier reckons it."""
    return Client(date_of_birth=date_of_birth).age_on(day)


def registration_age(registration: Registration, day: datetime.date | None = None) -> int | None:
    try:
        born = datetime.date.fromisoformat(registration.data.get("date_of_birth", ""))
    except (TypeError, ValueError):
        return None
    return age_on(born, day or timezone.localdate())


# --- intakes -------------------------------------------------------------------------------------


def latest_intake(client: Client) -> Intake | None:
    """The client's latest intake with its advisers and organisations, in one query."""
    return (
        Intake.objects.filter(werkplein_id=client.werkplein_id, client=client)
        .select_related(
            "held_by", "held_by_organisation", "second_adviser", "second_organisation", "team"
        )
        .order_by("-held_on", "-id")
        .first()
    )


def may_read_summary(user: User, intake: Intake) -> bool:
    """The summary is for the advisers who held the intake and for who reaches the client
    (his coach, his team, the lead who assigns him); not for every coach of the Werkplein."""
    if user.pk in (intake.held_by_id, intake.second_adviser_id):
        return True
    return reachable_clients(user).filter(pk=intake.client_id).exists()


def intake_summary(user: User, intake_id: int | str) -> Intake:
    """An intake of the user's Werkplein, for the summary after the conversation, read by its
    advisers or by who reaches the client (404 for anyone else); logged."""
    _require(user, "intake.view_registrations")
    intake = (
        Intake.objects.filter(werkplein_id=user.werkplein_id, pk=parse_id(intake_id))
        .select_related(
            "client",
            "held_by",
            "held_by_organisation",
            "second_adviser",
            "second_organisation",
            "team",
            "paying_organisation",
        )
        .first()
    )
    if intake is None or not may_read_summary(user, intake):
        raise ClientNotFound()
    _log(user, intake.client, detail=f"intakeverslag {intake.pk}")
    return intake


def client_invited(user: User, client: Client) -> bool:
    """Whether a client of the user's Werkplein was ever invited to Mijn Werkplein, for the
    intake summary (intake_summary read and logged him)."""
    if client.user_id is None or client.werkplein_id != user.werkplein_id:
        return False
    return Invitation.objects.filter(user_id=client.user_id).exists()


def intake_of(user: User, registration: Registration) -> Intake | None:
    """The intake held for a registration of the user's Werkplein (the registration was read
    and logged already)."""
    _require(user, "intake.view_registrations")
    return (
        Intake.objects.filter(werkplein_id=user.werkplein_id, registration=registration)
        .only("pk", "client_id", "held_by_id", "second_adviser_id")
        .first()
    )


def second_adviser_choices(werkplein_id: int) -> QuerySet[User]:
    """Staff of the Werkplein who may sit in at a duo intake (the form checks the organisation)."""
    return (
        User.objects.filter(werkplein_id=werkplein_id, role__in=CASEWORK_ROLES, is_active=True)
        .exclude(organisation__isnull=True)
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )


def paying_organisation_for(client: Client, kind: str) -> Organisation | None:
    """Who pays a benefit of this kind: WW and WIA the Werkplein's UWV, bijstand the client's
    municipality, no benefit nobody."""
    if kind in (BenefitKind.WW, BenefitKind.WIA):
        return (
            Organisation.objects.filter(werkplein_id=client.werkplein_id, kind=OrganisationKind.UWV)
            .order_by("pk")
            .first()
        )
    if kind == BenefitKind.BIJSTAND:
        return client.municipality
    return None


def own_recommendations(client: Client) -> Intake | None:
    """The recommendations of the client's latest intake, for his own portal (the portal's
    own_dossier already logged the read)."""
    return (
        Intake.objects.filter(werkplein_id=client.werkplein_id, client=client)
        .only("pk", "held_on", "route", "recommendations", "client_id", "werkplein_id")
        .order_by("-held_on", "-id")
        .first()
    )


# --- routing -------------------------------------------------------------------------------------


def matching_rule(werkplein_id: int, age: int, benefit_kind: str) -> RoutingRule | None:
    """The first active rule by position whose age range and benefit kind fit."""
    for rule in RoutingRule.objects.filter(werkplein_id=werkplein_id, active=True).select_related(
        "team"
    ):
        if rule.min_age is not None and age < rule.min_age:
            continue
        if rule.max_age is not None and age > rule.max_age:
            continue
        if rule.benefit_kind and rule.benefit_kind != benefit_kind:
            continue
        return rule
    return None


def routing_rules_for(user: User) -> QuerySet[RoutingRule]:
    _require(user, "intake.manage_routing")
    return RoutingRule.objects.filter(werkplein_id=user.werkplein_id).select_related("team")


def routing_rule_for(user: User, rule_id: int | str) -> RoutingRule:
    _require(user, "intake.manage_routing")
    rule = routing_rules_for(user).filter(pk=parse_id(rule_id)).first()
    if rule is None:
        raise ClientNotFound()
    return rule


def teams_of(werkplein_id: int) -> QuerySet[Team]:
    return Team.objects.filter(werkplein_id=werkplein_id).order_by("name")
