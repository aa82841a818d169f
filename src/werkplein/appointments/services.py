"""Every write of appointments and availability: keyword-only, one transaction each.

Each change of an appointment writes a logbook entry the client sees, and enqueues its e-mails
after commit (appointments.tasks). Double booking is prevented twice: the coach's user row is
locked before the free check (so concurrent bookings for one coach queue up), and the database
refuses a second planned appointment at the same coach and start
(`appointment_one_planned_per_coach_start`), which becomes the same clear message.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkplein.accounts.models import Role, User
from werkplein.appointments import selectors
from werkplein.appointments.models import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    AvailabilityException,
    AvailabilityRule,
    CalendarFeed,
)
from werkplein.appointments.rules import cutoff
from werkplein.appointments.selectors import Slot
from werkplein.appointments.tasks import schedule_reminder, send_coach_notice, send_confirmation
from werkplein.clients import selectors as client_selectors
from werkplein.clients.models import Client
from werkplein.core.access import ClientNotFound
from werkplein.core.tokens import hash_token
from werkplein.logbook.models import EntryKind
from werkplein.logbook.services import record_event

TAKEN = gettext_lazy("Dit tijdstip is net door iemand anders geboekt. Kies een ander tijdstip.")
PAST = gettext_lazy("Dit tijdstip is al voorbij. Kies een tijdstip in de toekomst.")
UNKNOWN_SLOT = gettext_lazy(
    "Op dit tijdstip kunt u geen afspraak maken. Kies een tijdstip uit de lijst."
)
BEYOND_HORIZON = gettext_lazy(
    "U kunt tot %(days)s dagen vooruit een afspraak maken. Kies een eerder tijdstip."
)
AFTER_CUTOFF = gettext_lazy(
    "Deze afspraak begint binnen %(hours)s uur. U kunt hem nu niet meer zelf verzetten of "
    "annuleren. Bel uw werkcoach."
)
CLIENT_BUSY = gettext_lazy(
    "U heeft op dit tijdstip al een andere afspraak. Kies een ander tijdstip."
)
NO_COACH = gettext_lazy(
    "U heeft nog geen werkcoach. Daarom kunt u nog geen afspraak maken. Bel het Werkplein."
)
STALE = gettext_lazy(
    "Deze afspraak is intussen gewijzigd. Bekijk hem opnieuw en probeer het nog een keer."
)
NOT_PLANNED = gettext_lazy("Deze afspraak is al geannuleerd of afgerond.")
SAME_TIME = gettext_lazy("Uw afspraak staat al op dit tijdstip. Kies een ander tijdstip.")

MAX_REASON = 500
MAX_APPOINTMENT = datetime.timedelta(hours=8)
# The coach plans at most this far ahead: as far as his calendar feed reaches.
MAX_PLAN_AHEAD = datetime.timedelta(days=selectors.FEED_DAYS_AHEAD)
# Availability starts on a day between these: anything else is a typing error in the year.
EARLIEST_VALID_FROM = datetime.date(2000, 1, 1)
MAX_VALID_FROM_AHEAD = datetime.timedelta(days=366)
UNSTORABLE = gettext_lazy("De tekst bevat een teken dat niet is toegestaan. Typ de tekst opnieuw.")


# --- helpers -------------------------------------------------------------------------------------


def _when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _aware(moment: datetime.datetime | None, field: str = "starts_at") -> datetime.datetime:
    """The moment with a time zone (a naive one is Dutch time). A moment at the very edge of the
    calendar (0001-01-01 east of UTC, 9999-12-31 west of it) has no UTC or Dutch time: refused
    like garbage, where comparing or showing it would overflow (a 500)."""
    invalid = ValidationError({field: [_("Kies een geldig tijdstip.")]})
    if not isinstance(moment, datetime.datetime):
        raise invalid
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, selectors.local_tz())
        moment.astimezone(datetime.UTC)
        timezone.localtime(moment)
    except (OverflowError, ValueError):
        raise invalid from None
    return moment


def _lock_coach(coach_id: int) -> User:
    """Locks the coach's row: bookings for one coach run one at a time (PostgreSQL). SQLite
    needs no row lock: its IMMEDIATE transactions already run one writer at a time."""
    return User.objects.select_for_update().get(pk=coach_id)


def _locked_appointment(appointment: Appointment) -> Appointment:
    current = Appointment.objects.select_for_update().select_related("coach").get(pk=appointment.pk)
    current.client = appointment.client
    return current


def _check_slot(
    coach: User,
    starts_at: datetime.datetime,
    now: datetime.datetime,
    *,
    horizon: bool,
    exclude_id: int | None = None,
) -> Slot:
    """The free slot of the coach that starts at `starts_at`, or a ValidationError saying why
    not: past, beyond the horizon, taken, or not a slot at all."""
    if starts_at <= now:
        raise ValidationError({"starts_at": [PAST]})
    day = timezone.localdate(starts_at)
    if horizon and day > selectors.booking_window(now)[1]:
        message = BEYOND_HORIZON % {"days": settings.WERKPLEIN_BOOKING_HORIZON_DAYS}
        raise ValidationError({"starts_at": [message]})
    for slot in selectors.free_slots(coach, day, day, now=now, exclude_appointment_id=exclude_id):
        if slot.starts_at == starts_at:
            return slot
    exists = any(s.starts_at == starts_at for s in selectors.candidate_slots(coach, day, day))
    if exists and day not in selectors.closed_days(coach, day, day):
        raise ValidationError({"starts_at": [TAKEN]})
    raise ValidationError({"starts_at": [UNKNOWN_SLOT]})


def _client_busy(
    client: Client, starts_at: datetime.datetime, ends_at: datetime.datetime, exclude_id=None
) -> bool:
    overlapping = Appointment.objects.filter(
        werkplein_id=client.werkplein_id,
        client=client,
        status=AppointmentStatus.PLANNED,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    if exclude_id is not None:
        overlapping = overlapping.exclude(pk=exclude_id)
    return overlapping.exists()


def _check_changeable(
    actor: User, appointment: Appointment, expected_version: int, now: datetime.datetime
) -> None:
    if appointment.version != expected_version:
        raise ValidationError(STALE)
    if appointment.status != AppointmentStatus.PLANNED:
        raise ValidationError(NOT_PLANNED)
    if actor.role == Role.CLIENT and now >= appointment.starts_at - cutoff():
        hours = settings.WERKPLEIN_APPOINTMENT_CUTOFF_HOURS
        raise ValidationError(AFTER_CUTOFF % {"hours": hours})


def _notify(appointment: Appointment, event: str, actor: User) -> None:
    """E-mails after commit: the client's confirmation, the coach's notice when someone else
    made the change, and the reminder of a new or moved appointment."""
    pk, coach_id = appointment.pk, appointment.coach_id
    transaction.on_commit(lambda: send_confirmation.enqueue(appointment_id=pk, event=event))
    if actor.pk != coach_id:
        transaction.on_commit(lambda: send_coach_notice.enqueue(appointment_id=pk, event=event))
    if event in ("booked", "moved"):
        snapshot = Appointment(pk=pk, starts_at=appointment.starts_at)
        transaction.on_commit(lambda: schedule_reminder(snapshot))


def _kind_label(kind: str) -> str:
    return str(AppointmentKind(kind).label).lower()


# --- the client's bookings -----------------------------------------------------------------------


def book_slot(*, actor: User, client: Client, starts_at: datetime.datetime) -> Appointment:
    """Books a free slot of the client's coach, by the client or on his behalf.

    The slot must exist, be free, lie in the future and within the booking horizon, and the
    client must have no other planned appointment at that time.
    """
    if not actor.has_perm("appointments.book_for", client):
        raise PermissionDenied
    if client.coach_id is None:
        raise ValidationError(NO_COACH)
    starts_at = _aware(starts_at)
    try:
        with transaction.atomic():
            coach = _lock_coach(client.coach_id)
            now = timezone.now()
            slot = _check_slot(coach, starts_at, now, horizon=True)
            if _client_busy(client, slot.starts_at, slot.ends_at):
                raise ValidationError({"starts_at": [CLIENT_BUSY]})
            appointment = Appointment.objects.create(
                werkplein_id=client.werkplein_id,
                client=client,
                coach=coach,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                kind=slot.kind,
                location=slot.location,
                booked_by=actor,
            )
            record_event(
                actor=actor,
                client=client,
                text=_("Afspraak gemaakt op %(when)s (%(kind)s).")
                % {"when": _when(slot.starts_at), "kind": _kind_label(slot.kind)},
                kind=EntryKind.APPOINTMENT,
            )
            _notify(appointment, "booked", actor)
    except IntegrityError:
        raise ValidationError({"starts_at": [TAKEN]}) from None
    return appointment


def reschedule_appointment(
    *,
    actor: User,
    appointment: Appointment,
    starts_at: datetime.datetime,
    expected_version: int,
) -> Appointment:
    """Moves a planned appointment to another free slot of the same coach; its old time is
    freed in the same transaction. A client may do this only until the cut-off."""
    if not actor.has_perm("appointments.change_appointment", appointment):
        raise PermissionDenied
    starts_at = _aware(starts_at)
    is_client = actor.role == Role.CLIENT
    try:
        with transaction.atomic():
            coach = _lock_coach(appointment.coach_id)
            current = _locked_appointment(appointment)
            now = timezone.now()
            _check_changeable(actor, current, expected_version, now)
            if starts_at == current.starts_at:
                raise ValidationError({"starts_at": [SAME_TIME]})
            slot = _check_slot(coach, starts_at, now, horizon=is_client, exclude_id=current.pk)
            if _client_busy(current.client, slot.starts_at, slot.ends_at, exclude_id=current.pk):
                raise ValidationError({"starts_at": [CLIENT_BUSY]})
            old_start = current.starts_at
            current.starts_at, current.ends_at = slot.starts_at, slot.ends_at
            current.kind, current.location = slot.kind, slot.location
            current.reminder_sent_at = None
            current.version += 1
            current.save(
                update_fields=[
                    "starts_at",
                    "ends_at",
                    "kind",
                    "location",
                    "reminder_sent_at",
                    "version",
                    "updated_at",
                ]
            )
            record_event(
                actor=actor,
                client=current.client,
                text=_("Afspraak verzet van %(old)s naar %(new)s (%(kind)s).")
                % {
                    "old": _when(old_start),
                    "new": _when(slot.starts_at),
                    "kind": _kind_label(slot.kind),
                },
                kind=EntryKind.APPOINTMENT,
            )
            _notify(current, "moved", actor)
    except IntegrityError:
        raise ValidationError({"starts_at": [TAKEN]}) from None
    return current


@transaction.atomic
def cancel_appointment(
    *, actor: User, appointment: Appointment, expected_version: int, reason: str = ""
) -> Appointment:
    """Cancels a planned appointment; its time is free again at once. A client may do this
    only until the cut-off; after it he is asked to call his coach."""
    if not actor.has_perm("appointments.change_appointment", appointment):
        raise PermissionDenied
    reason = " ".join((reason or "").split())
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": [_("De reden is te lang: maximaal %(max)s tekens.") % {"max": MAX_REASON}]}
        )
    if "\x00" in reason:  # PostgreSQL cannot store it in the logbook (a 500 there)
        raise ValidationError({"reason": [UNSTORABLE]})
    current = _locked_appointment(appointment)
    now = timezone.now()
    _check_changeable(actor, current, expected_version, now)
    current.status = AppointmentStatus.CANCELLED
    current.cancelled_at = now
    current.cancelled_by = actor
    current.version += 1
    current.save(update_fields=["status", "cancelled_at", "cancelled_by", "version", "updated_at"])
    text = _("Afspraak van %(when)s geannuleerd.") % {"when": _when(current.starts_at)}
    if reason:
        text += " " + _("Reden: %(reason)s") % {"reason": reason}
    record_event(actor=actor, client=current.client, text=text, kind=EntryKind.APPOINTMENT)
    _notify(current, "cancelled", actor)
    return current


# --- the coach's side ----------------------------------------------------------------------------


def _check_reach(actor: User, client: Client) -> None:
    if not client_selectors.is_within_reach(actor, client):
        raise ClientNotFound()


def _validate_place(kind: str, location: str, errors: dict) -> str:
    location = (location or "").strip()
    if kind not in AppointmentKind.values:
        errors["kind"] = [_("Kies of de afspraak op kantoor, telefonisch of met video is.")]
    elif kind == AppointmentKind.OFFICE and not location:
        errors["location"] = [_("Vul bij een afspraak op kantoor de locatie in.")]
    elif kind == AppointmentKind.VIDEO and not location.startswith("https://"):
        errors["location"] = [_("Vul bij een video-afspraak de link in; die begint met https://.")]
    if len(location) > 200:
        errors["location"] = [_("De locatie is te lang: maximaal 200 tekens.")]
    return location


def schedule_appointment(
    *,
    actor: User,
    client: Client,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    kind: str,
    location: str,
) -> Appointment:
    """An appointment the coach plans directly, at any time (not bound to slots), but never
    overlapping another planned appointment of the coach or the client."""
    if not actor.has_perm("appointments.schedule_appointment"):
        raise PermissionDenied
    _check_reach(actor, client)
    errors: dict[str, list] = {}
    starts_at, ends_at = _aware(starts_at), _aware(ends_at, "ends_at")
    now = timezone.now()
    if starts_at <= now:
        errors["starts_at"] = [_("Plan de afspraak in de toekomst.")]
    elif starts_at > now + MAX_PLAN_AHEAD:
        errors["starts_at"] = [_("Plan de afspraak hoogstens een jaar vooruit.")]
    if ends_at <= starts_at:
        errors["ends_at"] = [_("De eindtijd moet na de begintijd liggen.")]
    elif ends_at - starts_at > MAX_APPOINTMENT:
        errors["ends_at"] = [_("Een afspraak duurt hoogstens 8 uur.")]
    location = _validate_place(kind, location, errors)
    if errors:
        raise ValidationError(errors)
    coach_id = client.coach_id or actor.pk
    try:
        with transaction.atomic():
            coach = _lock_coach(coach_id)
            starts, _ends = selectors.planned_intervals(coach, starts_at, ends_at)
            if starts:
                message = (
                    _("U heeft op dit tijdstip al een andere afspraak.")
                    if coach.pk == actor.pk
                    else _("De coach heeft op dit tijdstip al een andere afspraak.")
                )
                raise ValidationError({"starts_at": [message]})
            if _client_busy(client, starts_at, ends_at):
                raise ValidationError(
                    {"starts_at": [_("De klant heeft op dit tijdstip al een afspraak.")]}
                )
            appointment = Appointment.objects.create(
                werkplein_id=client.werkplein_id,
                client=client,
                coach=coach,
                starts_at=starts_at,
                ends_at=ends_at,
                kind=kind,
                location=location,
                booked_by=actor,
            )
            record_event(
                actor=actor,
                client=client,
                text=_("Afspraak gepland op %(when)s (%(kind)s).")
                % {"when": _when(starts_at), "kind": _kind_label(kind)},
                kind=EntryKind.APPOINTMENT,
            )
            _notify(appointment, "booked", actor)
    except IntegrityError:
        raise ValidationError({"starts_at": [TAKEN]}) from None
    return appointment


def _register_outcome(
    *, actor: User, appointment: Appointment, status: str, text: str
) -> Appointment:
    if not actor.has_perm("appointments.register_outcome"):
        raise PermissionDenied
    _check_reach(actor, appointment.client)
    current = _locked_appointment(appointment)
    if current.status != AppointmentStatus.PLANNED:
        raise ValidationError(NOT_PLANNED)
    if current.starts_at > timezone.now():
        raise ValidationError(_("Dit kan pas als de afspraak begonnen is."))
    current.status = status
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    record_event(
        actor=actor,
        client=current.client,
        text=text % {"when": _when(current.starts_at)},
        kind=EntryKind.APPOINTMENT,
    )
    return current


@transaction.atomic
def register_no_show(*, actor: User, appointment: Appointment) -> Appointment:
    """The client did not come. Only once the start has passed."""
    return _register_outcome(
        actor=actor,
        appointment=appointment,
        status=AppointmentStatus.NO_SHOW,
        text=_("Niet verschenen op de afspraak van %(when)s."),
    )


@transaction.atomic
def mark_held(*, actor: User, appointment: Appointment) -> Appointment:
    """The appointment took place. Only once the start has passed."""
    return _register_outcome(
        actor=actor,
        appointment=appointment,
        status=AppointmentStatus.HELD,
        text=_("Afspraak van %(when)s heeft plaatsgevonden."),
    )


# --- availability --------------------------------------------------------------------------------


def _periods_overlap(a_from, a_until, b_from, b_until) -> bool:
    far = datetime.date.max
    return a_from <= (b_until or far) and b_from <= (a_until or far)


@transaction.atomic
def add_availability_rule(
    *,
    actor: User,
    weekday: int,
    start_time: datetime.time,
    end_time: datetime.time,
    slot_minutes: int,
    kind: str,
    location: str = "",
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
) -> AvailabilityRule:
    """A weekly block in which the coach's clients may book slots."""
    if not actor.has_perm("appointments.manage_availability"):
        raise PermissionDenied
    errors: dict[str, list] = {}
    if weekday not in range(7):
        errors["weekday"] = [_("Kies een dag van de week.")]
    if not isinstance(slot_minutes, int) or not 10 <= slot_minutes <= 240:
        errors["slot_minutes"] = [_("Een afspraak duurt 10 tot 240 minuten.")]
    if start_time is None or end_time is None or end_time <= start_time:
        errors["end_time"] = [_("De eindtijd moet na de begintijd liggen.")]
    elif "slot_minutes" not in errors:
        length = datetime.datetime.combine(datetime.date.min, end_time) - datetime.datetime.combine(
            datetime.date.min, start_time
        )
        if length < datetime.timedelta(minutes=slot_minutes):
            errors["end_time"] = [_("Het blok is korter dan één afspraak.")]
    if valid_from is None:
        errors["valid_from"] = [_("Vul in vanaf welke datum dit geldt.")]
    elif not (EARLIEST_VALID_FROM <= valid_from <= timezone.localdate() + MAX_VALID_FROM_AHEAD):
        errors["valid_from"] = [
            _("Deze datum ligt te ver terug of te ver vooruit. Controleer het jaartal.")
        ]
    elif valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = [_("De einddatum moet op of na de begindatum liggen.")]
    location = _validate_place(kind, location, errors)
    if not errors:
        others = AvailabilityRule.objects.select_for_update().filter(
            werkplein_id=actor.werkplein_id,
            coach=actor,
            weekday=weekday,
            start_time__lt=end_time,
            end_time__gt=start_time,
        )
        for other in others:
            if _periods_overlap(valid_from, valid_until, other.valid_from, other.valid_until):
                errors["start_time"] = [
                    _("Dit blok overlapt met %(other)s. Kies een andere tijd.") % {"other": other}
                ]
                break
    if errors:
        raise ValidationError(errors)
    return AvailabilityRule.objects.create(
        werkplein_id=actor.werkplein_id,
        coach=actor,
        weekday=weekday,
        start_time=start_time,
        end_time=end_time,
        slot_minutes=slot_minutes,
        kind=kind,
        location=location,
        valid_from=valid_from,
        valid_until=valid_until,
    )


@transaction.atomic
def add_availability_exception(
    *, actor: User, starts_on: datetime.date, ends_on: datetime.date, reason: str = ""
) -> AvailabilityException:
    """Days on which the coach cannot be booked (leave, a course). Booked appointments stay."""
    if not actor.has_perm("appointments.manage_availability"):
        raise PermissionDenied
    errors: dict[str, list] = {}
    reason = (reason or "").strip()
    if starts_on is None:
        errors["starts_on"] = [_("Vul de eerste dag in.")]
    if ends_on is None:
        errors["ends_on"] = [_("Vul de laatste dag in.")]
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("De laatste dag moet op of na de eerste dag liggen.")]
    elif starts_on is not None and (ends_on - starts_on).days > 366:
        errors["ends_on"] = [_("Een afwezigheid duurt hoogstens een jaar.")]
    if len(reason) > 200:
        errors["reason"] = [_("De reden is te lang: maximaal 200 tekens.")]
    if errors:
        raise ValidationError(errors)
    return AvailabilityException.objects.create(
        werkplein_id=actor.werkplein_id,
        coach=actor,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
    )


@transaction.atomic
def remove_availability(*, actor: User, item: AvailabilityRule | AvailabilityException) -> None:
    """Removes one of the coach's own weekly blocks or leave periods. Appointments already
    booked in it stay."""
    if not actor.has_perm("appointments.manage_availability") or item.coach_id != actor.pk:
        raise PermissionDenied
    item.delete()


@transaction.atomic
def renew_calendar_feed(*, actor: User) -> str:
    """Makes a new secret for the coach's calendar feed and returns it; the old one stops
    working at once. Only its SHA-256 hash is stored, so the URL can be shown only now."""
    if not actor.has_perm("appointments.manage_availability"):
        raise PermissionDenied
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        coach=actor,
        defaults={"werkplein_id": actor.werkplein_id, "token_hash": hash_token(token)},
    )
    return token


@transaction.atomic
def revoke_calendar_feed(*, actor: User) -> None:
    """Stops the coach's calendar feed."""
    if not actor.has_perm("appointments.manage_availability"):
        raise PermissionDenied
    CalendarFeed.objects.filter(coach=actor).delete()
