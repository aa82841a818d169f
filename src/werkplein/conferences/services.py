"""Every write of the case conferences: series, their meetings, the agenda and its outcomes.

Each service validates, writes in one transaction and records what the change implies in the
client's logbook (internal: back office and the client do not read re-integration notes).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkplein.accounts.models import CASEWORK_ROLES, User
from werkplein.appointments.selectors import dutch_holidays, local_tz
from werkplein.clients.models import Client
from werkplein.conferences import attendance
from werkplein.conferences.models import AgendaItem, Conference, ConferenceSeries, FollowUp
from werkplein.logbook.models import EntryKind, Visibility
from werkplein.logbook.services import record_event

# How far ahead the meetings of a series exist as rows (so coaches can put clients on them).
SCHEDULE_WEEKS = 6
# How long after a conference's end its participants may still record the outcomes (minutes are
# often written up afterwards). Reading the agenda clients' dossiers still stops at the end.
RECORDING_GRACE = datetime.timedelta(hours=24)
LATE_FOR_RECORDING = gettext_lazy(
    "De uitkomst kan alleen tijdens het overleg en tot 24 uur erna worden vastgelegd."
)
MAX_QUESTION_LENGTH = 2000
MAX_OUTCOME_LENGTH = 5000


# --- series and scheduling -------------------------------------------------------------------


def slots(series: ConferenceSeries, first: datetime.date, last: datetime.date):
    """The (starts_at, ends_at) in UTC of the series' meetings on the days first..last: on its
    weekdays, at its local (Europe/Amsterdam) start time whatever the daylight-saving offset,
    skipping Dutch public holidays."""
    free_days = dutch_holidays(first, last)
    zone = local_tz()
    duration = datetime.timedelta(minutes=series.duration_minutes)
    weekdays = set(series.weekdays)
    day = first
    while day <= last:
        if day.weekday() in weekdays and day not in free_days:
            local = datetime.datetime.combine(day, series.starts_at, tzinfo=zone)
            starts = local.astimezone(datetime.UTC)
            yield starts, (local + duration).astimezone(datetime.UTC)
        day += datetime.timedelta(days=1)


def _create_meetings(
    werkplein_id: int,
    series_list: list[ConferenceSeries],
    today: datetime.date,
    until: datetime.date,
) -> int:
    """Creates the meetings of the given (active) series of one Werkplein from today until
    `until` that do not exist yet, in two queries whatever the number of series. The unique
    (series, starts_at) makes a second run, or two at once, create nothing twice."""
    now = timezone.now()
    wanted: list[tuple[ConferenceSeries, list[tuple[datetime.datetime, datetime.datetime]]]] = []
    for series in series_list:
        times = [(s, e) for s, e in slots(series, today, until) if s > now]
        if times:
            wanted.append((series, times))
    if not wanted:
        return 0
    existing = set(
        Conference.objects.filter(
            werkplein_id=werkplein_id,
            series_id__in=[series.pk for series, _times in wanted],
            starts_at__gte=min(times[0][0] for _series, times in wanted),
            starts_at__lte=max(times[-1][0] for _series, times in wanted),
        ).values_list("series_id", "starts_at")
    )
    rows = [
        Conference(
            werkplein_id=werkplein_id,
            series=series,
            starts_at=starts,
            ends_at=ends,
            max_clients=series.max_clients,
            location=series.location,
        )
        for series, times in wanted
        for starts, ends in times
        if (series.pk, starts) not in existing
    ]
    Conference.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def schedule_conferences(
    series: ConferenceSeries, until: datetime.date, *, today: datetime.date | None = None
) -> int:
    """Creates the meetings of the series from today until `until` (local dates) that do not
    exist yet; returns how many it created. Idempotent: the unique (series, starts_at) makes a
    second run, or two at once, create nothing twice. A cancelled meeting stays cancelled."""
    today = today or timezone.localdate()
    if not series.active or not series.weekdays or until < today:
        return 0
    return _create_meetings(series.werkplein_id, [series], today, until)


def schedule_all(werkplein_id: int, *, today: datetime.date | None = None) -> int:
    """Materialises the coming weeks of every active series of a Werkplein (called when the
    conference list is shown, and by `werkplein` tasks if scheduled), in three queries."""
    today = today or timezone.localdate()
    until = today + datetime.timedelta(weeks=SCHEDULE_WEEKS)
    series_list = [
        series
        for series in ConferenceSeries.objects.filter(werkplein_id=werkplein_id, active=True)
        if series.weekdays
    ]
    return _create_meetings(werkplein_id, series_list, today, until)


@dataclass(frozen=True)
class SeriesData:
    name: str
    weekdays: list[int]
    starts_at: datetime.time
    duration_minutes: int
    max_clients: int
    location: str
    members: list[User]
    active: bool = True


def _validate_series(actor: User, data: SeriesData, series: ConferenceSeries | None) -> None:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = [_("Geef de reeks een naam.")]
    elif (
        ConferenceSeries.objects.filter(werkplein_id=actor.werkplein_id, name=data.name.strip())
        .exclude(pk=series.pk if series else None)
        .exists()
    ):
        errors["name"] = [_("Er is al een reeks met deze naam.")]
    if not data.weekdays or any(d not in range(7) for d in data.weekdays):
        errors["weekdays"] = [_("Kies minstens één weekdag.")]
    if not 15 <= data.duration_minutes <= 480:
        errors["duration_minutes"] = [_("De duur is 15 tot 480 minuten.")]
    if not 1 <= data.max_clients <= 20:
        errors["max_clients"] = [_("Het aantal klanten is 1 tot 20.")]

    if any(
        m.werkplein_id != actor.werkplein_id or m.role not in CASEWORK_ROLES or not m.is_active
        for m in data.members
    ):
        errors["members"] = [_("Kies alleen werkcoaches, teamleiders en backoffice.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_series(
    *, actor: User, data: SeriesData, series: ConferenceSeries | None = None
) -> ConferenceSeries:
    """Creates or changes a series and schedules its coming meetings. Future meetings with an
    empty agenda that no longer fit the series (another day or time) are removed; meetings with
    clients on the agenda stay as they were, so nobody's registration is lost."""
    if not actor.has_perm("conferences.manage_series"):
        raise PermissionDenied
    if series is not None and series.werkplein_id != actor.werkplein_id:
        raise PermissionDenied
    _validate_series(actor, data, series)
    if series is None:
        series = ConferenceSeries(werkplein_id=actor.werkplein_id)
    series.name = data.name.strip()
    series.weekdays = sorted(set(data.weekdays))
    series.starts_at = data.starts_at
    series.duration_minutes = data.duration_minutes
    series.max_clients = data.max_clients
    series.location = data.location.strip()
    series.active = data.active
    try:
        with transaction.atomic():
            series.save()
    except IntegrityError:  # the same name saved at the same moment (a double click)
        raise ValidationError({"name": [_("Er is al een reeks met deze naam.")]}) from None
    series.members.set(data.members)
    today = timezone.localdate()
    until = today + datetime.timedelta(weeks=SCHEDULE_WEEKS)
    fitting = {s for s, _e in slots(series, today, until)} if series.active else set()
    # Locked first, then deleted only while still empty: a coach who put a client on one of
    # these meetings meanwhile keeps it (he locks the meeting to add a client).
    misfits = list(
        Conference.objects.select_for_update()
        .filter(werkplein_id=series.werkplein_id, series=series, starts_at__gt=timezone.now())
        .exclude(starts_at__in=fitting)
        .values_list("pk", flat=True)
    )
    Conference.objects.filter(pk__in=misfits, items__isnull=True).delete()
    schedule_conferences(series, until, today=today)
    return series


def _locked_conference(actor: User, conference: Conference) -> Conference:
    """The meeting, locked until the end of the transaction. It may have gone meanwhile: a
    change of its series removes future meetings that no longer fit and have no clients."""
    locked = (
        Conference.objects.select_for_update()
        .filter(pk=conference.pk, werkplein_id=actor.werkplein_id)
        .first()
    )
    if locked is None:
        raise ValidationError(
            _("Dit casusoverleg is niet meer gepland: de reeks is intussen gewijzigd.")
        )
    return locked


@transaction.atomic
def cancel_conference(*, actor: User, conference: Conference) -> Conference:
    """Cancels one meeting (before its end). Its agenda stays for the record; the presenters
    are told in their logbook entries' place by the list (the meeting shows as cancelled)."""
    if not actor.has_perm("conferences.manage_series"):
        raise PermissionDenied
    locked = _locked_conference(actor, conference)
    if locked.cancelled_at is not None:
        raise ValidationError(_("Dit casusoverleg is al geannuleerd."))
    if locked.ends_at <= timezone.now():
        raise ValidationError(_("Een afgelopen casusoverleg kan niet meer worden geannuleerd."))
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["cancelled_at", "updated_at"])
    return locked


# --- the agenda ----------------------------------------------------------------------------


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


@transaction.atomic
def add_to_agenda(
    *, actor: User, conference: Conference, client: Client, question: str
) -> AgendaItem:
    """Puts a client of the actor's own caseload on the agenda with his question. The caller
    reached the client through clients.selectors.dossier_for. The conference row is locked, so
    two coaches cannot both take its last place."""
    if not actor.has_perm("conferences.add_to_agenda"):
        raise PermissionDenied
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": [_("Schrijf de vraag aan het overleg.")]})
    if len(question) > MAX_QUESTION_LENGTH:
        raise ValidationError(
            {
                "question": [
                    _("De vraag is te lang: maximaal %(max)s tekens.")
                    % {"max": MAX_QUESTION_LENGTH}
                ]
            }
        )
    if client.coach_id != actor.pk or client.werkplein_id != actor.werkplein_id:
        raise ValidationError(
            {"client": [_("U kunt alleen een klant uit uw eigen caseload aanmelden.")]}
        )
    locked = _locked_conference(actor, conference)
    if locked.cancelled_at is not None:
        raise ValidationError(_("Dit casusoverleg is geannuleerd."))
    if locked.starts_at <= timezone.now():
        raise ValidationError(_("Dit casusoverleg is al begonnen of voorbij."))
    items = AgendaItem.objects.filter(conference=locked)
    if items.filter(client=client).exists():
        raise ValidationError({"client": [_("Deze klant staat al op de agenda.")]})
    if items.count() >= locked.max_clients:
        raise ValidationError(_("Dit casusoverleg is vol."))
    try:
        with transaction.atomic():
            item = AgendaItem.objects.create(
                werkplein_id=locked.werkplein_id,
                conference=locked,
                client=client,
                presenter=actor,
                question=question,
            )
    except IntegrityError:
        raise ValidationError({"client": [_("Deze klant staat al op de agenda.")]}) from None
    record_event(
        actor=actor,
        client=client,
        kind=EntryKind.NOTE,
        visibility=Visibility.INTERNAL,
        text=_("Aangemeld voor casusoverleg %(series)s op %(when)s met de vraag: %(question)s")
        % {"series": locked.series.name, "when": _local(locked.starts_at), "question": question},
    )
    return item


@transaction.atomic
def remove_from_agenda(*, actor: User, item: AgendaItem) -> None:
    """Takes a client off the agenda before the conference starts (his presenter only)."""
    locked = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("conference__series", "client")
        .filter(pk=item.pk, werkplein_id=actor.werkplein_id)
        .first()
    )
    if locked is None or locked.presenter_id != actor.pk:
        raise PermissionDenied
    if locked.conference.starts_at <= timezone.now():
        raise ValidationError(_("Het overleg is al begonnen: de klant blijft op de agenda."))
    conference = locked.conference
    client = locked.client
    locked.delete()
    record_event(
        actor=actor,
        client=client,
        kind=EntryKind.NOTE,
        visibility=Visibility.INTERNAL,
        text=_("Afgemeld voor casusoverleg %(series)s op %(when)s.")
        % {"series": conference.series.name, "when": _local(conference.starts_at)},
    )


# --- outcomes ------------------------------------------------------------------------------


def may_record(conference: Conference, at: datetime.datetime | None = None) -> bool:
    """Outcomes are recorded from the start until RECORDING_GRACE after the end."""
    at = at or timezone.now()
    return (
        conference.cancelled_at is None
        and conference.starts_at <= at < conference.ends_at + RECORDING_GRACE
    )


@dataclass(frozen=True)
class FollowUpData:
    description: str
    owner: User
    due_on: datetime.date | None


@transaction.atomic
def record_outcome(
    *,
    actor: User,
    item: AgendaItem,
    advice: str,
    decision: str,
    follow_ups: list[FollowUpData],
) -> AgendaItem:
    """Records the advice and decision about one agenda client with the follow-up actions and
    their owners (participants of the conference), in one transaction with one internal logbook
    entry in the client's logbook; the owners get a notice without personal content."""
    locked = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("conference__series", "client__coach", "presenter")
        .filter(pk=item.pk, werkplein_id=actor.werkplein_id)
        .first()
    )
    if locked is None:
        raise PermissionDenied
    conference = locked.conference
    items = list(attendance.agenda_of([conference.pk]).select_related("presenter__organisation"))
    on = timezone.localdate()
    partners = attendance.partner_organisation_ids([i.client for i in items], on)
    if not attendance.is_participant(actor, items, on, partners):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if not may_record(conference):
        raise ValidationError(str(LATE_FOR_RECORDING))
    if locked.recorded_at is not None:
        raise ValidationError(_("De uitkomst voor deze klant is al vastgelegd."))
    advice, decision = (advice or "").strip(), (decision or "").strip()
    if not advice:
        errors["advice"] = [_("Schrijf het advies van het overleg.")]
    if not decision:
        errors["decision"] = [_("Schrijf het besluit.")]
    for key, text in (("advice", advice), ("decision", decision)):
        if len(text) > MAX_OUTCOME_LENGTH:
            errors[key] = [_("Te lang: maximaal %(max)s tekens.") % {"max": MAX_OUTCOME_LENGTH}]
    attendees = {u.pk for u in attendance.expected_attendees(conference, items, partners)}
    for follow_up in follow_ups:
        if follow_up.owner.pk not in attendees:
            errors["follow_ups"] = [_("De eigenaar van een actie moet deelnemer zijn.")]
        if not follow_up.description.strip() or len(follow_up.description) > 300:
            errors["follow_ups"] = [_("Beschrijf elke actie in hoogstens 300 tekens.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    locked.advice, locked.decision = advice, decision
    locked.recorded_by, locked.recorded_at = actor, now
    locked.save(update_fields=["advice", "decision", "recorded_by", "recorded_at", "updated_at"])
    rows = FollowUp.objects.bulk_create(
        FollowUp(
            werkplein_id=locked.werkplein_id,
            item=locked,
            description=f.description.strip(),
            owner=f.owner,
            due_on=f.due_on,
        )
        for f in follow_ups
    )
    lines = [
        _("Besproken in casusoverleg %(series)s op %(when)s.")
        % {"series": conference.series.name, "when": _local(conference.starts_at)},
        _("Vraag: %(text)s") % {"text": locked.question},
        _("Advies: %(text)s") % {"text": advice},
        _("Besluit: %(text)s") % {"text": decision},
    ]
    for row in rows:
        due = row.due_on.strftime("%d-%m-%Y") if row.due_on else _("geen datum")
        lines.append(
            _("Actie: %(what)s (eigenaar: %(owner)s, uiterlijk: %(due)s)")
            % {"what": row.description, "owner": row.owner, "due": due}
        )
    record_event(
        actor=actor,
        client=locked.client,
        kind=EntryKind.DECISION,
        visibility=Visibility.INTERNAL,
        text="\n".join(lines),
    )
    _tell_owners_after_commit({row.owner_id for row in rows}, conference.pk)
    return locked


def _tell_owners_after_commit(owner_ids: set[int], conference_id: int) -> None:
    from werkplein.conferences.notices import FOLLOW_UP
    from werkplein.notifications.models import NotificationKind
    from werkplein.notifications.services import notify_after_commit

    notify_after_commit(
        owner_ids,
        kind=NotificationKind.WORK,
        notice=FOLLOW_UP,
        params={"conference": conference_id},
    )
