"""Every write of search periods, benefit applications, decisions and WW-end signals.

Each service is one transaction: it checks the rule, validates, writes, and writes the logbook
entry the change implies (visible to the client, except internal bookkeeping). Races are beaten
by locking the client row first (start, lift, hand-over) or the application row (decision,
withdrawal); the database's one-open-application-per-kind constraint is the last word.
"""

import datetime
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from werkplein.accounts.models import Role, User
from werkplein.benefits import notices, selectors
from werkplein.benefits.data import short_date
from werkplein.benefits.models import (
    OPEN_STATUSES,
    ApplicationQuestion,
    ApplicationStatus,
    BenefitApplication,
    BenefitEndSignal,
    SearchPeriod,
    SearchTask,
    SearchTaskKind,
)
from werkplein.clients.models import Benefit, BenefitKind, Client
from werkplein.clients.services import StaleVersion  # views and tests use services.StaleVersion
from werkplein.core.access import ClientNotFound
from werkplein.intake import selectors as intake_selectors
from werkplein.logbook import services as logbook_services
from werkplein.logbook.models import Visibility

MAX_TASK = 300
MAX_TEXT = 2_000
# Dates further away than this are typing errors ("2205" for "2025"), never real benefits.
MAX_DAYS_BACK = 366
MAX_DAYS_AHEAD = 366
MAX_BENEFIT_YEARS = 10
# A monthly amount above this (in cents) is a typing error.
MAX_MONTHLY_CENTS = 2_000_000
APPLICATION_KINDS = (BenefitKind.WW, BenefitKind.WIA, BenefitKind.BIJSTAND)


class AwaitingCoach(StaleVersion):
    """A decision on an application that is back with the coach for a question."""

    def __str__(self) -> str:
        return str(
            _(
                "Deze aanvraag wacht op antwoord van de coach. U kunt pas besluiten als de coach "
                "de vraag heeft beantwoord en de aanvraag opnieuw heeft ingediend."
            )
        )


class Decision:
    GRANTED = "granted"
    REFUSED = "refused"


class _SearchPeriodFirst(Exception):
    """A bijstand application of a client under 27 who never had a search period: it waits
    for one, which the public service starts after rolling the application back."""


# --- helpers -------------------------------------------------------------------------------------


def _check(actor: User, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _log(actor: User | None, client: Client, text: str, visible: bool = True) -> None:
    logbook_services.record_event(
        actor=actor,
        client=client,
        text=text,
        visibility=Visibility.CLIENT if visible else Visibility.INTERNAL,
    )


def _clean_text(value: str | None, field: str, *, required: str = "", limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        raise ValidationError(
            {field: [_("De tekst bevat een teken dat niet is toegestaan. Typ de tekst opnieuw.")]}
        )
    if required and not text:
        raise ValidationError({field: [required]})
    if len(text) > limit:
        raise ValidationError({field: [_("Te lang: maximaal %(max)s tekens.") % {"max": limit}]})
    return text


def _check_near(value: datetime.date | None, field: str, today: datetime.date, label: str) -> None:
    if value is None:
        return
    if not (
        today - datetime.timedelta(days=MAX_DAYS_BACK)
        <= value
        <= today + datetime.timedelta(days=MAX_DAYS_AHEAD)
    ):
        raise ValidationError(
            {field: [_("%(label)s moet binnen een jaar van vandaag liggen.") % {"label": label}]}
        )


def _locked_client(client: Client) -> Client:
    """The client row, locked until the end of the transaction: applications, lifts and
    hand-overs of one client queue behind each other."""
    current = Client.objects.select_for_update().filter(pk=client.pk).first()
    if current is None:
        raise ClientNotFound()
    return current


def clean_iban(value: str | None) -> str:
    """The IBAN in its compact form, or "" when none was given; ValidationError (Dutch)."""
    text = (value or "").strip()
    if not text:
        return ""
    if "\x00" in text or len(text) > 64:
        raise ValidationError({"iban": [_("Dit is geen geldig IBAN. Controleer het nummer.")]})
    try:
        return stdnum_iban.validate(text)
    except StdnumError:
        raise ValidationError(
            {"iban": [_("Dit is geen geldig IBAN. Controleer het nummer.")]}
        ) from None


# --- the search period ---------------------------------------------------------------------------


@transaction.atomic
def start_search_period(*, actor: User, client: Client, starts_on: datetime.date) -> SearchPeriod:
    """Starts the four-week search period of a client under 27 who asks for bijstand. Called
    inside the intake transaction. The period runs up to and including `ends_on`."""
    days = selectors.search_period_days()
    ends_on = starts_on + datetime.timedelta(days=max(days, 2) - 1)
    period = SearchPeriod.objects.create(
        werkplein_id=client.werkplein_id,
        client=client,
        starts_on=starts_on,
        ends_on=ends_on,
        started_by=actor,
    )
    if days == 28:
        started = _("Zoekperiode van vier weken gestart tot en met %(end)s.")
    else:
        started = _("Zoekperiode van %(days)s dagen gestart tot en met %(end)s.")
    explained = _(
        "In deze periode zoekt u eerst zelf werk; daarna kan de bijstandsaanvraag worden gedaan."
    )
    _log(actor, client, f"{started % {'end': short_date(ends_on), 'days': days}} {explained}")
    return period


@transaction.atomic
def add_search_task(
    *, actor: User, period: SearchPeriod, kind: str, description: str
) -> SearchTask:
    """A vacancy or task the coach gives the client for his search period."""
    _check(actor, "benefits.guide_search")
    if kind not in SearchTaskKind.values:
        raise ValidationError({"kind": [_("Kies vacature of opdracht.")]})
    text = " ".join(
        _clean_text(
            description,
            "description",
            required=_("Beschrijf de vacature of opdracht."),
            limit=MAX_TASK,
        ).split()
    )
    task = SearchTask.objects.create(
        werkplein_id=period.werkplein_id,
        search_period=period,
        kind=kind,
        description=text,
        given_by=actor,
    )
    _log(
        actor,
        period.client,
        _("%(kind)s voor de zoekperiode: %(text)s")
        % {"kind": SearchTaskKind(kind).label, "text": text},
    )
    return task


@transaction.atomic
def mark_task_done(*, actor: User, task: SearchTask) -> SearchTask:
    """Marks a vacancy or task as done (once; a second click changes nothing)."""
    _check(actor, "benefits.guide_search")
    updated = SearchTask.objects.filter(pk=task.pk, done_at__isnull=True).update(
        done_at=timezone.now()
    )
    task.refresh_from_db()
    if updated:
        _log(actor, task.search_period.client, _("Afgerond: %(text)s") % {"text": task.description})
    return task


@transaction.atomic
def lift_hold(*, actor: User, client: Client, reason: str) -> SearchPeriod:
    """The lead of the client's team lifts the hold of the running search period, with a reason."""
    _check(actor, "benefits.lift_hold", client)
    reason = _clean_text(reason, "reason", required=_("Schrijf op waarom u de wachttijd opheft."))
    locked = _locked_client(client)
    period = selectors.holding_period(locked, timezone.localdate())
    if period is None:
        raise ValidationError(
            {"reason": [_("Er loopt geen zoekperiode meer die de aanvraag tegenhoudt.")]}
        )
    period.lifted_at = timezone.now()
    period.lifted_by = actor
    period.lift_reason = reason
    period.save(update_fields=["lifted_at", "lifted_by", "lift_reason", "updated_at"])
    _log(
        actor,
        locked,
        _("De teamleider heeft de wachttijd van de zoekperiode opgeheven. Reden: %(reason)s")
        % {"reason": reason},
    )
    return period


# --- applications --------------------------------------------------------------------------------


def _check_hold(client: Client, kind: str, today: datetime.date) -> None:
    if kind != BenefitKind.BIJSTAND:
        return
    period = selectors.holding_period(client, today)
    if period is not None:
        raise ValidationError(
            _(
                "De zoekperiode loopt nog tot en met %(end)s. De bijstandsaanvraag kan pas daarna "
                "worden gedaan, of eerder als de teamleider de wachttijd opheft."
            )
            % {"end": short_date(period.ends_on)}
        )


def _create_application(
    *,
    actor: User,
    client: Client,
    kind: str,
    desired_start_on: datetime.date | None,
    iban: str,
    note: str,
    handover_from: Benefit | None = None,
) -> BenefitApplication:
    """Validates and creates an application, inside the caller's transaction and client lock."""
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if kind not in APPLICATION_KINDS:
        errors["kind"] = [_("Kies WW, WIA of bijstand.")]
    if desired_start_on is None:
        errors["desired_start_on"] = [_("Vul de gewenste ingangsdatum in.")]
    try:
        _check_near(desired_start_on, "desired_start_on", today, _("De gewenste ingangsdatum"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        iban = clean_iban(iban)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        note = _clean_text(note, "note")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    _check_hold(client, kind, today)
    organisation = intake_selectors.paying_organisation_for(client, kind)
    if organisation is None:
        raise ValidationError(
            {
                "kind": [
                    _(
                        "Er is geen betalende organisatie voor deze uitkering: vul eerst de "
                        "gemeente van de klant in, of vraag de beheerder UWV toe te voegen."
                    )
                ]
            }
        )
    duplicate = _(
        "Er loopt al een aanvraag %(kind)s voor deze klant. Wacht op het besluit of trek die "
        "eerst in."
    ) % {"kind": BenefitKind(kind).label}
    if BenefitApplication.objects.filter(
        werkplein_id=client.werkplein_id,
        client=client,
        kind=kind,
        status__in=OPEN_STATUSES,
    ).exists():
        raise ValidationError({"kind": [duplicate]})
    # Last of the checks, so that a request refused for another reason starts no period.
    if kind == BenefitKind.BIJSTAND and selectors.first_search_period_due(client, today):
        raise _SearchPeriodFirst()
    try:
        with transaction.atomic():
            application = BenefitApplication.objects.create(
                werkplein_id=client.werkplein_id,
                client=client,
                kind=kind,
                paying_organisation=organisation,
                started_by=actor,
                desired_start_on=desired_start_on,
                iban=iban,
                note=note,
                handover_from=handover_from,
            )
    except IntegrityError:
        raise ValidationError({"kind": [duplicate]}) from None
    _log(
        actor,
        client,
        _("Aanvraag %(kind)s ingediend bij %(organisation)s, gewenste ingangsdatum %(start)s.")
        % {
            "kind": BenefitKind(kind).label,
            "organisation": organisation.name,
            "start": short_date(desired_start_on),
        },
    )
    return application


def _start_first_search_period(actor: User, client: Client) -> SearchPeriod:
    """Starts the search period a held bijstand application waits for (once: a second click
    finds the period the first one started)."""
    with transaction.atomic():
        locked = _locked_client(client)
        period = selectors.current_search_period(locked)
        if period is None:
            period = start_search_period(actor=actor, client=locked, starts_on=timezone.localdate())
    return period


def _unless_search_period_first(
    actor: User, client: Client, create: Callable[[], BenefitApplication]
) -> BenefitApplication:
    """The application `create` makes in its transaction; or, when it must wait for a first
    search period, that period started instead and a Dutch message with its end."""
    try:
        return create()
    except _SearchPeriodFirst:
        period = _start_first_search_period(actor, client)
    raise ValidationError(
        _(
            "Voor een jongere onder 27 gaat een zoekperiode aan de bijstandsaanvraag vooraf. "
            "Die zoekperiode is nu gestart en loopt tot en met %(end)s. Doe de aanvraag daarna, "
            "of eerder als de teamleider de wachttijd opheft."
        )
        % {"end": short_date(period.ends_on)}
    )


def start_application(
    *,
    actor: User,
    client: Client,
    kind: str,
    desired_start_on: datetime.date | None,
    iban: str = "",
    note: str = "",
) -> BenefitApplication:
    """The coach starts an application for the organisation that would pay, in one
    transaction. A bijstand application is held while a search period runs and is not lifted:
    nothing is saved. For a client under 27 who never had a search period, a bijstand
    application starts one instead (saved), and the application waits for its end."""
    _check(actor, "benefits.start_application")

    @transaction.atomic
    def create() -> BenefitApplication:
        return _create_application(
            actor=actor,
            client=_locked_client(client),
            kind=kind,
            desired_start_on=desired_start_on,
            iban=iban,
            note=note,
        )

    return _unless_search_period_first(actor, client, create)


def _locked_application(application: BenefitApplication) -> BenefitApplication:
    current = (
        BenefitApplication.objects.select_for_update(of=("self",))
        .select_related("client", "paying_organisation")
        .filter(pk=application.pk)
        .first()
    )
    if current is None:
        raise ClientNotFound()
    return current


@transaction.atomic
def withdraw_application(
    *, actor: User, application: BenefitApplication, expected_version: int
) -> BenefitApplication:
    _check(actor, "benefits.start_application")
    current = _locked_application(application)
    # An application back with the coach for a question is still open: it can be withdrawn.
    if current.version != expected_version or current.status not in OPEN_STATUSES:
        raise StaleVersion(current)
    if current.status == ApplicationStatus.RETURNED:
        open_question = current.questions.filter(answered_at=None).first()
        if open_question is not None:
            notices.tell_withdrawal_after_commit(open_question)
    current.status = ApplicationStatus.WITHDRAWN
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    # A withdrawn hand-over reopens its WW-end signal, so the coach can hand over again.
    BenefitEndSignal.objects.filter(handover=current).update(handover=None, closed_at=None)
    _log(
        actor,
        current.client,
        _("Aanvraag %(kind)s bij %(organisation)s ingetrokken.")
        % {"kind": current.get_kind_display(), "organisation": current.paying_organisation.name},
    )
    return current


@transaction.atomic
def decide(
    *,
    actor: User,
    application: BenefitApplication,
    decision: str,
    expected_version: int,
    granted_from: datetime.date | None = None,
    granted_until: datetime.date | None = None,
    monthly_amount_cents: int | None = None,
    reason: str = "",
) -> BenefitApplication:
    """The back office of the paying organisation grants or refuses. A grant needs a complete
    application, a start date, an end date for WW and WIA, and a monthly amount; it creates the
    client's Benefit. A refusal needs a reason. The client and his coach are told."""
    _check(actor, "benefits.decide_application", application)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if decision not in (Decision.GRANTED, Decision.REFUSED):
        raise ValidationError({"decision": [_("Kies toekennen of afwijzen.")]})
    try:
        reason = _clean_text(
            reason,
            "reason",
            required=_("Schrijf de reden van de afwijzing op.")
            if decision == Decision.REFUSED
            else "",
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if decision == Decision.GRANTED:
        if granted_from is None:
            errors["granted_from"] = [_("Vul de ingangsdatum in.")]
        else:
            try:
                _check_near(granted_from, "granted_from", today, _("De ingangsdatum"))
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if granted_until is None and application.kind != BenefitKind.BIJSTAND:
            errors["granted_until"] = [_("Vul de einddatum in; een WW-uitkering heeft er een.")]
        if granted_until is not None and granted_from is not None:
            if granted_until <= granted_from:
                errors["granted_until"] = [_("De einddatum moet na de ingangsdatum liggen.")]
            # Compared as a difference: adding to a date near 9999-12-31 would overflow.
            elif (granted_until - granted_from).days > 366 * MAX_BENEFIT_YEARS:
                errors["granted_until"] = [
                    _("De einddatum ligt te ver weg: maximaal %(years)s jaar na de ingangsdatum.")
                    % {"years": MAX_BENEFIT_YEARS}
                ]
        if monthly_amount_cents is None:
            errors["monthly_amount"] = [_("Vul het bedrag per maand in.")]
        elif not 0 < monthly_amount_cents <= MAX_MONTHLY_CENTS:
            errors["monthly_amount"] = [
                _("Vul een bedrag per maand in tussen € 0,01 en € 20.000,00.")
            ]
    if errors:
        raise ValidationError(errors)
    current = _locked_application(application)
    if current.status == ApplicationStatus.RETURNED:
        raise AwaitingCoach(current)
    if current.version != expected_version or current.status != ApplicationStatus.SUBMITTED:
        raise StaleVersion(current)
    client = current.client
    if decision == Decision.GRANTED:
        missing = selectors.completeness(current)
        if missing:
            raise ValidationError(
                _("De aanvraag is niet compleet en kan niet worden toegekend. Ontbreekt: %(list)s.")
                % {"list": "; ".join(missing)}
            )
        current.benefit = Benefit.objects.create(
            werkplein_id=current.werkplein_id,
            client=client,
            kind=current.kind,
            paying_organisation=current.paying_organisation,
            started_on=granted_from,
            expected_end_on=granted_until,
            monthly_amount_cents=monthly_amount_cents,
        )
        current.status = ApplicationStatus.GRANTED
        current.granted_from = granted_from
        current.granted_until = granted_until
        current.monthly_amount_cents = monthly_amount_cents
        if granted_until:
            text = _(
                "Uw aanvraag %(kind)s is toegekend door %(organisation)s: van %(start)s tot en met "
                "%(end)s."
            )
        else:
            text = _("Uw aanvraag %(kind)s is toegekend door %(organisation)s, vanaf %(start)s.")
    else:
        current.status = ApplicationStatus.REFUSED
        text = _("Uw aanvraag %(kind)s is afgewezen door %(organisation)s. Reden: %(reason)s")
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.decision_note = reason
    current.version += 1
    current.save()
    _log(
        actor,
        client,
        text
        % {
            "kind": current.get_kind_display(),
            "organisation": current.paying_organisation.name,
            "start": short_date(granted_from),
            "end": short_date(granted_until),
            "reason": reason,
        },
    )
    notices.tell_decision_after_commit(current)
    return current


# --- a question back to the coach ----------------------------------------------------------------


@transaction.atomic
def ask_coach(
    *, actor: User, application: BenefitApplication, question: str, version: int
) -> BenefitApplication:
    """The back office of the paying organisation sends a question back to the coach instead
    of deciding: it stays in the queue, marked, and cannot be decided until the coach answers
    and so submits it again. Staff to staff: the
    client's logbook line is internal and says nothing of the question; the coach is told."""
    _check(actor, "benefits.decide_application", application)
    question = _clean_text(question, "question", required=_("Schrijf de vraag aan de coach op."))
    current = _locked_application(application)
    if current.version != version or current.status != ApplicationStatus.SUBMITTED:
        raise StaleVersion(current)
    current.status = ApplicationStatus.RETURNED
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    # A new row: earlier questions and their answers stay as they were. The status check above
    # means no question is open; the one-open-question constraint is the last word.
    ApplicationQuestion.objects.create(
        werkplein_id=current.werkplein_id,
        application=current,
        question=question,
        asked_by=actor,
        asked_at=timezone.now(),
    )
    _log(
        actor,
        current.client,
        _(
            "De backoffice van %(organisation)s heeft de coach een vraag gesteld over de "
            "aanvraag %(kind)s."
        )
        % {"organisation": current.paying_organisation.name, "kind": current.get_kind_display()},
        visible=False,
    )
    notices.tell_question_after_commit(current)
    return current


@transaction.atomic
def answer_question(
    *, actor: User, application: BenefitApplication, answer: str, version: int
) -> BenefitApplication:
    """The coach (or a team lead who reaches the client) answers the back office's question:
    the application goes back into the queue at its original place (the queue orders by the
    day it was submitted) and the back office user who asked is told."""
    _check(actor, "benefits.start_application")
    answer = _clean_text(
        answer, "answer", required=_("Schrijf het antwoord voor de backoffice op.")
    )
    current = _locked_application(application)
    if current.version != version or current.status != ApplicationStatus.RETURNED:
        raise StaleVersion(current)
    open_question = (
        ApplicationQuestion.objects.select_for_update()
        .filter(werkplein_id=current.werkplein_id, application=current, answered_at__isnull=True)
        .first()
    )
    if open_question is None:  # a returned application always has one; refuse rather than guess
        raise StaleVersion(current)
    current.status = ApplicationStatus.SUBMITTED
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    open_question.answer = answer
    open_question.answered_by = actor
    open_question.answered_at = timezone.now()
    open_question.save(update_fields=["answer", "answered_by", "answered_at", "updated_at"])
    _log(
        actor,
        current.client,
        _(
            "%(name)s heeft de vraag van de backoffice van %(organisation)s beantwoord; de "
            "aanvraag %(kind)s is opnieuw ingediend."
        )
        % {
            "name": actor.get_full_name() or actor.username,
            "organisation": current.paying_organisation.name,
            "kind": current.get_kind_display(),
        },
        visible=False,
    )
    notices.tell_answer_after_commit(current, open_question)
    return current


# --- the WW-end signal and the hand-over ---------------------------------------------------------


def signal_ending_benefits(today: datetime.date | None = None) -> int:
    """Raises one signal for every WW benefit that ends within the configured number of weeks
    and has none yet; tells the coach and the municipality's back office. Safe to run twice
    (the one-signal-per-benefit constraint and a per-benefit transaction). Returns how many."""
    today = today or timezone.localdate()
    raised = 0
    back_offices: dict[tuple[int, int], list[int]] = {}
    for benefit in selectors.ww_benefits_ending(today, selectors.ww_end_signal_weeks()):
        if _signal(benefit, back_offices):
            raised += 1
    return raised


def _back_office_of(werkplein_id: int, municipality_id: int) -> list[int]:
    return list(
        User.objects.filter(
            werkplein_id=werkplein_id,
            organisation_id=municipality_id,
            role=Role.BACK_OFFICE,
            is_active=True,
        ).values_list("pk", flat=True)
    )


def _signal(benefit: Benefit, back_offices: dict[tuple[int, int], list[int]]) -> bool:
    """One signal; `back_offices` keeps each municipality's back office for the run, so a
    municipality with many ending benefits is looked up once."""
    client = benefit.client
    try:
        with transaction.atomic():
            signal = BenefitEndSignal.objects.create(
                werkplein_id=benefit.werkplein_id,
                benefit=benefit,
                client=client,
                expected_end_on=benefit.expected_end_on,
                municipality_id=client.municipality_id,
            )
            _log(
                None,
                client,
                _(
                    "Signaal: de WW-uitkering loopt af op %(end)s. Bespreek de overdracht naar "
                    "bijstand met de gemeente."
                )
                % {"end": short_date(benefit.expected_end_on)},
                visible=False,
            )
            key = (benefit.werkplein_id, client.municipality_id)
            if key not in back_offices:
                back_offices[key] = _back_office_of(*key)
            notices.tell_end_signal_after_commit(signal, back_offices[key])
    except IntegrityError:
        return False  # signalled meanwhile by another run
    return True


def hand_over_to_bijstand(
    *,
    actor: User,
    signal: BenefitEndSignal,
    desired_start_on: datetime.date | None,
    iban: str = "",
    note: str = "",
) -> BenefitApplication:
    """Starts the bijstand application for the client's municipality from his ending WW
    benefit: the same dossier, no new intake, the same coach and team. Closes the signal.
    The search period rule applies as for any bijstand application (see start_application);
    a held hand-over leaves the signal open."""
    _check(actor, "benefits.start_application")
    return _unless_search_period_first(
        actor,
        signal.client,
        lambda: _hand_over(
            actor=actor, signal=signal, desired_start_on=desired_start_on, iban=iban, note=note
        ),
    )


@transaction.atomic
def _hand_over(
    *,
    actor: User,
    signal: BenefitEndSignal,
    desired_start_on: datetime.date | None,
    iban: str,
    note: str,
) -> BenefitApplication:
    locked = _locked_client(signal.client)
    current = BenefitEndSignal.objects.select_for_update().filter(pk=signal.pk).first()
    if current is None or current.closed_at is not None:
        raise ValidationError(_("Deze WW-uitkering is al overgedragen."))
    application = _create_application(
        actor=actor,
        client=locked,
        kind=BenefitKind.BIJSTAND,
        desired_start_on=desired_start_on,
        iban=iban,
        note=note,
        handover_from=current.benefit,
    )
    current.handover = application
    current.closed_at = timezone.now()
    current.save(update_fields=["handover", "closed_at", "updated_at"])
    _log(
        actor,
        locked,
        _("Overdracht van WW naar bijstand: uw werkcoach blijft dezelfde."),
    )
    return application
