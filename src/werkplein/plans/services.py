"""Every write to a plan, its goals and activities, job applications and the ladder.

Each service is one transaction: it checks the rule, validates, writes, and writes the logbook
entry (visible to the client) that the change implies. The caller reached the client through a
selector (clients.selectors.dossier_for for staff, portal.selectors.own_dossier for the client).

`Plan.version` tracks what was agreed: every change of the plan's content (a goal, an activity's
description, owner, due date or goal, cancelling an activity, the application obligation) bumps
it, so an earlier acceptance no longer covers the changed plan. Ticking an activity off (or
reopening it) is progress, not a new agreement: it does not bump the plan's version.
"""

import datetime
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from werkplein.accounts.models import User
from werkplein.clients.models import Client
from werkplein.core.access import ClientNotFound
from werkplein.logbook import services as logbook_services
from werkplein.plans import notices
from werkplein.plans.models import (
    Activity,
    ActivityOwner,
    ActivityStatus,
    ApplicationChannel,
    ApplicationResult,
    Goal,
    JobApplication,
    LadderRung,
    LadderStep,
    Plan,
)

T = TypeVar("T", Goal, Activity, JobApplication)

MAX_TEXT = 300
MAX_NAME = 160
MAX_NOTES = 2_000
MAX_APPLICATIONS_REQUIRED = 50
MAX_OBLIGATION_WEEKS = 52
# An application older than this is refused as a typing error ("2002" for "2024").
MAX_APPLICATION_AGE_DAYS = 366
# The participation ladder is younger than this; an earlier date is a typing error.
EARLIEST_LADDER_DAY = datetime.date(2000, 1, 1)
# Progress that is not a new agreement: flipping between open and done.
PROGRESS_STATUSES = frozenset({ActivityStatus.OPEN, ActivityStatus.DONE})


class StaleVersion(Exception):
    """A change based on a goal, activity, application or plan someone changed meanwhile."""

    def __init__(self, current) -> None:
        super().__init__("stale version")
        self.current = current


# --- helpers -------------------------------------------------------------------------------------


def _check(actor: User, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _log(actor: User, client: Client, text: str) -> None:
    logbook_services.record_event(actor=actor, client=client, text=text)


def _locked_plan(plan: Plan) -> Plan:
    """The plan row, locked until the end of the transaction: changes and acceptance queue."""
    current = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("client")
        .filter(pk=plan.pk)
        .first()
    )
    if current is None:
        raise ClientNotFound()
    return current


def _locked(row: T) -> T:
    """A fresh copy of a goal, activity or application, locked until the end of the
    transaction; ClientNotFound (a 404) when it was removed meanwhile."""
    current = type(row).objects.select_for_update().filter(pk=row.pk).first()
    if current is None:
        raise ClientNotFound()
    return current


def _bump(plan: Plan) -> Plan:
    """A change of what was agreed: a new version, and after commit a notice to the client."""
    Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1, updated_at=timezone.now())
    plan.refresh_from_db(fields=["version", "updated_at"])
    notices.tell_client_after_commit(plan.client)
    return plan


def _day(value: datetime.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else _("geen datum")


def _check_storable(text: str, field: str) -> None:
    """PostgreSQL cannot store a NUL character in text (a 500 there; SQLite kept it): refused
    here, for every database alike. Forms refuse it already; this covers the API."""
    if "\x00" in text:
        raise ValidationError(
            {field: [_("De tekst bevat een teken dat niet is toegestaan. Typ de tekst opnieuw.")]}
        )


def _clean_text(value: str | None, field: str, message: str, max_length: int = MAX_TEXT) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise ValidationError({field: [message]})
    _check_storable(text, field)
    if len(text) > max_length:
        raise ValidationError(
            {field: [_("Te lang: maximaal %(max)s tekens.") % {"max": max_length}]}
        )
    return text


def _describe_activity(activity: Activity) -> str:
    return _("%(description)s (%(owner)s, uiterlijk %(due)s)") % {
        "description": activity.description,
        "owner": ActivityOwner(activity.owner).label,
        "due": _day(activity.due_on),
    }


# --- the plan ------------------------------------------------------------------------------------


@transaction.atomic
def create_plan(*, actor: User, client: Client) -> Plan:
    """The client's plan; created (and logged) if he has none yet."""
    _check(actor, "plans.change_plan")
    Client.objects.select_for_update().filter(pk=client.pk).first()  # one creation at a time
    existing = Plan.objects.filter(werkplein_id=client.werkplein_id, client=client).first()
    if existing is not None:
        return existing
    plan = Plan.objects.create(werkplein_id=client.werkplein_id, client=client)
    _log(actor, client, _("Plan van aanpak gemaakt"))
    return plan


@transaction.atomic
def set_obligation(
    *,
    actor: User,
    plan: Plan,
    applications_required: int,
    obligation_weeks: int,
    expected_version: int,
) -> Plan:
    """Sets the job-application obligation: `applications_required` per `obligation_weeks`
    weeks (0 applications: no obligation)."""
    _check(actor, "plans.change_plan")
    errors: dict[str, list[str]] = {}
    if not 0 <= applications_required <= MAX_APPLICATIONS_REQUIRED:
        errors["applications_required"] = [
            _("Kies een aantal van 0 tot en met %(max)s.") % {"max": MAX_APPLICATIONS_REQUIRED}
        ]
    if not 1 <= obligation_weeks <= MAX_OBLIGATION_WEEKS:
        errors["obligation_weeks"] = [
            _("Kies een periode van 1 tot en met %(max)s weken.") % {"max": MAX_OBLIGATION_WEEKS}
        ]
    if errors:
        raise ValidationError(errors)
    current = _locked_plan(plan)
    if current.version != expected_version:
        raise StaleVersion(current)
    if (current.applications_required, current.obligation_weeks) == (
        applications_required,
        obligation_weeks,
    ):
        return current
    Plan.objects.filter(pk=current.pk).update(
        applications_required=applications_required, obligation_weeks=obligation_weeks
    )
    current.applications_required = applications_required
    current.obligation_weeks = obligation_weeks
    if applications_required:
        text = _("Sollicitatieplicht afgesproken: %(count)s sollicitaties per %(weeks)s weken") % {
            "count": applications_required,
            "weeks": obligation_weeks,
        }
    else:
        text = _("Sollicitatieplicht: geen")
    _log(actor, current.client, text)
    return _bump(current)


@transaction.atomic
def accept_plan(*, actor: User, plan: Plan, version: int) -> Plan:
    """The client agrees to the plan as he saw it: `version` is the version he read. If the plan
    changed since, StaleVersion carries the new plan and nothing is recorded."""
    current = _locked_plan(plan)
    _check(actor, "plans.accept_plan", current.client)
    if current.version != version:
        raise StaleVersion(current)
    if current.is_accepted:
        return current
    if not (current.goals.exists() or current.activities.exists()):
        raise ValidationError(
            {
                "version": [
                    _("Dit plan heeft nog geen doelen of activiteiten om mee akkoord te gaan.")
                ]
            }
        )
    current.accepted_version = current.version
    current.accepted_at = timezone.now()
    Plan.objects.filter(pk=current.pk).update(
        accepted_version=current.accepted_version, accepted_at=current.accepted_at
    )
    _log(
        actor,
        current.client,
        _("Plan geaccepteerd door de klant (versie %(version)s)") % {"version": current.version},
    )
    return current


# --- goals ---------------------------------------------------------------------------------------


def _goal_text(text: str) -> str:
    return _clean_text(text, "text", _("Schrijf het doel op."))


@transaction.atomic
def add_goal(*, actor: User, plan: Plan, text: str) -> Goal:
    _check(actor, "plans.change_plan")
    text = _goal_text(text)
    current = _locked_plan(plan)
    last = current.goals.aggregate(last=Max("position"))["last"]
    goal = Goal.objects.create(
        werkplein_id=current.werkplein_id,
        plan=current,
        text=text,
        position=0 if last is None else last + 1,
    )
    _log(actor, current.client, _("Doel toegevoegd: %(text)s") % {"text": text})
    _bump(current)
    return goal


@transaction.atomic
def update_goal(*, actor: User, goal: Goal, text: str, expected_version: int) -> Goal:
    _check(actor, "plans.change_plan")
    text = _goal_text(text)
    plan = _locked_plan(goal.plan)
    current = _locked(goal)
    if current.version != expected_version:
        raise StaleVersion(current)
    if current.text == text:
        return current
    old = current.text
    Goal.objects.filter(pk=current.pk).update(
        text=text, version=F("version") + 1, updated_at=timezone.now()
    )
    _log(actor, plan.client, _("Doel gewijzigd: %(old)s → %(new)s") % {"old": old, "new": text})
    _bump(plan)
    current.refresh_from_db()
    return current


@transaction.atomic
def remove_goal(*, actor: User, goal: Goal, expected_version: int) -> None:
    """Removes a goal; its activities stay in the plan, without a goal."""
    _check(actor, "plans.change_plan")
    plan = _locked_plan(goal.plan)
    current = _locked(goal)
    if current.version != expected_version:
        raise StaleVersion(current)
    current.delete()
    _log(actor, plan.client, _("Doel verwijderd: %(text)s") % {"text": current.text})
    _bump(plan)


# --- activities ----------------------------------------------------------------------------------


def _activity_values(
    plan: Plan,
    *,
    description: str,
    goal: Goal | None,
    owner: str,
    due_on: datetime.date | None,
    status: str,
) -> dict:
    errors: dict[str, list[str]] = {}
    try:
        description = _clean_text(description, "description", _("Beschrijf de activiteit."))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if owner not in ActivityOwner.values:
        errors["owner"] = [_("Kies wie de activiteit doet.")]
    if status not in ActivityStatus.values:
        errors["status"] = [_("Kies een geldige status.")]
    if goal is not None and goal.plan_id != plan.pk:
        errors["goal"] = [_("Kies een doel uit dit plan.")]
    if due_on is not None and not (
        datetime.date(2000, 1, 1) <= due_on <= datetime.date(2100, 1, 1)
    ):
        errors["due_on"] = [_("Vul een geldige datum in.")]
    if errors:
        raise ValidationError(errors)
    return {
        "description": description,
        "goal": goal,
        "owner": owner,
        "due_on": due_on,
        "status": status,
    }


@transaction.atomic
def add_activity(
    *,
    actor: User,
    plan: Plan,
    description: str,
    owner: str = ActivityOwner.CLIENT,
    goal: Goal | None = None,
    due_on: datetime.date | None = None,
    status: str = ActivityStatus.OPEN,
) -> Activity:
    _check(actor, "plans.change_plan")
    current = _locked_plan(plan)
    values = _activity_values(
        current, description=description, goal=goal, owner=owner, due_on=due_on, status=status
    )
    activity = Activity.objects.create(
        werkplein_id=current.werkplein_id,
        plan=current,
        done_at=timezone.now() if status == ActivityStatus.DONE else None,
        **values,
    )
    _log(
        actor,
        current.client,
        _("Activiteit toegevoegd: %(activity)s") % {"activity": _describe_activity(activity)},
    )
    _bump(current)
    return activity


@transaction.atomic
def update_activity(
    *,
    actor: User,
    activity: Activity,
    expected_version: int,
    description: str,
    owner: str,
    goal: Goal | None,
    due_on: datetime.date | None,
    status: str,
) -> Activity:
    """Changes an activity. Bumps the plan's version unless the change is only open ↔ done."""
    _check(actor, "plans.change_plan")
    plan = _locked_plan(activity.plan)
    current = _locked(activity)
    if current.version != expected_version:
        raise StaleVersion(current)
    values = _activity_values(
        plan, description=description, goal=goal, owner=owner, due_on=due_on, status=status
    )
    changed = {
        name: value
        for name, value in values.items()
        if (value.pk if name == "goal" and value else value)
        != getattr(current, "goal_id" if name == "goal" else name)
    }
    if not changed:
        return current
    before = _describe_activity(current)
    before_status = current.status
    if "status" in changed:
        changed["done_at"] = timezone.now() if status == ActivityStatus.DONE else None
    Activity.objects.filter(pk=current.pk).update(
        **changed, version=F("version") + 1, updated_at=timezone.now()
    )
    current.refresh_from_db()
    after = _describe_activity(current)
    if before != after:
        text = _("Activiteit gewijzigd: %(before)s → %(after)s") % {
            "before": before,
            "after": after,
        }
    else:
        text = _("Activiteit %(description)s: %(status)s") % {
            "description": current.description,
            "status": ActivityStatus(current.status).label.lower(),
        }
    if "goal" in changed:
        text += "\n" + _("Doel: %(goal)s") % {"goal": current.goal or _("geen")}
    _log(actor, plan.client, text)
    only_progress = set(changed) <= {"status", "done_at"} and {before_status, status} <= (
        PROGRESS_STATUSES
    )
    if not only_progress:
        _bump(plan)
    return current


@transaction.atomic
def remove_activity(*, actor: User, activity: Activity, expected_version: int) -> None:
    _check(actor, "plans.change_plan")
    plan = _locked_plan(activity.plan)
    current = _locked(activity)
    if current.version != expected_version:
        raise StaleVersion(current)
    current.delete()
    _log(
        actor,
        plan.client,
        _("Activiteit verwijderd: %(activity)s") % {"activity": _describe_activity(current)},
    )
    _bump(plan)


@transaction.atomic
def mark_activity(*, actor: User, activity: Activity, done: bool = True) -> Activity:
    """The client ticks off (or reopens) an activity of his own. Idempotent; the plan's
    version stays: doing what was agreed is not a new agreement."""
    _check(actor, "plans.mark_activity_done", activity)
    plan = _locked_plan(activity.plan)
    current = _locked(activity)
    if current.status == ActivityStatus.CANCELLED:
        raise ValidationError({"status": [_("Deze activiteit is vervallen.")]})
    wanted = ActivityStatus.DONE if done else ActivityStatus.OPEN
    if current.status == wanted:
        return current
    done_at = timezone.now() if done else None
    Activity.objects.filter(pk=current.pk).update(
        status=wanted, done_at=done_at, version=F("version") + 1, updated_at=timezone.now()
    )
    current.refresh_from_db()
    if done:
        text = _("Activiteit gedaan: %(description)s")
    else:
        text = _("Activiteit toch nog niet gedaan: %(description)s")
    _log(actor, plan.client, text % {"description": current.description})
    return current


# --- job applications ----------------------------------------------------------------------------


def _application_values(
    *,
    employer_name: str,
    position: str,
    applied_on: datetime.date | None,
    channel: str,
    result: str,
    notes: str,
    today: datetime.date,
) -> dict:
    errors: dict[str, list[str]] = {}
    try:
        employer_name = _clean_text(
            employer_name, "employer_name", _("Vul de naam van de werkgever in."), MAX_NAME
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        position = _clean_text(position, "position", _("Vul de functie in."), MAX_NAME)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if applied_on is None:
        errors["applied_on"] = [_("Vul de datum in waarop u solliciteerde.")]
    elif applied_on > today:
        errors["applied_on"] = [
            _("De datum ligt in de toekomst. Vul de dag in dat u solliciteerde.")
        ]
    elif applied_on < today - datetime.timedelta(days=MAX_APPLICATION_AGE_DAYS):
        errors["applied_on"] = [
            _("Deze datum is meer dan een jaar geleden. Controleer het jaartal.")
        ]
    if channel not in ApplicationChannel.values:
        errors["channel"] = [_("Kies hoe u solliciteerde.")]
    if result not in ApplicationResult.values:
        errors["result"] = [_("Kies een resultaat.")]
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTES:
        errors["notes"] = [_("Te lang: maximaal %(max)s tekens.") % {"max": MAX_NOTES}]
    else:
        try:
            _check_storable(notes, "notes")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return {
        "employer_name": employer_name,
        "position": position,
        "applied_on": applied_on,
        "channel": channel,
        "result": result,
        "notes": notes,
    }


@transaction.atomic
def record_application(
    *,
    actor: User,
    client: Client,
    employer_name: str,
    position: str,
    applied_on: datetime.date | None,
    channel: str = ApplicationChannel.WEBSITE,
    result: str = ApplicationResult.WAITING,
    notes: str = "",
) -> JobApplication:
    """The client records a job application he made."""
    _check(actor, "plans.record_application", client)
    values = _application_values(
        employer_name=employer_name,
        position=position,
        applied_on=applied_on,
        channel=channel,
        result=result,
        notes=notes,
        today=timezone.localdate(),
    )
    application = JobApplication.objects.create(
        werkplein_id=client.werkplein_id, client=client, recorded_by=actor, **values
    )
    _log(
        actor,
        client,
        _("Sollicitatie: %(position)s bij %(employer)s (%(date)s, %(result)s)")
        % {
            "position": application.position,
            "employer": application.employer_name,
            "date": _day(application.applied_on),
            "result": ApplicationResult(application.result).label.lower(),
        },
    )
    return application


@transaction.atomic
def update_application(
    *,
    actor: User,
    application: JobApplication,
    expected_version: int,
    result: str,
    notes: str | None = None,
) -> JobApplication:
    """The client records what came of an application (and, optionally, a note)."""
    _check(actor, "plans.change_application", application)
    current = _locked(application)
    if current.version != expected_version:
        raise StaleVersion(current)
    values = _application_values(
        employer_name=current.employer_name,
        position=current.position,
        applied_on=current.applied_on,
        channel=current.channel,
        result=result,
        notes=current.notes if notes is None else notes,
        # an existing application keeps its date, however old it has become
        today=max(timezone.localdate(), current.applied_on),
    ) | {"applied_on": current.applied_on}
    if (values["result"], values["notes"]) == (current.result, current.notes):
        return current
    JobApplication.objects.filter(pk=current.pk).update(
        result=values["result"],
        notes=values["notes"],
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    current.refresh_from_db()
    _log(
        actor,
        application.client,
        _("Sollicitatie bij %(employer)s (%(position)s): %(result)s")
        % {
            "employer": current.employer_name,
            "position": current.position,
            "result": ApplicationResult(current.result).label.lower(),
        },
    )
    return current


# --- the participation ladder --------------------------------------------------------------------


@transaction.atomic
def set_ladder_rung(
    *,
    actor: User,
    client: Client,
    rung: int,
    note: str = "",
    set_on: datetime.date | None = None,
) -> LadderStep:
    """Records the client's rung on the participation ladder; the history stays, one row per
    change. The ladder is the coach's assessment, not part of the agreement: the plan's version
    stays."""
    _check(actor, "plans.change_plan")
    today = timezone.localdate()
    set_on = set_on or today
    errors: dict[str, list[str]] = {}
    if rung not in LadderRung.values:
        errors["rung"] = [_("Kies een trede van 1 tot en met 6.")]
    if set_on > today:
        errors["set_on"] = [_("De datum kan niet in de toekomst liggen.")]
    elif set_on < EARLIEST_LADDER_DAY:
        # A typing error ("0024" for "2024"), which would also stretch the ladder chart.
        errors["set_on"] = [_("Deze datum ligt te ver terug. Controleer het jaartal.")]
    note = " ".join((note or "").split())
    if len(note) > MAX_TEXT:
        errors["note"] = [_("Te lang: maximaal %(max)s tekens.") % {"max": MAX_TEXT}]
    elif "\x00" in note:
        errors["note"] = [
            _("De tekst bevat een teken dat niet is toegestaan. Typ de tekst opnieuw.")
        ]
    if errors:
        raise ValidationError(errors)
    Client.objects.select_for_update().filter(pk=client.pk).first()
    latest = (
        LadderStep.objects.filter(werkplein_id=client.werkplein_id, client=client)
        .order_by("-set_on", "-id")
        .first()
    )
    if latest is not None and latest.rung == rung and latest.set_on <= set_on:
        raise ValidationError({"rung": [_("De klant staat al op deze trede.")]})
    step = LadderStep.objects.create(
        werkplein_id=client.werkplein_id,
        client=client,
        rung=rung,
        set_on=set_on,
        set_by=actor,
        note=note,
    )
    text = _("Participatieladder: trede %(rung)s, %(name)s (%(date)s)") % {
        "rung": rung,
        "name": LadderRung(rung).label.lower(),
        "date": _day(set_on),
    }
    if note:
        text += "\n" + note
    _log(actor, client, text)
    return step
