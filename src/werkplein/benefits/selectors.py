"""Every read of benefit applications, search periods and WW-end signals.

Staff reach a client through clients.selectors.dossier_for (which logs the read); the back
office reaches an application only when it is addressed to its own organisation, and then the
client through dossier_for with purpose "benefit". Lists are logged as list reads.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import FilteredRelation, Prefetch, Q, QuerySet
from django.utils import timezone

from werkplein.accounts.models import OrganisationKind, Role, User
from werkplein.audit.models import Action, Outcome, Purpose, Relation
from werkplein.audit.services import record_access
from werkplein.benefits import data
from werkplein.benefits.models import (
    OPEN_STATUSES,
    ApplicationQuestion,
    ApplicationStatus,
    BenefitApplication,
    BenefitEndSignal,
    SearchPeriod,
    SearchTask,
)
from werkplein.benefits.rules import search_period_applies
from werkplein.clients import selectors as client_selectors
from werkplein.clients.models import Benefit, BenefitKind, Client, FinancialSituation, Job
from werkplein.core.access import ClientNotFound
from werkplein.core.http import parse_id

# --- the search period ---------------------------------------------------------------------------


def search_period_days() -> int:
    return settings.WERKPLEIN_SEARCH_PERIOD_DAYS


def ww_end_signal_weeks() -> int:
    return settings.WERKPLEIN_WW_END_SIGNAL_WEEKS


def _latest_periods(client: Client) -> QuerySet[SearchPeriod]:
    """The client's search periods, latest first."""
    return SearchPeriod.objects.filter(werkplein_id=client.werkplein_id, client=client).order_by(
        "-starts_on", "-id"
    )


def latest_search_period(client: Client) -> SearchPeriod | None:
    """The client's latest search period alone (one query): its dates and hold."""
    return _latest_periods(client).first()


def current_search_period(client: Client) -> SearchPeriod | None:
    """The client's latest search period with its vacancies and tasks (two queries)."""
    return (
        _latest_periods(client)
        .select_related("lifted_by")
        .prefetch_related(Prefetch("tasks", queryset=SearchTask.objects.order_by("created_at")))
        .first()
    )


def is_holding(period: SearchPeriod | None, today: datetime.date) -> bool:
    """A search period holds the bijstand application until its last day, unless lifted."""
    return (
        period is not None
        and period.lifted_at is None
        and period.starts_on <= today <= (period.ends_on)
    )


@dataclass
class BijstandGate:
    """What the search period means for a bijstand application now, for the coach's forms."""

    period: SearchPeriod | None
    holding: bool  # a running period holds the application until its end
    starts_period: bool  # a client under 27 without any period: the application starts one


def bijstand_gate(client: Client) -> BijstandGate:
    """One query: without any period, a first one is due exactly when the rule applies."""
    today = timezone.localdate()
    period = latest_search_period(client)
    return BijstandGate(
        period=period,
        holding=is_holding(period, today),
        starts_period=period is None
        and search_period_applies(client.age_on(today), BenefitKind.BIJSTAND),
    )


def first_search_period_due(client: Client, today: datetime.date) -> bool:
    """Whether a bijstand request now first starts the client's search period: he is under 27
    and never had one (running, ended or lifted)."""
    return (
        search_period_applies(client.age_on(today), BenefitKind.BIJSTAND)
        and not SearchPeriod.objects.filter(
            werkplein_id=client.werkplein_id, client=client
        ).exists()
    )


def holding_period(client: Client, today: datetime.date) -> SearchPeriod | None:
    """The search period that holds the client's bijstand application today, if any."""
    return (
        SearchPeriod.objects.filter(
            werkplein_id=client.werkplein_id,
            client=client,
            lifted_at__isnull=True,
            starts_on__lte=today,
            ends_on__gte=today,
        )
        .order_by("-ends_on")
        .first()
    )


def task_for(client: Client, task_id) -> SearchTask:
    task = (
        SearchTask.objects.filter(
            werkplein_id=client.werkplein_id,
            search_period__client=client,
            pk=parse_id(task_id),
        )
        .select_related("search_period")
        .first()
    )
    if task is None:
        raise ClientNotFound()
    return task


# --- applications on the dossier -----------------------------------------------------------------


def _visible_applications(user: User, client: Client) -> QuerySet[BenefitApplication]:
    """A client's applications as this user may see them: the back office only those addressed
    to its own organisation; coaches and team leads all of them."""
    rows = BenefitApplication.objects.filter(werkplein_id=client.werkplein_id, client=client)
    if user.role == Role.BACK_OFFICE:
        rows = rows.filter(paying_organisation_id=user.organisation_id)
    return rows.select_related("paying_organisation", "benefit").order_by("-created_at", "-id")


def _with_open_question(rows: QuerySet[BenefitApplication]) -> QuerySet[BenefitApplication]:
    """Joins each application's open (unanswered) question and who asked it, in the same query:
    `application.open_question` is that ApplicationQuestion or None. The one-open-question
    constraint keeps it to at most one row per application, so the join adds no rows. Listed
    through _open_question_or_none, as Django sets no attribute at all without a match."""
    return rows.annotate(
        open_question=FilteredRelation(
            "questions", condition=Q(questions__answered_at__isnull=True)
        )
    ).select_related("open_question__asked_by")


def _open_question_or_none(applications: list[BenefitApplication]) -> list[BenefitApplication]:
    """Django leaves the joined attribute unset when there is no open question: make it None."""
    for application in applications:
        if not hasattr(application, "open_question"):
            application.open_question = None
    return applications


def _question_history(werkplein_id: int) -> Prefetch:
    """Every question of the applications, oldest first, with who asked and who answered: one
    query for all of them (prefetch)."""
    return Prefetch(
        "questions",
        queryset=ApplicationQuestion.objects.filter(werkplein_id=werkplein_id)
        .select_related("asked_by", "answered_by")
        .order_by("asked_at", "id"),
    )


def application_on_dossier(user: User, client: Client, application_id) -> BenefitApplication:
    application = _visible_applications(user, client).filter(pk=parse_id(application_id)).first()
    if application is None:
        raise ClientNotFound()
    return application


def _signals_of(client: Client) -> QuerySet[BenefitEndSignal]:
    return BenefitEndSignal.objects.filter(
        werkplein_id=client.werkplein_id, client=client
    ).select_related("benefit", "municipality")


def open_signal(client: Client) -> BenefitEndSignal | None:
    return _signals_of(client).filter(closed_at__isnull=True).first()


def signal_on_dossier(client: Client, signal_id) -> BenefitEndSignal:
    signal = _signals_of(client).filter(pk=parse_id(signal_id)).first()
    if signal is None:
        raise ClientNotFound()
    return signal


@dataclass
class Overview:
    period: SearchPeriod | None
    holding: bool
    applications: list[BenefitApplication]
    signal: BenefitEndSignal | None
    today: datetime.date

    @property
    def returned_applications(self) -> list[BenefitApplication]:
        """Applications back with the coach for a question of the back office (staff only)."""
        return [a for a in self.applications if a.status == ApplicationStatus.RETURNED]


def overview_for(user: User, client: Client) -> Overview:
    """What the dossier shows of benefits for a client already reached: the search period and its
    tasks, the applications (and decisions) and an open WW-end signal. A fixed number of queries.

    Each application carries every question and answer, oldest first
    (`application.questions.all`, one more query)."""
    today = timezone.localdate()
    period = current_search_period(client)
    signal = _open_signal_for(user, client)
    rows = _visible_applications(user, client).prefetch_related(
        _question_history(client.werkplein_id)
    )
    return Overview(
        period=period,
        holding=is_holding(period, today),
        applications=list(rows[:20]),
        signal=signal,
        today=today,
    )


def _open_signal_for(user: User, client: Client) -> BenefitEndSignal | None:
    """The open WW-end signal, for staff other than the back office."""
    return open_signal(client) if user.role != Role.BACK_OFFICE else None


def dossier_card(user: User, client: Client) -> Overview:
    """The benefits card of the staff dossier page (constant queries): the search period's dates
    and hold (no tasks), the latest five applications each with only its open question (joined
    in the applications' own query; no history), and an open WW-end signal."""
    today = timezone.localdate()
    period = latest_search_period(client)
    signal = _open_signal_for(user, client)
    rows = _with_open_question(_visible_applications(user, client))
    return Overview(
        period=period,
        holding=is_holding(period, today),
        applications=_open_question_or_none(list(rows[:5])),
        signal=signal,
        today=today,
    )


# --- the client's own view -----------------------------------------------------------------------


def own_overview(client: Client) -> Overview:
    """The client's own search period, applications and decisions (portal; no internal notes)."""
    today = timezone.localdate()
    period = current_search_period(client)
    applications = list(
        BenefitApplication.objects.filter(werkplein_id=client.werkplein_id, client=client)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .select_related("paying_organisation")
        .order_by("-created_at", "-id")[:20]
    )
    return Overview(
        period=period,
        holding=is_holding(period, today),
        applications=applications,
        signal=None,
        today=today,
    )


# --- the back office -----------------------------------------------------------------------------


def _record_list_read(user: User, detail: str) -> None:
    """A back-office list read, logged as the paying organisation reading for the benefit."""
    record_access(
        user=user,
        action=Action.LIST,
        outcome=Outcome.ALLOWED,
        relation=Relation.BENEFIT_PAYER,
        purpose=Purpose.BENEFIT,
        detail=detail,
    )


def queue_for(user: User) -> QuerySet[BenefitApplication]:
    """The open applications addressed to the user's own organisation, oldest first: submitted
    ones, and those back with the coach for a question (the page marks them). An answered one
    returns to its original place, as the order is the day it was first submitted."""
    if user.role != Role.BACK_OFFICE or not user.organisation_id:
        return BenefitApplication.objects.none()
    _record_list_read(user, "wachtrij uitkeringsaanvragen")
    return (
        BenefitApplication.objects.filter(
            werkplein_id=user.werkplein_id,
            paying_organisation_id=user.organisation_id,
            status__in=OPEN_STATUSES,
        )
        .select_related("client", "started_by")
        .order_by("created_at", "id")
    )


@dataclass
class CaseFile:
    """What the back office reads of one application: exactly its kind's items."""

    application: BenefitApplication
    client: Client
    rows: list[tuple[str, str]]
    missing: list[str]


def _last_job(client: Client) -> Job | None:
    return (
        Job.objects.filter(werkplein_id=client.werkplein_id, client=client)
        .order_by("-ended_on", "-started_on", "-id")
        .first()
    )


def _finances(client: Client) -> FinancialSituation | None:
    return FinancialSituation.objects.filter(
        werkplein_id=client.werkplein_id, client=client
    ).first()


def completeness(application: BenefitApplication) -> list[str]:
    """The completeness check of an application (used again by the decision service)."""
    client = application.client
    return data.missing_for(application, _last_job(client), _finances(client))


def case_file_for(user: User, application_id) -> CaseFile:
    """The application, if addressed to the user's organisation and still waiting; the client
    is reached through dossier_for with purpose "benefit", which logs the read."""
    if user.role != Role.BACK_OFFICE or not user.organisation_id:
        raise ClientNotFound()
    application = (
        BenefitApplication.objects.filter(
            werkplein_id=user.werkplein_id,
            paying_organisation_id=user.organisation_id,
            pk=parse_id(application_id),
        )
        .select_related("paying_organisation")
        .prefetch_related(_question_history(user.werkplein_id))
        .first()
    )
    if application is None:
        raise ClientNotFound()
    client = client_selectors.dossier_for(user, application.client_id, Purpose.BENEFIT)
    application.client = client
    last_job, finances = _last_job(client), _finances(client)
    return CaseFile(
        application=application,
        client=client,
        rows=data.rows_for(application, last_job, finances),
        missing=data.missing_for(application, last_job, finances),
    )


def signals_for(user: User) -> QuerySet[BenefitEndSignal]:
    """Open WW-end signals of the user's own municipality; logged as a list read."""
    if (
        user.role != Role.BACK_OFFICE
        or user.organisation is None
        or user.organisation.kind != OrganisationKind.MUNICIPALITY
    ):
        return BenefitEndSignal.objects.none()
    _record_list_read(user, "signalen aflopende WW")
    return (
        BenefitEndSignal.objects.filter(
            werkplein_id=user.werkplein_id,
            municipality_id=user.organisation_id,
            closed_at__isnull=True,
        )
        .select_related("client", "client__coach", "benefit")
        .order_by("expected_end_on", "id")
    )


# --- the WW-end signal (task) --------------------------------------------------------------------


def ww_benefits_ending(today: datetime.date, weeks: int) -> QuerySet[Benefit]:
    """WW benefits whose expected end lies from today up to `weeks` weeks ahead, not yet
    signalled, whose client has a municipality to hand over to. System use (task, command)."""
    return (
        Benefit.objects.filter(
            kind=BenefitKind.WW,
            expected_end_on__gte=today,
            expected_end_on__lte=today + datetime.timedelta(weeks=weeks),
            end_signal__isnull=True,
            client__municipality__isnull=False,
        )
        .select_related("client", "client__coach")
        .order_by("expected_end_on", "id")
    )
