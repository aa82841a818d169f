"""The demo and scale generators: accounts, relations, and data that the domain would accept."""

import datetime
import random
from io import StringIO

import phonenumbers
import pytest
from django.core.management import call_command
from django.db.models import Count, Max
from django.utils import timezone
from stdnum.nl import bsn, postcode

from werkplein.accounts.models import Organisation, Role, Team, User
from werkplein.allocation.models import CoachProposal, ProposalStatus
from werkplein.appointments.models import Appointment
from werkplein.appointments.selectors import free_slots_for
from werkplein.audit.models import QualitySample
from werkplein.clients.models import Benefit, BenefitKind, Client, CoachAssignment
from werkplein.clients.sections import ONE_TO_ONE_MODELS
from werkplein.clients.selectors import caseload_for
from werkplein.core import seeding
from werkplein.core.models import Werkplein
from werkplein.logbook.models import CONTACT_KINDS, LogEntry
from werkplein.plans.models import Plan

from .conftest import SCALE_CLIENTS

pytestmark = pytest.mark.django_db


# -- the demo ---------------------------------------------------------------------------------


def test_demo_has_every_account_with_its_role(demo, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    users = {u.username: u for u in User.objects.filter(werkplein=demo)}
    for account in seeding.DEMO_ACCOUNTS:
        assert users[account.username].role == account.role, account.username
    assert users["admin"].is_staff and users["admin"].organisation.name == "UWV"
    assert users["coach1"].check_password(seeding.DEMO_PASSWORD)
    assert users["client2"].check_password(seeding.DEMO_PASSWORD)
    assert users["backoffice1"].organisation.name == "Gemeente Zutphen"
    assert users["provider1"].organisation.kind == "provider"
    assert users["employer1"].organisation.kind == "employer"


def test_demo_organisations_and_teams(demo):
    kinds = dict(Organisation.objects.filter(werkplein=demo).values_list("name", "kind"))
    assert kinds == {name: kind for name, kind in seeding.DEMO_ORGANISATIONS}
    jongeren = Team.objects.get(werkplein=demo, name="Jongeren")
    plus = Team.objects.get(werkplein=demo, name="45-plus")
    assert (jongeren.target_group, jongeren.shares_caseloads) == ("under_27", True)
    assert (plus.target_group, plus.shares_caseloads) == ("from_45", False)
    assert jongeren.lead.username == plus.lead.username == "teamlead1"
    assert jongeren.members.filter(username="coach1").exists()
    assert plus.members.filter(username="coach2").exists()


def test_client_accounts_are_in_their_coaches_caseloads(demo):
    for client_user, coach in (("client1", "coach1"), ("client2", "coach2")):
        client = Client.objects.get(user__username=client_user)
        assert client.coach.username == coach
        assert client in caseload_for(User.objects.get(username=coach))


def test_demo_clients_are_valid_and_consistent(demo):
    # Besides the generated clients, one new client waits for the team lead to confirm a coach.
    waiting = Client.objects.filter(werkplein=demo, coach__isnull=True)
    assert waiting.count() == 1
    assert CoachProposal.objects.filter(client__in=waiting, status=ProposalStatus.OPEN).count() == 1
    clients = list(
        Client.objects.filter(werkplein=demo, coach__isnull=False).select_related(
            "team", "municipality"
        )
    )
    assert len(clients) == seeding.DEMO_CLIENTS
    assert len({c.bsn for c in clients}) == len(clients)
    today = timezone.localdate()
    for c in clients:
        assert bsn.is_valid(c.bsn), c.bsn
        assert postcode.is_valid(c.postcode), c.postcode
        assert phonenumbers.is_valid_number(c.phone), c.phone
        assert c.municipality.kind == "municipality"
        age = c.age_on(today)
        assert age < 27 if c.team.name == "Jongeren" else age >= 45, (c.team.name, age)
    for model in ONE_TO_ONE_MODELS:
        assert model.objects.filter(client__werkplein=demo).count() == len(clients) + 1
    assert CoachAssignment.objects.filter(werkplein=demo, ended_at=None).count() == len(clients)


def test_demo_contact_dates_follow_the_logbook(demo):
    last = dict(
        LogEntry.objects.filter(werkplein=demo, kind__in=CONTACT_KINDS)
        .values("client")
        .annotate(at=Max("occurred_at"))
        .values_list("client", "at")
    )
    clients = Client.objects.filter(werkplein=demo, coach__isnull=False)
    for c in clients:
        assert c.last_contact_at == last[c.pk]
        assert c.next_contact_due == c.compute_next_contact_due()
    overdue = clients.filter(next_contact_due__lt=timezone.localdate()).count()
    assert 5 <= overdue <= 60
    per_client = clients.annotate(n=Count("log_entries")).aggregate(Max("n"))["n__max"]
    assert per_client > 20  # months of history
    kinds = set(LogEntry.objects.filter(werkplein=demo).values_list("kind", flat=True))
    assert {"note", "contact", "appointment", "message", "decision"} <= kinds
    visibilities = set(LogEntry.objects.filter(werkplein=demo).values_list("visibility", flat=True))
    assert visibilities == {"client", "internal"}


def test_demo_benefits_are_paid_by_the_right_organisation(demo):
    benefits = Benefit.objects.filter(werkplein=demo).select_related(
        "paying_organisation", "client__municipality"
    )
    kinds = {b.kind for b in benefits}
    assert {BenefitKind.WW, BenefitKind.WIA, BenefitKind.BIJSTAND, BenefitKind.NONE} <= kinds
    for b in benefits:
        if b.kind in (BenefitKind.WW, BenefitKind.WIA):
            assert b.paying_organisation.name == "UWV"
        elif b.kind == BenefitKind.BIJSTAND:
            assert b.paying_organisation == b.client.municipality
        else:
            assert b.paying_organisation is None


def test_demo_sample_and_appointments(demo):
    sample = QualitySample.objects.get(werkplein=demo)
    assert sample.reviewer.username == "quality1"
    assert sample.drawn_by.username == "teamlead1"
    assert sample.clients.count() == 5
    appointments = Appointment.objects.filter(werkplein=demo)
    assert appointments.count() > 20
    assert all(a.starts_at > timezone.now() for a in appointments)


def test_demo_is_loaded_once(demo):
    out = StringIO()
    call_command("seed", demo=True, stdout=out)
    assert "already loaded" in out.getvalue()
    assert Werkplein.objects.filter(name=seeding.DEMO_NAME).count() == 1


# -- the scale --------------------------------------------------------------------------------


def test_scale_totals(scale):
    clients = Client.objects.filter(werkplein=scale)
    assert clients.count() == SCALE_CLIENTS
    caseloads = list(clients.values("coach").annotate(n=Count("id")).values_list("n", flat=True))
    assert sum(caseloads) == SCALE_CLIENTS
    assert User.objects.filter(werkplein=scale, role=Role.COACH).count() == len(caseloads)
    assert User.objects.filter(username=seeding.BENCH_COACH, werkplein=scale).exists()
    for model in ONE_TO_ONE_MODELS:
        assert model.objects.filter(client__werkplein=scale).count() == SCALE_CLIENTS
    assert Benefit.objects.filter(werkplein=scale).count() > SCALE_CLIENTS // 2
    bsns = list(clients.values_list("bsn", flat=True))
    assert len(set(bsns)) == len(bsns) and all(bsn.is_valid(n) for n in bsns)


def test_scale_logbook_sizes(scale):
    big = seeding.big_logbook_client(scale)
    assert big.log_entries.count() == seeding.BIG_LOGBOOK
    others = LogEntry.objects.filter(werkplein=scale).exclude(client=big)
    average = others.count() / (SCALE_CLIENTS - 1)
    assert 45 <= average <= 55
    for c in Client.objects.filter(werkplein=scale)[:50]:
        assert c.next_contact_due == c.compute_next_contact_due()


def test_scale_refuses_to_grow_and_accepts_smaller(scale):
    assert seeding.seed_scale(10, out=lambda line: None) == scale
    with pytest.raises(seeding.SeedError):
        seeding.seed_scale(SCALE_CLIENTS + 1, out=lambda line: None)


def test_caseloads_at_scale_are_between_100_and_140():
    for clients in (10_000, 100_000, 99_999):
        sizes = seeding.caseload_sizes(clients, random.Random(1))
        assert sum(sizes) == clients
        assert all(100 <= s <= 140 for s in sizes), (min(sizes), max(sizes))


def test_bsn_sequence_is_valid_and_distinct():
    numbers = [n for n, _ in zip(seeding.bsn_sequence(), range(20_000), strict=False)]
    assert len(set(numbers)) == len(numbers)
    assert all(bsn.is_valid(n) for n in numbers)


def test_demo_portal_has_plans_and_bookable_coaches(demo):
    for username in ("client1", "client2"):
        client = Client.objects.get(user__username=username)
        plan = Plan.objects.get(client=client)
        assert plan.goals.exists() and plan.activities.exists()
        assert client.ladder_steps.exists()
        today = timezone.localdate()
        assert free_slots_for(client, today, today + datetime.timedelta(days=14))
