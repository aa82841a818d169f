"""Benchmark scenarios: the pages and API calls a coach and a client make most, against the
scale Werkplein.

Most scenarios are one GET through django.test.Client in this process, as a logged-in user, so
the numbers are server time (no network, no browser) and SQL queries per request; a few time one
function call instead (the free-slot computation, the coach proposal). The data comes from
`werkplein seed --clients N` (core.seeding); see bench/README.md.
"""

import datetime
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from django.db import connection, transaction
from django.db.models import Count
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from werkplein.accounts.models import Role, Team, User
from werkplein.allocation import services as allocation_services
from werkplein.allocation.models import ProposalStatus
from werkplein.appointments import demo as appointment_demo
from werkplein.appointments.models import AvailabilityRule
from werkplein.appointments.selectors import free_slots
from werkplein.clients.models import Client, CoachAssignment
from werkplein.core import seeding
from werkplein.core.models import Werkplein
from werkplein.plans import demo as plan_demo

BENCH_CLIENT = "bench_client"  # the account of the big client, for the portal scenarios
UNASSIGNED = 30  # clients of the bench team waiting for a coach, each with an open proposal

# What the bench turns off: the second factor (force_login has none), HTTPS redirects, and host
# checks for the in-process test client. Nothing that changes the work a page does.
BENCH_SETTINGS = {
    "WERKPLEIN_REQUIRE_2FA": False,
    "SECURE_SSL_REDIRECT": False,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
    "ALLOWED_HOSTS": ["testserver", "127.0.0.1", "localhost"],
}


@dataclass(frozen=True)
class Target:
    """The rows the scenarios use, found in the scale Werkplein."""

    werkplein: Werkplein
    coach: User  # the bench coach, with a caseload of about 120
    big_client: Client  # his first client, with 2,000 logbook entries
    last_name: str  # a last name that several of the coach's clients share, or his first's
    bsn: str
    client_user: User  # the big client's own account, with a plan and a ladder history
    team: Team  # the bench coach's team: 12 coaches with full caseloads
    team_lead: User  # its lead, for the team dashboard
    new_client: Client  # a client of that team waiting for a coach (the proposal scenario)

    @classmethod
    def find(cls, werkplein: Werkplein | None = None) -> "Target":
        werkplein = werkplein or seeding.scale_werkplein()
        if werkplein is None:
            raise LookupError("No scale Werkplein: run `werkplein seed --clients N` first.")
        coach = User.objects.get(username=seeding.BENCH_COACH)
        big_client = seeding.big_logbook_client(werkplein)
        common = (
            Client.objects.filter(werkplein=werkplein, coach=coach)
            .values("last_name")
            .annotate(n=Count("id"))
            .order_by("-n", "last_name")
            .first()
        )
        client_user = prepare_portal(werkplein, coach, big_client)
        team = Team.objects.filter(members=coach).select_related("lead").order_by("id").first()
        new_client = prepare_unassigned(team, coach)
        return cls(
            werkplein,
            coach,
            big_client,
            common["last_name"],
            big_client.bsn,
            client_user,
            team,
            team.lead,
            new_client,
        )


def prepare_portal(werkplein: Werkplein, coach: User, big_client: Client) -> User:
    """What the portal scenarios need beyond the scale data, made once: the big client's own
    account and plan, and a year of availability (with bookings) for the bench coach."""
    client_user = big_client.user
    if client_user is None:
        client_user = User.objects.create(
            username=BENCH_CLIENT,
            role=Role.CLIENT,
            werkplein=werkplein,
            organisation_id=big_client.municipality_id,
        )
        Client.objects.filter(pk=big_client.pk).update(user=client_user)
        big_client.user = client_user
    plan_demo.seed_demo_plan(client=big_client, coach=coach)
    today = timezone.localdate()
    if not AvailabilityRule.objects.filter(
        coach=coach, valid_until__gte=today + datetime.timedelta(days=300)
    ).exists():
        appointment_demo.year_of_availability(coach=coach, werkplein=werkplein, start=today)
    return client_user


def prepare_unassigned(team: Team, coach: User) -> Client:
    """What the team scenarios need beyond the scale data, made once: UNASSIGNED clients of the
    bench team (the newest, none of the bench coach's) taken from their coach, each with an open
    coach proposal, as after a morning of intakes. Returns the newest of them."""
    waiting = Client.objects.filter(
        werkplein_id=team.werkplein_id,
        team=team,
        coach__isnull=True,
        coach_proposals__status=ProposalStatus.OPEN,
    )
    if not waiting.exists():
        with transaction.atomic():
            ids = list(
                Client.objects.filter(werkplein_id=team.werkplein_id, team=team)
                .exclude(coach=coach)
                .order_by("-id")
                .values_list("id", flat=True)[:UNASSIGNED]
            )
            now = timezone.now()
            CoachAssignment.objects.filter(client_id__in=ids, ended_at=None).update(ended_at=now)
            Client.objects.filter(pk__in=ids).update(coach=None)
            for client in Client.objects.filter(pk__in=ids).order_by("id"):
                allocation_services.propose_coach(actor=team.lead, client=client, team=team)
    return waiting.order_by("-id").first()


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    url: Callable[[Target], str] | None = None  # a GET of this URL ...
    call: Callable[[Target], object] | None = None  # ... or a call of this function
    as_client: bool = False  # as the big client instead of the bench coach
    as_team_lead: bool = False  # as the lead of the bench coach's team


def user_for(scenario: Scenario, target: Target) -> User:
    if scenario.as_client:
        return target.client_user
    if scenario.as_team_lead:
        return target.team_lead
    return target.coach


def _year_of_free_slots(t: Target) -> object:
    today = timezone.localdate()
    return free_slots(t.coach, today, today + datetime.timedelta(days=365))


def _coach_proposal(t: Target) -> object:
    """The whole proposal as the intake makes it (the weighted loads of the team's 12 coaches,
    the choice, the proposal with its figures, the logbook line, the team lead's notice), in a
    transaction rolled back afterwards so that every iteration finds the same data."""
    with transaction.atomic():
        proposal = allocation_services.propose_coach(
            actor=t.coach, client=t.new_client, team=t.team
        )
        transaction.set_rollback(True)
    return proposal


SCENARIOS = (
    Scenario(
        "caseload",
        "caseload page of a coach with ~120 clients",
        lambda t: reverse("clients:caseload"),
    ),
    Scenario(
        "dossier",
        "dossier page of the client with 2,000 logbook entries",
        lambda t: reverse("clients:dossier", args=[t.big_client.pk]),
    ),
    Scenario(
        "search_name",
        "search by last name",
        lambda t: reverse("clients:search") + "?" + _query(t.last_name),
    ),
    Scenario(
        "search_bsn",
        "search by BSN",
        lambda t: reverse("clients:search") + "?" + _query(t.bsn),
    ),
    Scenario(
        "logbook_api",
        "first page of the logbook API of the 2,000-entry client",
        lambda t: f"/api/v1/clients/{t.big_client.pk}/logbook/",
    ),
    Scenario(
        "free_slots",
        "free slots of the bench coach over a year of availability (a function call)",
        call=_year_of_free_slots,
    ),
    Scenario(
        "portal_home",
        "the client's home page (Mijn Werkplein) of the big client",
        lambda t: reverse("portal:home"),
        as_client=True,
    ),
    Scenario(
        "coach_proposal",
        "coach proposal in a team of 12 full coaches (a function call, rolled back)",
        call=_coach_proposal,
    ),
    Scenario(
        "team_dashboard",
        "the team lead's dashboard: 12 coaches' caseloads and the clients without a coach",
        lambda t: reverse("allocation:dashboard"),
        as_team_lead=True,
    ),
)


def _query(q: str) -> str:
    return urlencode({"q": q})


@dataclass
class Result:
    scenario: str
    description: str
    url: str
    iterations: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    queries: int  # the most any iteration made
    status: int

    def row(self) -> str:
        return (
            f"{self.scenario:<14} {self.p50_ms:>9.1f} {self.p95_ms:>9.1f} "
            f"{self.queries:>8} {self.status:>7}"
        )


TABLE_HEADER = f"{'scenario':<14} {'p50 ms':>9} {'p95 ms':>9} {'queries':>8} {'status':>7}"


def _percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def logged_in(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return http


def run_scenario(
    scenario: Scenario, target: Target, http: HttpClient, iterations: int = 50, warmup: int = 1
) -> Result:
    """Runs one scenario: `warmup` unmeasured requests, then `iterations` measured ones."""
    url = scenario.url(target) if scenario.url else f"call:{scenario.call.__name__}"
    timings: list[float] = []
    queries = status = 0
    with override_settings(**BENCH_SETTINGS):
        for i in range(warmup + iterations):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                if scenario.url:
                    status = http.get(url).status_code
                else:
                    scenario.call(target)
                    status = 200  # the call returned without an error
                elapsed = time.perf_counter() - started
            if i >= warmup:
                timings.append(elapsed * 1000)
                queries = max(queries, len(captured.captured_queries))
    return Result(
        scenario=scenario.name,
        description=scenario.description,
        url=url,
        iterations=iterations,
        p50_ms=round(statistics.median(timings), 2),
        p95_ms=round(_percentile(timings, 0.95), 2),
        max_ms=round(max(timings), 2),
        queries=queries,
        status=status,
    )


def run(target: Target, iterations: int = 50, out: Callable[[str], None] = print) -> list[Result]:
    """Runs every scenario as the bench coach (or client, or team lead) and prints the table as
    it goes."""
    sessions: dict[int, HttpClient] = {}
    out(TABLE_HEADER)
    results = []
    for scenario in SCENARIOS:
        user = user_for(scenario, target)
        if user.pk not in sessions:
            sessions[user.pk] = logged_in(user)
        http = sessions[user.pk]
        result = run_scenario(scenario, target, http, iterations)
        out(result.row())
        results.append(result)
    return results


def _database_version() -> str:
    if connection.vendor == "sqlite":
        return connection.Database.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version" if connection.vendor == "postgresql" else "SELECT 1")
        return str(cursor.fetchone()[0])


def report(target: Target, results: list[Result], iterations: int) -> dict:
    """Everything worth keeping of a run, for the JSON file."""
    return {
        "database": {"vendor": connection.vendor, "version": _database_version()},
        "scale": {
            "werkplein": target.werkplein.slug,
            "clients": Client.objects.filter(werkplein=target.werkplein).count(),
            "coach_caseload": Client.objects.filter(coach=target.coach).count(),
            "big_client_id": target.big_client.pk,
            "big_client_entries": target.big_client.log_entries.count(),
        },
        "iterations": iterations,
        "results": [asdict(r) for r in results],
    }
