"""The client's own page (search period, vacancies and tasks, decisions) and the demo data."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.factories import ClientFactory
from werkplein.audit.models import AccessEvent, Purpose
from werkplein.benefits.demo import seed_demo_benefits
from werkplein.benefits.models import (
    ApplicationStatus,
    BenefitApplication,
    BenefitEndSignal,
    SearchPeriod,
    SearchTask,
)
from werkplein.clients.models import BenefitKind, Client
from werkplein.logbook.models import LogEntry, Visibility

from .conftest import make_application, make_period, shown


def test_client_sees_his_period_end_and_tasks(world, login):
    client = world.client_user_client
    period = make_period(client)
    SearchTask.objects.create(
        werkplein=client.werkplein,
        search_period=period,
        kind="vacancy",
        description="Vacature kassamedewerker",
        given_by=world.users["coach"],
    )
    make_application(client, kind=BenefitKind.WW, organisation=world.uwv, status="withdrawn")
    make_application(
        client,
        kind=BenefitKind.WIA,
        organisation=world.uwv,
        note="Intern: let op",
        status="refused",
    )
    page = login(world.users["client"]).get(reverse("benefits:mine"))
    content = page.content.decode()
    assert page.status_code == 200
    assert shown(period.ends_on) in content and "Vacature kassamedewerker" in content
    assert "WIA" in content and "afgewezen" in content
    assert "Intern: let op" not in content  # the coach's note to the back office
    assert [a.status for a in page.context["overview"].applications] == [ApplicationStatus.REFUSED]
    event = AccessEvent.objects.get(user=world.users["client"])
    assert event.purpose == Purpose.OWN_DOSSIER and event.client == client


def test_client_without_anything_sees_an_empty_page(world, login):
    page = login(world.users["client"]).get(reverse("benefits:mine"))
    assert page.status_code == 200 and "Geen uitkeringsaanvragen" in page.content.decode()


def test_demo(world):
    werkplein = world.own_client.werkplein
    # As in the demo: coach1 guides the young, coach2 the adults.
    coach, adult_coach = world.users["coach"], world.users["other_coach"]
    users = {"coach1": coach, "coach2": adult_coach, "backoffice2": world.users["back_office_uwv"]}
    today = timezone.localdate()
    ClientFactory(
        werkplein=werkplein,
        municipality=world.zutphen,
        coach=coach,
        team=world.team_shared,
        date_of_birth=today - datetime.timedelta(days=20 * 365),
    )
    for _ in range(3):
        ClientFactory(
            werkplein=werkplein,
            municipality=world.zutphen,
            coach=adult_coach,
            team=world.team_private,
            date_of_birth=today - datetime.timedelta(days=40 * 365),
        )
    Client.objects.filter(pk__in=[world.own_client.pk, world.client_user_client.pk]).update(
        coach=world.users["teammate"]
    )
    Client.objects.filter(pk__in=[world.private_team_client.pk, world.sampled_client.pk]).update(
        coach=world.users["teammate"]
    )
    seed_demo_benefits(werkplein=werkplein, users=users, today=today)
    period = SearchPeriod.objects.get()
    assert period.starts_on <= today <= period.ends_on and period.tasks.count() == 2
    applications = BenefitApplication.objects.order_by("kind")
    assert [(a.kind, a.paying_organisation) for a in applications] == [
        (BenefitKind.BIJSTAND, world.zutphen),
        (BenefitKind.WW, world.uwv),
    ]
    # UWV's back office asked coach2 a question about the WW application
    assert [a.status for a in applications] == ["submitted", "returned"]
    [question] = applications[1].questions.all()
    assert question.asked_by == world.users["back_office_uwv"] and question.answered_at is None
    signal = BenefitEndSignal.objects.get()
    assert signal.municipality == world.zutphen and signal.benefit.kind == BenefitKind.WW
    assert LogEntry.objects.filter(visibility=Visibility.CLIENT).exists()
    # a second run adds nothing
    counts = (BenefitApplication.objects.count(), SearchPeriod.objects.count())
    seed_demo_benefits(werkplein=werkplein, users=users, today=today)
    assert (BenefitApplication.objects.count(), SearchPeriod.objects.count()) == counts
    assert BenefitEndSignal.objects.count() == 1
