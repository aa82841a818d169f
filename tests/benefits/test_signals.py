"""The WW-end signal (window, idempotence, notices, the municipality's list) and the hand-over
to bijstand that keeps the dossier and the coach."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.bad_input import assert_page_refused
from tests.factories import BenefitFactory, UserFactory
from werkplein.accounts.models import Role
from werkplein.audit.models import AccessEvent, Action
from werkplein.benefits import services, tasks
from werkplein.benefits.models import (
    ApplicationStatus,
    BenefitApplication,
    BenefitEndSignal,
    SearchPeriod,
)
from werkplein.clients.models import BenefitKind, Client, CoachAssignment
from werkplein.intake.models import Intake
from werkplein.logbook.models import LogEntry, Visibility
from werkplein.notifications.models import OutgoingMessage
from werkplein.notifications.notices import render

from .conftest import IBAN, days, make_period, make_ww_benefit, make_young, shown, today


class TestWindow:
    @pytest.mark.parametrize(
        ("ends_in", "signalled"),
        [
            (0, True),  # ends today
            (30, True),
            (56, True),  # exactly 8 weeks
            (57, False),  # 8 weeks and a day
            (-1, False),  # already ended
            (None, False),  # no expected end
        ],
    )
    def test_ww_within_eight_weeks(self, world, ends_in, signalled):
        benefit = make_ww_benefit(world.own_client, world, ends_in=ends_in)
        assert services.signal_ending_benefits() == int(signalled)
        assert BenefitEndSignal.objects.filter(benefit=benefit).exists() is signalled

    @pytest.mark.parametrize("kind", [BenefitKind.WIA, BenefitKind.BIJSTAND])
    def test_other_benefits_are_not_signalled(self, world, kind):
        BenefitFactory(client=world.teammate_client, kind=kind, expected_end_on=days(10))
        assert services.signal_ending_benefits() == 0
        assert not BenefitEndSignal.objects.exists()

    def test_weeks_follow_the_setting(self, world, settings):
        settings.WERKPLEIN_WW_END_SIGNAL_WEEKS = 2
        make_ww_benefit(world.own_client, world, ends_in=15)
        make_ww_benefit(world.teammate_client, world, ends_in=14)
        assert services.signal_ending_benefits() == 1
        assert BenefitEndSignal.objects.get().client == world.teammate_client

    def test_running_twice_signals_once(self, world, django_capture_on_commit_callbacks):
        make_ww_benefit(world.own_client, world, ends_in=20)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.signal_ending_benefits() == 1
            assert services.signal_ending_benefits() == 0
            call_command("signal_benefit_ends", stdout=io.StringIO())
            tasks.signal_benefit_ends.enqueue()
        assert BenefitEndSignal.objects.count() == 1
        assert OutgoingMessage.objects.filter(notice__startswith="benefits.end_signal").count() == 2

    def test_the_signal_records_municipality_and_end(self, world):
        benefit = make_ww_benefit(world.own_client, world, ends_in=20)
        services.signal_ending_benefits()
        signal = BenefitEndSignal.objects.get()
        assert signal.municipality == world.zutphen and signal.expected_end_on == days(20)
        assert signal.closed_at is None and signal.benefit == benefit
        entry = LogEntry.objects.get()
        assert entry.visibility == Visibility.INTERNAL

    def test_coach_and_municipal_back_office_are_told_without_personal_content(
        self, world, django_capture_on_commit_callbacks
    ):
        client = world.own_client
        lochem_back_office = UserFactory(role=Role.BACK_OFFICE, organisation=world.lochem)
        make_ww_benefit(client, world, ends_in=20)
        with django_capture_on_commit_callbacks(execute=True):
            services.signal_ending_benefits()
        told = set(OutgoingMessage.objects.values_list("recipient_user__username", "notice"))
        assert told == {
            ("coach", "benefits.end_signal_coach"),
            ("back_office", "benefits.end_signal_back_office"),
        }
        assert lochem_back_office.username not in {name for name, _ in told}
        for message in OutgoingMessage.objects.all():
            text = render(message.notice, message.params, message.channel).text
            assert client.last_name not in text and client.bsn not in text
            assert shown(days(20)) not in text


class TestSignalList:
    def test_municipal_back_office_sees_its_own_signals(self, world, login):
        make_ww_benefit(world.own_client, world, ends_in=20)
        other = world.teammate_client
        Client.objects.filter(pk=other.pk).update(municipality=world.lochem)
        make_ww_benefit(other, world, ends_in=10)
        services.signal_ending_benefits()
        page = login(world.users["back_office"]).get(reverse("benefits:signals"))
        assert [s.client_id for s in page.context["page"]] == [world.own_client.pk]
        assert world.own_client.last_name in page.content.decode()
        event = AccessEvent.objects.get(user=world.users["back_office"])
        assert event.action == Action.LIST
        lochem = UserFactory(role=Role.BACK_OFFICE, organisation=world.lochem)
        page = login(lochem).get(reverse("benefits:signals"))
        assert [s.client_id for s in page.context["page"]] == [other.pk]

    def test_uwv_back_office_has_no_signal_list(self, world, login):
        assert (
            login(world.users["back_office_uwv"]).get(reverse("benefits:signals")).status_code
            == 404
        )

    def test_a_closed_signal_leaves_the_list(self, world, login):
        make_ww_benefit(world.own_client, world, ends_in=20)
        services.signal_ending_benefits()
        BenefitEndSignal.objects.update(closed_at=timezone.now())
        page = login(world.users["back_office"]).get(reverse("benefits:signals"))
        assert list(page.context["page"]) == []


@pytest.fixture
def signal(world):
    make_ww_benefit(world.own_client, world, ends_in=20)
    services.signal_ending_benefits()
    LogEntry.objects.all().delete()
    return BenefitEndSignal.objects.get()


class TestHandover:
    def _url(self, signal):
        return reverse("benefits_dossier:handover", args=[signal.client_id, signal.pk])

    def test_coach_sees_the_signal_on_the_dossier(self, world, login, signal):
        page = login(world.users["coach"]).get(reverse("clients:dossier", args=[signal.client_id]))
        assert f"De WW-uitkering loopt af op {shown(days(20))}" in page.content.decode()
        overview = login(world.users["coach"]).get(
            reverse("benefits_dossier:overview", args=[signal.client_id])
        )
        assert "Overdragen naar bijstand" in overview.content.decode()

    def test_hand_over_keeps_dossier_coach_and_team(self, world, login, signal):
        client = world.own_client
        assignments = list(CoachAssignment.objects.values_list("pk", "coach_id", "ended_at"))
        clients = Client.objects.count()
        http = login(world.users["coach"])
        form = http.get(self._url(signal))
        assert form.context["form"].initial["desired_start_on"] == days(21)
        response = http.post(
            self._url(signal), {"desired_start_on": days(21).isoformat(), "iban": IBAN}
        )
        assert response.status_code == 302
        application = BenefitApplication.objects.get()
        assert application.kind == BenefitKind.BIJSTAND
        assert application.paying_organisation == world.zutphen
        assert application.handover_from == signal.benefit
        assert application.client_id == client.pk
        signal.refresh_from_db()
        assert signal.closed_at is not None and signal.handover == application
        after = Client.objects.get(pk=client.pk)
        assert (after.coach, after.team) == (world.users["coach"], world.team_shared)
        assert Client.objects.count() == clients
        assert not Intake.objects.exists()
        assert (
            list(CoachAssignment.objects.values_list("pk", "coach_id", "ended_at")) == assignments
        )
        texts = list(LogEntry.objects.order_by("id").values_list("text", flat=True))
        assert texts[0].startswith("Aanvraag Bijstand ingediend bij Gemeente Zutphen")
        assert "werkcoach blijft dezelfde" in texts[1]
        # the application waits in the municipality's queue
        queue = login(world.users["back_office"]).get(reverse("benefits:queue"))
        assert [a.pk for a in queue.context["page"]] == [application.pk]

    def test_hand_over_twice_is_refused(self, world, login, signal):
        http = login(world.users["coach"])
        data = {"desired_start_on": days(21).isoformat(), "iban": IBAN}
        assert http.post(self._url(signal), data).status_code == 302
        response = http.post(self._url(signal), data)
        assert response.status_code == 422
        assert any("al overgedragen" in t for t in assert_page_refused(response))
        assert BenefitApplication.objects.count() == 1

    def test_hold_applies_to_the_hand_over(self, world, login, signal):
        period = make_period(world.own_client)
        response = login(world.users["coach"]).post(
            self._url(signal), {"desired_start_on": days(21).isoformat(), "iban": IBAN}
        )
        texts = assert_page_refused(response)
        assert any(shown(period.ends_on) in t for t in texts)
        assert not BenefitApplication.objects.exists()
        signal.refresh_from_db()
        assert signal.closed_at is None and not LogEntry.objects.exists()

    def test_a_young_client_without_a_period_gets_one_and_the_signal_stays_open(
        self, world, login, signal
    ):
        make_young(world.own_client, 24)
        form = login(world.users["coach"]).get(self._url(signal)).content.decode()
        assert "jonger dan 27 en had nog geen zoekperiode" in form
        response = login(world.users["coach"]).post(
            self._url(signal), {"desired_start_on": days(21).isoformat(), "iban": IBAN}
        )
        texts = assert_page_refused(response)
        assert any("nu gestart" in t and shown(days(27)) in t for t in texts), texts
        assert SearchPeriod.objects.get(client=world.own_client).starts_on == today()
        assert not BenefitApplication.objects.exists()
        signal.refresh_from_db()
        assert signal.closed_at is None

    def test_withdrawing_the_hand_over_reopens_the_signal(self, world, login, signal):
        http = login(world.users["coach"])
        http.post(self._url(signal), {"desired_start_on": days(21).isoformat(), "iban": IBAN})
        application = BenefitApplication.objects.get()
        url = reverse("benefits_dossier:withdraw", args=[signal.client_id, application.pk])
        assert http.post(url, {"version": application.version}).status_code == 302
        signal.refresh_from_db()
        assert signal.closed_at is None and signal.handover is None
        assert BenefitApplication.objects.get().status == ApplicationStatus.WITHDRAWN

    def test_signal_of_another_client_is_404(self, world, login, signal):
        url = reverse("benefits_dossier:handover", args=[world.teammate_client.pk, signal.pk])
        assert (
            login(world.users["coach"]).post(url, {"desired_start_on": days(21)}).status_code == 404
        )
        assert not BenefitApplication.objects.exists()


def test_command_output(world, capsys):
    make_ww_benefit(world.own_client, world, ends_in=3)
    call_command("signal_benefit_ends")
    assert "1 signaal" in capsys.readouterr().out
    assert today() + datetime.timedelta(days=3) == BenefitEndSignal.objects.get().expected_end_on


def test_queue_links_the_signal_list_only_for_a_municipality(world, login):
    link = reverse("benefits:signals")
    assert link in login(world.users["back_office"]).get(reverse("benefits:queue")).content.decode()
    uwv = login(world.users["back_office_uwv"]).get(reverse("benefits:queue"))
    assert link not in uwv.content.decode()
