"""A coach's absence (leave) and his stand-in from the same team.

During an absence the stand-in reaches the absent coach's clients (core.access) and receives
his messages; the client is told who stands in. Days are Europe/Amsterdam days, both inclusive.
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from werkplein.accounts.models import Role, Team, User
from werkplein.messaging.models import Absence

COACH_ROLES = frozenset({Role.COACH, Role.TEAM_LEAD})
MAX_DAYS_AHEAD = 366


def _current(on: datetime.date | None) -> QuerySet[Absence]:
    day = on or timezone.localdate()
    return Absence.objects.filter(cancelled_at=None, starts_on__lte=day, ends_on__gte=day)


def absence_of(coach: User | None, on: datetime.date | None = None) -> Absence | None:
    """The coach's absence on that day (default today), with its stand-in; None when present."""
    if coach is None or coach.pk is None:
        return None
    return (
        _current(on)
        .filter(werkplein_id=coach.werkplein_id, coach=coach)
        .select_related("stand_in", "coach")
        .order_by("starts_on", "id")
        .first()
    )


def stand_in_for(coach: User | None, on: datetime.date | None = None) -> User | None:
    """Who stands in for the coach on that day (default today); None when he is present."""
    absence = absence_of(coach, on)
    return absence.stand_in if absence is not None else None


def absences_stood_in_for(user: User, on: datetime.date | None = None) -> QuerySet[Absence]:
    """The absences in which this user stands in on that day; core.access reads their coaches."""
    return _current(on).filter(werkplein_id=user.werkplein_id, stand_in=user)


# --- who may do what -----------------------------------------------------------------------------


def led_members(lead: User) -> QuerySet[User]:
    """The active coaches and team leads in the teams this user leads."""
    if lead.role != Role.TEAM_LEAD:
        return User.objects.none()
    return User.objects.filter(
        werkplein_id=lead.werkplein_id,
        is_active=True,
        role__in=COACH_ROLES,
        teams__lead=lead,
        teams__werkplein_id=lead.werkplein_id,
    ).distinct()


def may_manage_absence(actor: User, coach: User) -> bool:
    """A coach or team lead sets his own absence; a team lead also those of his team."""
    if not actor.is_authenticated or not actor.is_active or actor.role not in COACH_ROLES:
        return False
    if coach.werkplein_id != actor.werkplein_id:
        return False
    if coach.pk == actor.pk:
        return True
    return led_members(actor).filter(pk=coach.pk).exists()


def coaches_managed_by(actor: User) -> QuerySet[User]:
    """The coaches whose absences this user may set: himself and, for a team lead, his team."""
    if not actor.is_authenticated or actor.role not in COACH_ROLES:
        return User.objects.none()
    return User.objects.filter(
        Q(pk=actor.pk) | Q(pk__in=led_members(actor).values("pk")),
        werkplein_id=actor.werkplein_id,
    ).order_by("last_name", "first_name", "username")


def possible_stand_ins(coach: User) -> QuerySet[User]:
    """Active coaches and team leads of the coach's teams (members or lead), not himself."""
    teams = Team.objects.filter(werkplein_id=coach.werkplein_id).filter(
        Q(members=coach) | Q(lead=coach)
    )
    return (
        User.objects.filter(werkplein_id=coach.werkplein_id, is_active=True, role__in=COACH_ROLES)
        .filter(Q(teams__in=teams) | Q(led_teams__in=teams))
        .exclude(pk=coach.pk)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def absences_for(actor: User, *, include_past: bool = False) -> QuerySet[Absence]:
    """The absences this user may see and manage: his own and, for a team lead, his team's."""
    rows = Absence.objects.filter(
        werkplein_id=actor.werkplein_id,
        coach__in=coaches_managed_by(actor).values("pk"),
    )
    if not include_past:
        rows = rows.filter(ends_on__gte=timezone.localdate())
    return rows.select_related("coach", "stand_in", "created_by").order_by("starts_on", "id")


def absence_to_manage(actor: User, absence_id: int | str) -> Absence:
    """One absence the user may cancel; another's, or an unknown id, is a 404."""
    try:
        pk = int(absence_id)
    except (TypeError, ValueError):
        raise Http404 from None
    absence = absences_for(actor, include_past=True).filter(pk=pk).first()
    if absence is None:
        raise Http404
    return absence


# --- writes --------------------------------------------------------------------------------------


@transaction.atomic
def set_absence(
    *,
    actor: User,
    coach: User,
    stand_in: User | None,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
) -> Absence:
    """Records a coach's absence with his stand-in. Dutch ValidationError per field."""
    if not may_manage_absence(actor, coach):
        raise PermissionDenied
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if starts_on is None:
        errors["starts_on"] = [_("Vul de eerste dag van de afwezigheid in.")]
    elif starts_on < today:
        errors["starts_on"] = [_("De eerste dag kan niet in het verleden liggen.")]
    elif starts_on > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        errors["starts_on"] = [_("Een afwezigheid kan hoogstens een jaar vooruit worden gemeld.")]
    if ends_on is None:
        errors["ends_on"] = [_("Vul de laatste dag van de afwezigheid in.")]
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("De laatste dag kan niet voor de eerste dag liggen.")]
    elif ends_on > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        errors["ends_on"] = [_("Een afwezigheid kan hoogstens een jaar vooruit worden gemeld.")]
    if stand_in is None:
        errors["stand_in"] = [_("Kies een vervanger.")]
    elif stand_in.pk == coach.pk:
        errors["stand_in"] = [_("De vervanger moet iemand anders zijn dan de afwezige coach.")]
    elif not possible_stand_ins(coach).filter(pk=stand_in.pk).exists():
        errors["stand_in"] = [_("Kies als vervanger een actieve coach uit hetzelfde team.")]
    if errors:
        raise ValidationError(errors)
    # Lock the coach's row so two requests cannot both pass the overlap check.
    User.objects.select_for_update().filter(pk=coach.pk).first()
    overlapping = Absence.objects.filter(
        werkplein_id=coach.werkplein_id,
        coach=coach,
        cancelled_at=None,
        starts_on__lte=ends_on,
        ends_on__gte=starts_on,
    )
    if overlapping.exists():
        raise ValidationError(
            {"starts_on": [_("Er is al een afwezigheid gemeld die met deze dagen overlapt.")]}
        )
    return Absence.objects.create(
        werkplein_id=coach.werkplein_id,
        coach=coach,
        stand_in=stand_in,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )


@transaction.atomic
def cancel_absence(*, actor: User, absence: Absence) -> Absence:
    """Withdraws an absence: from now on the coach counts as present and the stand-in no longer
    reaches his clients. An absence already over, or already withdrawn, cannot be withdrawn."""
    current = Absence.objects.select_for_update().select_related("coach").get(pk=absence.pk)
    if not may_manage_absence(actor, current.coach):
        raise PermissionDenied
    if current.cancelled_at is not None:
        raise ValidationError({NON_FIELD_ERRORS: [_("Deze afwezigheid is al ingetrokken.")]})
    if current.ends_on < timezone.localdate():
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    _("Deze afwezigheid is al voorbij en kan niet meer worden ingetrokken.")
                ]
            }
        )
    current.cancelled_at = timezone.now()
    current.save(update_fields=["cancelled_at", "updated_at"])
    return current


def stand_in_choices(actor: User) -> QuerySet[User]:
    """Everyone who could stand in for one of the coaches this user manages (the form's list;
    set_absence checks the exact pair)."""
    if actor.role != Role.TEAM_LEAD:
        return possible_stand_ins(actor)
    managed = coaches_managed_by(actor)
    teams = Team.objects.filter(werkplein_id=actor.werkplein_id).filter(
        Q(members__in=managed) | Q(lead__in=managed)
    )
    return (
        User.objects.filter(werkplein_id=actor.werkplein_id, is_active=True, role__in=COACH_ROLES)
        .filter(Q(teams__in=teams) | Q(led_teams__in=teams))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
