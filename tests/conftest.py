"""Shared fixtures: a small Werkplein with every role, their own and foreign clients."""

import os
from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.test import Client as HttpClient

from werkplein.accounts.models import Organisation, OrganisationKind, Role, Team, User
from werkplein.audit.models import QualitySample
from werkplein.clients.models import Client
from werkplein.notifications import sms

from .factories import (
    BenefitFactory,
    ClientFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    WerkpleinFactory,
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
    werkplein = WerkpleinFactory(name="Werkplein Zutphen", slug="zutphen")
    org = lambda name, kind: OrganisationFactory(werkplein=werkplein, name=name, kind=kind)  # noqa: E731
    uwv = org("UWV", OrganisationKind.UWV)
    zutphen = org("Gemeente Zutphen", OrganisationKind.MUNICIPALITY)
    lochem = org("Gemeente Lochem", OrganisationKind.MUNICIPALITY)
    provider = org("Aan de Slag Re-integratie", OrganisationKind.PROVIDER)
    employer = org("Bakkerij De Korenbloem", OrganisationKind.EMPLOYER)
    user = lambda name, role, organisation: UserFactory(  # noqa: E731
        username=name, role=role, organisation=organisation
    )
    users = {
        "coach": user("coach", Role.COACH, zutphen),
        "teammate": user("teammate", Role.COACH, uwv),
        "other_coach": user("other_coach", Role.COACH, uwv),
        "team_lead": user("team_lead", Role.TEAM_LEAD, uwv),
        "other_lead": user("other_lead", Role.TEAM_LEAD, lochem),
        "back_office": user("back_office", Role.BACK_OFFICE, zutphen),
        "back_office_uwv": user("back_office_uwv", Role.BACK_OFFICE, uwv),
        "quality_officer": user("quality_officer", Role.QUALITY_OFFICER, uwv),
        "security_officer": user("security_officer", Role.SECURITY_OFFICER, uwv),
        "functional_admin": user("functional_admin", Role.FUNCTIONAL_ADMIN, uwv),
        "provider_staff": user("provider_staff", Role.PROVIDER_STAFF, provider),
        "employer": user("employer", Role.EMPLOYER, employer),
        "client": user("client", Role.CLIENT, zutphen),
    }
    team_shared = TeamFactory(
        werkplein=werkplein, name="Jongeren", lead=users["team_lead"], shares_caseloads=True
    )
    team_shared.members.set([users["coach"], users["teammate"]])
    team_private = TeamFactory(werkplein=werkplein, name="45-plus", lead=users["other_lead"])
    team_private.members.set([users["other_coach"]])

    def client(coach, team, **kwargs):
        return ClientFactory(
            werkplein=werkplein, municipality=zutphen, coach=coach, team=team, **kwargs
        )

    own = client(users["coach"], team_shared)
    BenefitFactory(client=own, paying_organisation=zutphen)
    teammate_client = client(users["teammate"], team_shared)
    private = client(users["other_coach"], team_private)
    sampled = client(users["other_coach"], team_private)
    sample = QualitySample.objects.create(
        werkplein=werkplein,
        reviewer=users["quality_officer"],
        drawn_by=users["team_lead"],
        description="Steekproef Q4",
    )
    sample.clients.add(sampled)
    client_user_client = client(users["coach"], team_shared, user=users["client"])

    other_wp = WerkpleinFactory(name="Werkplein Apeldoorn", slug="apeldoorn")
    other_org = OrganisationFactory(werkplein=other_wp, name="Gemeente Apeldoorn")
    foreign_coach = UserFactory(username="foreign_coach", organisation=other_org)
    foreign = ClientFactory(werkplein=other_wp, municipality=other_org, coach=foreign_coach)
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
