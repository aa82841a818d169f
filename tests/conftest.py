"""Shared fixtures: a small Werkplein with every role, their own and foreign clients."""

import os
from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.db.backends.signals import connection_created
from django.test import Client as HttpClient

from werkplein.accounts.models import Organisation, OrganisationKind, Role, Team, User
from werkplein.audit.models import QualitySample
from werkplein.clients.models import Client
from werkplein.notifications import sms

from .factories import (
    BenefitFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    WerkpleinFactory,
    create_clients_in_bulk,
    create_in_bulk,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in browser tests


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    settings.WERKPLEIN_REQUIRE_2FA = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.WERKPLEIN_SMS_BACKEND = "werkplein.notifications.sms.LocmemSmsBackend"
    sms.outbox.clear()
    # The message flood limit counts in the cache, per user id; ids repeat between tests.
    # Only the in-process cache: a shared Redis also holds the channel layer of live servers.
    if type(caches["default"]).__name__ == "LocMemCache":
        caches["default"].clear()


@dataclass
class World:
    """One Werkplein with a user of every role, and another Werkplein next door."""

    uwv: Organisation
    zutphen: Organisation
    lochem: Organisation
    provider: Organisation
    employer: Organisation
    users: dict[str, User]
    team_shared: Team
    team_private: Team
    own_client: Client  # coach's own client, in the shared team, bijstand paid by Zutphen
    teammate_client: Client  # a teammate's client in the shared team
    private_team_client: Client  # another team's client, not shared
    sampled_client: Client  # in the quality officer's sample
    foreign_client: Client  # in another Werkplein altogether
    client_user_client: Client  # the client account's own record


# Every user of `world`, by name: the rows of the access matrices.
WORLD_USERS = (
    "coach",
    "teammate",
    "other_coach",
    "team_lead",
    "other_lead",
    "back_office",
    "back_office_uwv",
    "quality_officer",
    "security_officer",
    "functional_admin",
    "provider_staff",
    "employer",
    "client",
)
WORLD_STAFF = tuple(name for name in WORLD_USERS if name != "client")


@pytest.fixture
def world(db) -> World:
    """Made by bulk inserts (about 15 queries, not 70): nearly every test sets it up."""
    werkplein, other_wp = create_in_bulk(
        WerkpleinFactory,
        {"name": "Werkplein Zutphen", "slug": "zutphen"},
        {"name": "Werkplein Apeldoorn", "slug": "apeldoorn"},
    )
    uwv, zutphen, lochem, provider, employer, other_org = create_in_bulk(
        OrganisationFactory,
        *(
            {"werkplein": werkplein, "name": name, "kind": kind}
            for name, kind in (
                ("UWV", OrganisationKind.UWV),
                ("Gemeente Zutphen", OrganisationKind.MUNICIPALITY),
                ("Gemeente Lochem", OrganisationKind.MUNICIPALITY),
                ("Aan de Slag Re-integratie", OrganisationKind.PROVIDER),
                ("Bakkerij De Korenbloem", OrganisationKind.EMPLOYER),
            )
        ),
        {"werkplein": other_wp, "name": "Gemeente Apeldoorn"},
    )
    staff = {
        "coach": (Role.COACH, zutphen),
        "teammate": (Role.COACH, uwv),
        "other_coach": (Role.COACH, uwv),
        "team_lead": (Role.TEAM_LEAD, uwv),
        "other_lead": (Role.TEAM_LEAD, lochem),
        "back_office": (Role.BACK_OFFICE, zutphen),
        "back_office_uwv": (Role.BACK_OFFICE, uwv),
        "quality_officer": (Role.QUALITY_OFFICER, uwv),
        "security_officer": (Role.SECURITY_OFFICER, uwv),
        "functional_admin": (Role.FUNCTIONAL_ADMIN, uwv),
        "provider_staff": (Role.PROVIDER_STAFF, provider),
        "employer": (Role.EMPLOYER, employer),
        "client": (Role.CLIENT, zutphen),
        "foreign_coach": (Role.COACH, other_org),
    }
    made = create_in_bulk(
        UserFactory,
        *(
            {"username": name, "role": role, "organisation": organisation}
            for name, (role, organisation) in staff.items()
        ),
    )
    users = dict(zip(staff, made, strict=True))
    foreign_coach = users.pop("foreign_coach")
    team_shared, team_private = create_in_bulk(
        TeamFactory,
        {
            "werkplein": werkplein,
            "name": "Jongeren",
            "lead": users["team_lead"],
            "shares_caseloads": True,
        },
        {"werkplein": werkplein, "name": "45-plus", "lead": users["other_lead"]},
    )
    Team.members.through.objects.bulk_create(
        Team.members.through(team=team, user=users[name])
        for team, name in (
            (team_shared, "coach"),
            (team_shared, "teammate"),
            (team_private, "other_coach"),
        )
    )

    def client(coach, team, **kwargs):
        return {
            "werkplein": werkplein,
            "municipality": zutphen,
            "coach": coach,
            "team": team,
            **kwargs,
        }

    own, teammate_client, private, sampled, client_user_client, foreign = create_clients_in_bulk(
        client(users["coach"], team_shared),
        client(users["teammate"], team_shared),
        client(users["other_coach"], team_private),
        client(users["other_coach"], team_private),
        client(users["coach"], team_shared, user=users["client"]),
        {"werkplein": other_wp, "municipality": other_org, "coach": foreign_coach},
    )
    BenefitFactory(client=own, paying_organisation=zutphen)
    sample = QualitySample.objects.create(
        werkplein=werkplein,
        reviewer=users["quality_officer"],
        drawn_by=users["team_lead"],
        description="Steekproef Q4",
    )
    sample.clients.add(sampled)
    return World(
        uwv=uwv,
        zutphen=zutphen,
        lochem=lochem,
        provider=provider,
        employer=employer,
        users=users,
        team_shared=team_shared,
        team_private=team_private,
        own_client=own,
        teammate_client=teammate_client,
        private_team_client=private,
        sampled_client=sampled,
        foreign_client=foreign,
        client_user_client=client_user_client,
    )


@pytest.fixture
def login():
    """Returns an HTTP client logged in as the user (the login page itself has its own tests)."""

    def _login(user: User) -> HttpClient:
        http = HttpClient()
        http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return http

    return _login


def _no_commit_wait_on_the_test_database(sender, connection, **kwargs):
    """PostgreSQL: a commit of the test database does not wait for its WAL to reach the disk.

    Tests that commit (transactional tests, their flush between tests, the live server's
    requests) otherwise wait for a disk sync on every commit. A crash can only lose the last
    commits of a database that is thrown away anyway; production settings are untouched (this
    runs in the test process only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")


connection_created.connect(_no_commit_wait_on_the_test_database)


def _delete_instead_of_truncate():
    """PostgreSQL: transactional tests empty the test database after each test with DELETE
    rather than TRUNCATE.

    Django's flush truncates every table. TRUNCATE takes an exclusive lock on every table (so it
    waits for any other connection still open on one, e.g. a live server's thread) and makes new
    files for each table and index: 0.3 s or more per test even on an empty database, where
    deleting the few rows a test wrote takes milliseconds. Only the test process is patched;
    sequence resets still go through Django's own SQL."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        # Like TRUNCATE, skip the row triggers (the append-only logs refuse a DELETE) and the
        # foreign key checks, for this transaction only (needs a superuser, as CI has).
        return ["SET LOCAL session_replication_role = replica"] + [
            f"DELETE FROM {self.quote_name(table)}"  # noqa: S608 -- Django's table names
            for table in tables
        ]

    DatabaseOperations.sql_flush = sql_flush


_delete_instead_of_truncate()


@pytest.fixture(scope="session")
def live_site_shared():
    """The live site (tests/live_site.py), made once per test process: a module asks for it
    through `live_site`. Defined here, in one place, so that every module gets the same one."""
    from tests import live_site

    with live_site.running_site() as site:
        yield site
