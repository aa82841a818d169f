"""Every write of registration and intake: validated, in one transaction, written in the logbook."""

import datetime
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkplein.accounts import services as account_services
from werkplein.accounts.models import CASEWORK_ROLES, User
from werkplein.clients import services as client_services
from werkplein.clients.models import (
    BenefitKind,
    Client,
    Education,
    FinancialSituation,
    Household,
    Job,
    Segment,
    Wishes,
)
from werkplein.clients.sections import SECTIONS
from werkplein.core.models import Werkplein
from werkplein.intake import selectors
from werkplein.intake.models import (
    Barrier,
    Intake,
    Registration,
    RegistrationChannel,
    RegistrationStatus,
    Route,
    RoutingRule,
    SelfReliance,
)
from werkplein.logbook import services as logbook_services
from werkplein.logbook.models import Visibility
from werkplein.plans import services as plan_services
from werkplein.plans.models import ActivityOwner, LadderRung, LadderStep

logger = logging.getLogger(__name__)

ADULT_AGE = 18
# The registration form's fields: the BSN, then the dossier's personal section.
PERSON_FIELDS = ("bsn", *SECTIONS["personal"].fields)
EDUCATION_FIELDS = ("highest_level", "has_start_qualification")
WISHES_FIELDS = ("occupations", "hours_per_week", "region")
JOB_FIELDS = ("employer_name", "position", "started_on", "ended_on", "hours_per_week")
SEGMENT_FOR = {
    SelfReliance.SELF_RELIANT: Segment.WORK_READY,
    SelfReliance.NEEDS_SUPPORT: Segment.SUPPORT,
    SelfReliance.INTENSIVE: Segment.INTENSIVE,
}
EARLY_SCHOOL_LEAVER_AGES = range(18, 23)  # 18 to 22 on the intake day
# Said without showing whose BSN it is.
BSN_TAKEN = gettext_lazy(
    "Dit BSN is al ingeschreven bij een andere klant van dit Werkplein. Controleer het BSN."
)
HOUSEHOLD_NEEDED = gettext_lazy(
    "Vul de leefsituatie in: de gemeente heeft die nodig om de bijstand te beoordelen."
)


class KnownDataChanged(ValidationError):
    """The known client's data changed after the intake form showed them."""


KNOWN_DATA_CHANGED = gettext_lazy(
    "De gegevens van deze klant zijn gewijzigd nadat u de intake opende. De nieuwe gegevens "
    "staan nu in het formulier: controleer ze met de klant en sla de intake opnieuw op."
)


# --- registration --------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)  # a phone number


def registration_data(cleaned: dict[str, Any], jobs: list[dict[str, Any]]) -> dict[str, Any]:
    """What a registration form cleaned, as Registration.data stores it."""
    data = {
        name: _json_value(cleaned.get(name))
        for name in (*PERSON_FIELDS, *EDUCATION_FIELDS, *WISHES_FIELDS)
    }
    data["jobs"] = [{name: _json_value(job.get(name)) for name in JOB_FIELDS} for job in jobs]
    return data


@transaction.atomic
def submit_registration(
    *,
    werkplein: Werkplein,
    channel: str,
    cleaned: dict[str, Any],
    jobs: list[dict[str, Any]],
    actor: User | None = None,
) -> Registration:
    """Stores a registration. A known BSN is linked to its client; a second pending registration
    of the same BSN updates the first, except that a web form never replaces a counter
    registration. The answer is the same for known and new BSNs. The known client's logbook
    notes the first registration only, so repeated anonymous forms add nothing to it."""
    if channel == RegistrationChannel.COUNTER:
        if actor is None or not actor.has_perm("intake.register_at_counter"):
            raise PermissionDenied
        if actor.werkplein_id != werkplein.pk:
            raise PermissionDenied
    born = cleaned["date_of_birth"]
    if selectors.age_on(born, timezone.localdate()) < ADULT_AGE:
        raise ValidationError({"date_of_birth": [_("Aanmelden kan vanaf 18 jaar.")]})
    if cleaned["municipality"].werkplein_id != werkplein.pk:
        raise ValidationError({"municipality": [_("Kies uw gemeente uit de lijst.")]})
    bsn = cleaned["bsn"]
    data = registration_data(cleaned, jobs)
    client = selectors.client_with_bsn(werkplein.pk, bsn).first()
    values = {"channel": channel, "data": data, "client": client, "registered_by": actor}
    pending = (
        Registration.objects.select_for_update()
        .filter(werkplein=werkplein, bsn=bsn, status=RegistrationStatus.PENDING)
        .first()
    )
    if pending is None:
        try:
            with transaction.atomic():
                registration = Registration.objects.create(werkplein=werkplein, bsn=bsn, **values)
        except IntegrityError:  # the same BSN registered at the same moment: update that one
            pending = (
                Registration.objects.select_for_update()
                .filter(werkplein=werkplein, bsn=bsn, status=RegistrationStatus.PENDING)
                .first()
            )
            if pending is None:
                raise
    if pending is not None:
        if channel == RegistrationChannel.WEB and pending.channel == RegistrationChannel.COUNTER:
            # What staff registered at the counter, with the person in front of them, is not
            # replaced by an anonymous form; the visitor gets the same answer as anyone.
            return pending
        for name, value in values.items():
            setattr(pending, name, value)
        pending.save(update_fields=[*values, "updated_at"])
        return pending
    if client is not None:
        logbook_services.add_system_entry(
            actor=actor,
            client=client,
            text=_("Aanmelding ontvangen (%(channel)s); wacht op de intake.")
            % {"channel": RegistrationChannel(channel).label.lower()},
        )
    return registration


@transaction.atomic
def withdraw_registration(*, actor: User, registration: Registration) -> Registration:
    if not actor.has_perm("intake.withdraw_registration"):
        raise PermissionDenied
    current = (
        Registration.objects.select_for_update()
        .filter(pk=registration.pk, werkplein_id=actor.werkplein_id)
        .first()
    )
    if current is None or current.status != RegistrationStatus.PENDING:
        raise ValidationError(_("Deze aanmelding is al afgehandeld."))
    current.status = RegistrationStatus.WITHDRAWN
    current.save(update_fields=["status", "updated_at"])
    if current.client_id:
        logbook_services.add_system_entry(
            actor=actor,
            client=current.client,
            text=_("Aanmelding ingetrokken door %(name)s.") % {"name": actor},
        )
    return current


# --- the intake ----------------------------------------------------------------------------------


def is_early_school_leaver(age: int, has_start_qualification: bool) -> bool:
    return age in EARLY_SCHOOL_LEAVER_AGES and not has_start_qualification


def school_first_steps(today: datetime.date) -> list[dict[str, Any]]:
    """The three first steps of an early school leaver: school, then work-learning, then a job."""
    return [
        {
            "description": _(
                "Terug naar school: kies met uw coach een opleiding voor een startkwalificatie"
            ),
            "owner": ActivityOwner.CLIENT,
            "due_on": today + datetime.timedelta(weeks=4),
        },
        {
            "description": _("Lukt school niet: zoek een leerwerkplek (werkend leren, bbl)"),
            "owner": ActivityOwner.COACH,
            "due_on": today + datetime.timedelta(weeks=8),
        },
        {
            "description": _("Daarna: solliciteer op een baan die bij u past"),
            "owner": ActivityOwner.CLIENT,
            "due_on": today + datetime.timedelta(weeks=12),
        },
    ]


def _validate(
    actor: User, registration: Registration, data: dict[str, Any], today
) -> Client | None:
    """Every check of the intake, all at once; returns the known client the BSN belongs to."""
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    born = data.get("date_of_birth")
    if not isinstance(born, datetime.date):
        refuse("date_of_birth", _("Vul de geboortedatum in."))
    elif selectors.age_on(born, today) < ADULT_AGE:
        refuse(
            "date_of_birth",
            _(
                "De klant is minderjarig. Een intake kan vanaf 18 jaar; verwijs hem naar school of "
                "de leerplichtambtenaar."
            ),
        )
    municipality = data.get("municipality")
    if municipality is None or municipality.werkplein_id != actor.werkplein_id:
        refuse("municipality", _("Kies een gemeente van dit Werkplein."))
    kind = data.get("requested_benefit")
    if kind not in BenefitKind.values:
        refuse("requested_benefit", _("Kies de gevraagde uitkering."))
    if data.get("self_reliance") not in SelfReliance.values:
        refuse("self_reliance", _("Kies hoe zelfredzaam de klant is."))
    if data.get("route") not in Route.values:
        refuse("route", _("Kies een route."))
    if data.get("ladder_rung") not in LadderRung.values:
        refuse("ladder_rung", _("Kies een trede van 1 tot en met 6."))
    if any(b not in Barrier.values for b in data.get("barriers") or []):
        refuse("barriers", _("Kies de belemmeringen uit de lijst."))
    if not (data.get("recommendations") or "").strip():
        refuse("recommendations", _("Schrijf de aanbevelingen voor de klant op."))
    adviser = data.get("second_adviser")
    if adviser is not None:
        if adviser.pk == actor.pk:
            refuse("second_adviser", _("U kunt niet uw eigen tweede adviseur zijn."))
        elif (
            adviser.werkplein_id != actor.werkplein_id
            or adviser.role not in CASEWORK_ROLES
            or not adviser.is_active
            or adviser.organisation_id is None
        ):
            refuse(
                "second_adviser",
                _(
                    "Kies als tweede adviseur een medewerker van een andere partnerorganisatie van "
                    "dit Werkplein."
                ),
            )
        elif adviser.organisation_id == actor.organisation_id:
            refuse(
                "second_adviser",
                _("Een duo-intake houdt u met een adviseur van een andere organisatie."),
            )

    bsn = data.get("bsn") or ""
    known = registration.client
    holder = selectors.client_with_bsn(actor.werkplein_id, bsn).first()
    if (holder is not None and known is not None and holder.pk != known.pk) or (
        holder is not None and known is None and bsn != registration.bsn
    ):
        refuse(
            "bsn",
            str(BSN_TAKEN),
        )
    client = known or holder
    household = data.get("household") or ""
    if household and household not in Household.values:
        refuse("household", _("Kies de leefsituatie uit de lijst."))
    elif kind == BenefitKind.BIJSTAND and not household:
        refuse("household", str(HOUSEHOLD_NEEDED))
    if kind in (BenefitKind.WW, BenefitKind.WIA):
        has_work = bool(data.get("jobs")) or (
            client is not None
            and Job.objects.filter(werkplein_id=client.werkplein_id, client=client).exists()
        )
        if not has_work:
            refuse(
                "requested_benefit",
                _(
                    "Een WW- of WIA-uitkering vraagt werkervaring. Vul de werkervaring in, of kies "
                    "een andere uitkering."
                ),
            )
    if errors:
        raise ValidationError(errors)
    return client


def _write_client(actor: User, client: Client | None, data: dict[str, Any]) -> Client:
    """Creates the client, or confirms and corrects the known one (each change in his logbook)."""
    person = {name: data[name] for name in PERSON_FIELDS}
    person["phone"] = person["phone"] or ""
    person["email"] = person["email"] or ""
    education = {name: data[name] for name in EDUCATION_FIELDS}
    wishes = {name: data[name] for name in WISHES_FIELDS}
    jobs = data.get("jobs") or []
    if client is None:
        client = client_services.save_new_client(
            Client(werkplein_id=actor.werkplein_id, **person), str(BSN_TAKEN)
        )
        Education.objects.filter(client=client).update(**education)
        Wishes.objects.filter(client=client).update(**wishes)
        for job in jobs:
            Job.objects.create(client=client, werkplein_id=client.werkplein_id, **job)
        logbook_services.add_system_entry(
            actor=actor,
            client=client,
            text=_("Klant ingeschreven bij de intake door %(name)s.") % {"name": actor},
        )
        return client

    # No key update: a colleague's save of a section locks that section first and then writes
    # a logbook line, whose foreign key to the client a plain FOR UPDATE would block (a deadlock
    # on PostgreSQL). His sections are locked before the fingerprint is compared, so such a save
    # either waits for this intake or shows in the fingerprint; and the household checked here
    # is the one _record_household changes.
    client = Client.objects.select_for_update(no_key=True).get(pk=client.pk)
    for model in (Education, Wishes, FinancialSituation):
        list(
            model.objects.select_for_update()
            .filter(werkplein_id=client.werkplein_id, client=client)
            .values_list("pk", flat=True)
        )
    if "known_state" in data and data["known_state"] != selectors.known_state(
        selectors.known_values(client, with_household=True)
    ):
        raise KnownDataChanged({"__all__": [str(KNOWN_DATA_CHANGED)]})
    for key, values in (("personal", person), ("education", education), ("wishes", wishes)):
        section = SECTIONS[key]
        instance = (
            client
            if section.model is Client
            else section.model.objects.get(werkplein_id=client.werkplein_id, client=client)
        )
        changes = {
            name: value
            for name, value in values.items()
            if _comparable(getattr(instance, name if name != "municipality" else "municipality_id"))
            != _comparable(value)
        }
        client_services.save_section_changes(
            actor=actor,
            client=client,
            section=section,
            instance=instance,
            changes=changes,
            expected_version=getattr(instance, section.version_field),
            heading=_("%(section)s bevestigd en gecorrigeerd bij de intake"),
            write_entry=lambda text: logbook_services.add_system_entry(
                actor=actor, client=client, text=text
            ),
        )
    known = {
        (j.employer_name, j.position, j.started_on)
        for j in Job.objects.filter(werkplein_id=client.werkplein_id, client=client)
    }
    for job in jobs:
        if (job["employer_name"], job["position"], job["started_on"]) not in known:
            client_services.create_section_item(
                client=client,
                section=SECTIONS["work_history"],
                values=job,
                heading=_("%(section)s toegevoegd bij de intake"),
                write_entry=lambda text: logbook_services.add_system_entry(
                    actor=actor, client=client, text=text
                ),
            )
    client.refresh_from_db()
    return client


def _record_household(actor: User, client: Client, household: str) -> None:
    """The household as asked at the intake, into the dossier's financial section. Saved even
    when it equals the section's default, because only a saved section counts as known for the
    bijstand completeness check (benefits.data.household_known)."""
    from werkplein.benefits.data import household_known

    finances = FinancialSituation.objects.get(werkplein_id=client.werkplein_id, client=client)
    unchanged = finances.household == household
    if unchanged and household_known(finances):
        return

    def write_entry(text: str) -> None:
        if unchanged:  # first recorded, equal to the default: there is no "old → new" to show
            text = _("Leefsituatie vastgelegd bij de intake: %(household)s") % {
                "household": Household(household).label
            }
        logbook_services.add_system_entry(actor=actor, client=client, text=text)

    client_services.save_section_changes(
        actor=actor,
        client=client,
        section=SECTIONS["financial"],
        instance=finances,
        changes={"household": household},
        expected_version=finances.version,
        heading=_("%(section)s gewijzigd bij de intake"),
        write_entry=write_entry,
    )


def _comparable(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    if value is None:
        return None
    if isinstance(value, (bool, int, datetime.date)):
        return value
    return str(value)


def _invite_after_commit(actor: User, client_id: int) -> None:
    client = Client.objects.filter(pk=client_id).first()
    if client is None or client.user_id is not None or not client.email:
        return
    try:
        account_services.invite_client(actor=actor, client=client)
    except (ValidationError, PermissionDenied):
        # E.g. the address is another account's login name: the intake stands; the coach
        # invites from the dossier once the address is corrected.
        logger.warning("intake: invitation for client %s not sent", client_id)


@transaction.atomic
def hold_intake(*, actor: User, registration: Registration, data: dict[str, Any]) -> Intake:
    """The intake of a pending registration, in one transaction: the client (created, or the
    known one confirmed and corrected), the intake with its advisers, segment, ladder rung,
    plan with first steps and recommendations, routing to a team, coach proposal, search
    period, and the registration marked done."""
    if not actor.has_perm("intake.hold_intake") or actor.organisation_id is None:
        raise PermissionDenied
    current = (
        Registration.objects.select_for_update(of=("self",))
        .filter(pk=registration.pk, werkplein_id=actor.werkplein_id)
        .select_related("client")
        .first()
    )
    if current is None or current.status != RegistrationStatus.PENDING:
        raise ValidationError(_("Deze aanmelding is al afgehandeld: de intake is al gehouden."))
    today = timezone.localdate()
    known = _validate(actor, current, data, today)
    client = _write_client(actor, known, data)
    if data.get("household"):
        _record_household(actor, client, data["household"])
    age = client.age_on(today)
    kind = data["requested_benefit"]
    route = data["route"]
    self_reliance = data["self_reliance"]
    segment = Segment.CARE_FIRST if route == Route.CARE_FIRST else SEGMENT_FOR[self_reliance]

    rule = None
    team = client.team
    if client.coach_id is None:
        # A client who already has a coach keeps him (and his team); the others are routed.
        rule = selectors.matching_rule(client.werkplein_id, age, kind)
        team = rule.team if rule else None
    Client.objects.filter(pk=client.pk).update(segment=segment, team=team)
    client.segment, client.team = segment, team

    latest = (
        LadderStep.objects.filter(werkplein_id=client.werkplein_id, client=client)
        .order_by("-set_on", "-id")
        .first()
    )
    if latest is None or latest.rung != data["ladder_rung"]:
        plan_services.set_ladder_rung(
            actor=actor,
            client=client,
            rung=data["ladder_rung"],
            note=_("Vastgesteld bij de intake"),
        )
    plan = plan_services.create_plan(actor=actor, client=client)
    first_steps = [
        plan_services.add_activity(
            actor=actor,
            plan=plan,
            description=step["description"],
            owner=step["owner"],
            due_on=step.get("due_on"),
        )
        for step in data.get("steps") or []
    ]

    adviser = data.get("second_adviser")
    intake = Intake.objects.create(
        werkplein_id=actor.werkplein_id,
        client=client,
        registration=current,
        held_on=today,
        held_by=actor,
        held_by_organisation_id=actor.organisation_id,
        second_adviser=adviser,
        second_organisation_id=adviser.organisation_id if adviser else None,
        requested_benefit=kind,
        paying_organisation=selectors.paying_organisation_for(client, kind),
        self_reliance=self_reliance,
        ladder_rung=data["ladder_rung"],
        barriers=list(data.get("barriers") or []),
        strengths=(data.get("strengths") or "").strip(),
        route=route,
        recommendations=data["recommendations"].strip(),
        first_steps=[
            {
                "description": step.description,
                "due_on": step.due_on.isoformat() if step.due_on else None,
            }
            for step in first_steps
        ],
        team=team,
        routing_rule=rule,
    )

    logbook_services.record_event(
        actor=actor,
        client=client,
        text=_("Aanbevelingen uit uw intakegesprek (route: %(route)s):\n%(text)s")
        % {"route": Route(route).label, "text": intake.recommendations},
        visibility=Visibility.CLIENT,
    )

    # Imported here: allocation and benefits build on the intake's models.
    from werkplein.allocation.services import propose_coach
    from werkplein.benefits.rules import search_period_applies
    from werkplein.benefits.services import start_search_period

    if team is not None and client.coach_id is None:
        propose_coach(actor=actor, client=client, team=team)
    if search_period_applies(age, kind):
        start_search_period(actor=actor, client=client, starts_on=today)

    current.status = RegistrationStatus.DONE
    current.client = client
    current.save(update_fields=["status", "client", "updated_at"])

    advisers = f"{actor} ({actor.organisation})"
    if adviser is not None:
        advisers += _(" en %(name)s (%(organisation)s)") % {
            "name": adviser,
            "organisation": adviser.organisation,
        }
    logbook_services.add_system_entry(
        actor=actor,
        client=client,
        text=_(
            "Intake gehouden door %(advisers)s. Gevraagde uitkering: %(benefit)s. "
            "Zelfredzaamheid: %(reliance)s. Route: %(route)s. Team: %(team)s."
        )
        % {
            "advisers": advisers,
            "benefit": BenefitKind(kind).label,
            "reliance": SelfReliance(self_reliance).label,
            "route": Route(route).label,
            "team": team.name if team else _("nog geen (teamleider wijst toe)"),
        },
    )
    if data.get("invite") and client.email and client.user_id is None:
        actor_id, client_id = actor.pk, client.pk
        transaction.on_commit(
            lambda: _invite_after_commit(User.objects.get(pk=actor_id), client_id)
        )
    return intake


# --- routing rules -------------------------------------------------------------------------------


def _check_admin(actor: User) -> None:
    if not actor.has_perm("intake.manage_routing"):
        raise PermissionDenied


@transaction.atomic
def save_routing_rule(*, actor: User, rule: RoutingRule) -> RoutingRule:
    """Adds (at the end) or saves a routing rule of the actor's Werkplein."""
    _check_admin(actor)
    if rule.team.werkplein_id != actor.werkplein_id:
        raise ValidationError({"team": [_("Kies een team van dit Werkplein.")]})
    if rule.min_age is not None and rule.max_age is not None and rule.min_age > rule.max_age:
        raise ValidationError({"max_age": [_("De hoogste leeftijd is lager dan de laagste.")]})
    if rule.pk is None:
        rule.werkplein_id = actor.werkplein_id
        last = RoutingRule.objects.filter(werkplein_id=actor.werkplein_id).aggregate(
            last=Max("position")
        )["last"]
        rule.position = 10 if last is None else min(last + 10, 32000)
    elif rule.werkplein_id != actor.werkplein_id:
        raise PermissionDenied
    rule.save()
    return rule


@transaction.atomic
def delete_routing_rule(*, actor: User, rule: RoutingRule) -> None:
    _check_admin(actor)
    RoutingRule.objects.filter(pk=rule.pk, werkplein_id=actor.werkplein_id).delete()


@transaction.atomic
def move_routing_rule(*, actor: User, rule: RoutingRule, up: bool) -> None:
    """Swaps the rule with its neighbour; positions are renumbered 10, 20, 30, ..."""
    _check_admin(actor)
    rules = list(
        RoutingRule.objects.select_for_update()
        .filter(werkplein_id=actor.werkplein_id)
        .order_by("position", "id")
    )
    index = next((i for i, r in enumerate(rules) if r.pk == rule.pk), None)
    if index is None:
        return
    other = index - 1 if up else index + 1
    if 0 <= other < len(rules):
        rules[index], rules[other] = rules[other], rules[index]
    for position, row in enumerate(rules, start=1):
        if row.position != position * 10:
            RoutingRule.objects.filter(pk=row.pk).update(position=position * 10)
