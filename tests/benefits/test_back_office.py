"""The back office: its own organisation's queue, exactly the data it needs per kind, the
completeness check and the decision, which lands in the dossier and the client's portal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.bad_input import assert_page_refused
from tests.factories import ClientFactory, LogEntryFactory
from werkplein.audit.models import AccessEvent, Action, Purpose
from werkplein.benefits import data
from werkplein.benefits.models import ApplicationStatus, BenefitApplication
from werkplein.clients.models import Benefit, BenefitKind, Job
from werkplein.logbook.models import LogEntry, Visibility
from werkplein.notifications.models import (
    Channel,
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
    OutgoingMessage,
)
from werkplein.notifications.notices import render

from .conftest import IBAN, complete_for_bijstand, complete_for_ww, days, make_application, shown


def _url(application):
    return reverse("benefits:application", args=[application.pk])


def _grant(http, application, **extra):
    values = {
        "decision": "granted",
        "granted_from": days(1).isoformat(),
        "granted_until": days(200).isoformat(),
        "monthly_amount": "1.234,56",
        "reason": "",
        "version": application.version,
    }
    values.update(extra)
    return http.post(_url(application), values)


class TestQueue:
    def test_only_own_organisation_oldest_first(self, world, login):
        zutphen_apps = []
        for _ in range(3):
            client = ClientFactory(
                werkplein=world.own_client.werkplein,
                municipality=world.zutphen,
                coach=world.users["coach"],
            )
            zutphen_apps.append(make_application(client, organisation=world.zutphen))
        lochem = make_application(world.teammate_client, organisation=world.lochem)
        ww = make_application(world.own_client, kind=BenefitKind.WW, organisation=world.uwv)
        withdrawn = make_application(world.private_team_client, status="withdrawn")
        page = login(world.users["back_office"]).get(reverse("benefits:queue"))
        assert [a.pk for a in page.context["page"]] == [a.pk for a in zutphen_apps]
        assert lochem.pk not in [a.pk for a in page.context["page"]]
        uwv_page = login(world.users["back_office_uwv"]).get(reverse("benefits:queue"))
        assert [a.pk for a in uwv_page.context["page"]] == [ww.pk]
        assert withdrawn.pk not in [a.pk for a in page.context["page"]]

    def test_queue_read_is_logged_as_a_list(self, world, login):
        login(world.users["back_office"]).get(reverse("benefits:queue"))
        event = AccessEvent.objects.get(user=world.users["back_office"])
        assert event.action == Action.LIST and event.purpose == Purpose.BENEFIT

    def test_paginated_and_constant_queries(self, world, login, settings):
        werkplein = world.own_client.werkplein
        http = login(world.users["back_office"])
        make_application(world.own_client)
        http.get(reverse("benefits:queue"))
        with CaptureQueriesContext(connection) as few:
            http.get(reverse("benefits:queue"))
        for _ in range(30):
            make_application(
                ClientFactory(
                    werkplein=werkplein, municipality=world.zutphen, coach=world.users["coach"]
                )
            )
        with CaptureQueriesContext(connection) as many:
            page = http.get(reverse("benefits:queue"))
        assert len(many) == len(few)
        assert len(page.context["page"]) == 25
        assert page.context["page"].paginator.num_pages == 2
        assert http.get(reverse("benefits:queue") + "?page=x").status_code == 200
        assert http.get(reverse("benefits:queue") + "?page=99999999999999999999").status_code == 200


class TestCaseFile:
    def test_bijstand_shows_what_the_municipality_needs(self, world, login, bijstand_application):
        client = world.own_client
        complete_for_ww(client)  # a job in the work history: not the municipality's business
        LogEntryFactory(
            client=client, visibility=Visibility.INTERNAL, text="Intern: twijfel over motivatie"
        )
        page = login(world.users["back_office"]).get(_url(bijstand_application))
        assert page.status_code == 200
        labels = [label for label, _value in page.context["case"].rows]
        assert labels == [str(item.label) for item in data.DATA_BY_KIND[BenefitKind.BIJSTAND]]
        content = page.content.decode()
        for text in (client.bsn, client.last_name, "Alleenstaande ouder", "€ 650,00", IBAN):
            assert text in content
        assert "Bakkerij De Korenbloem" not in content
        assert "twijfel over motivatie" not in content
        assert "Compleet" in content

    def test_ww_shows_what_uwv_needs(self, world, login, ww_application):
        client = ww_application.client
        page = login(world.users["back_office_uwv"]).get(_url(ww_application))
        labels = [label for label, _value in page.context["case"].rows]
        assert labels == [str(item.label) for item in data.DATA_BY_KIND[BenefitKind.WW]]
        content = page.content.decode()
        assert "Bakkerij De Korenbloem" in content and client.bsn in content
        assert "Woonlasten" not in content and "Leefsituatie" not in content

    def test_wia_notes_that_medical_data_stay_with_uwv(self, world, login):
        client = world.teammate_client
        complete_for_ww(client)
        application = make_application(client, kind=BenefitKind.WIA, organisation=world.uwv)
        content = login(world.users["back_office_uwv"]).get(_url(application)).content.decode()
        assert "verzekeringsarts" in content

    def test_the_read_goes_through_the_dossier_with_purpose_benefit(
        self, world, login, bijstand_application
    ):
        login(world.users["back_office"]).get(_url(bijstand_application))
        event = AccessEvent.objects.get(client=world.own_client)
        assert event.action == Action.READ and event.purpose == Purpose.BENEFIT

    @pytest.mark.parametrize(
        ("prepare", "missing"),
        [
            ("no_iban", "IBAN ontbreekt"),
            ("no_address", "Adres onvolledig"),
            ("no_household", "Leefsituatie onbekend"),
        ],
    )
    def test_completeness_bijstand(self, world, login, bijstand_application, prepare, missing):
        client = world.own_client
        if prepare == "no_iban":
            BenefitApplication.objects.update(iban="")
        elif prepare == "no_address":
            type(client).objects.filter(pk=client.pk).update(street="")
        else:
            client.financialsituation.__class__.objects.filter(client=client).update(version=1)
        benefits_before = Benefit.objects.count()
        http = login(world.users["back_office"])
        page = http.get(_url(bijstand_application))
        assert any(missing in item for item in page.context["case"].missing)
        response = _grant(http, bijstand_application, granted_until="")
        texts = assert_page_refused(response)
        assert any("niet compleet" in t and missing in t for t in texts), texts
        bijstand_application.refresh_from_db()
        assert bijstand_application.status == ApplicationStatus.SUBMITTED
        assert Benefit.objects.count() == benefits_before
        assert not LogEntry.objects.exists()

    def test_completeness_ww_needs_the_work_history(self, world, login, ww_application):
        Job.objects.all().delete()
        http = login(world.users["back_office_uwv"])
        page = http.get(_url(ww_application))
        assert "Geen werkervaring vastgelegd (laatste baan)" in page.context["case"].missing
        assert_page_refused(_grant(http, ww_application))
        assert not Benefit.objects.filter(kind=BenefitKind.WW).exists()

    def test_an_incomplete_application_can_be_refused(self, world, login, ww_application):
        Job.objects.all().delete()
        http = login(world.users["back_office_uwv"])
        response = http.post(
            _url(ww_application),
            {"decision": "refused", "reason": "Geen arbeidsverleden", "version": 1},
        )
        assert response.status_code == 302
        ww_application.refresh_from_db()
        assert ww_application.status == ApplicationStatus.REFUSED


class TestDecision:
    def test_grant_creates_the_benefit_logs_and_tells(
        self, world, login, django_capture_on_commit_callbacks
    ):
        client = world.client_user_client  # has a Mijn Werkplein account
        complete_for_bijstand(client)
        application = make_application(client, organisation=world.zutphen)
        http = login(world.users["back_office"])
        with django_capture_on_commit_callbacks(execute=True):
            response = _grant(http, application, granted_until="")
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.status == ApplicationStatus.GRANTED
        assert application.decided_by == world.users["back_office"]
        assert application.monthly_amount_cents == 123_456 and application.version == 2
        benefit = application.benefit
        assert (benefit.kind, benefit.paying_organisation, benefit.started_on) == (
            BenefitKind.BIJSTAND,
            world.zutphen,
            days(1),
        )
        assert benefit.expected_end_on is None and benefit.monthly_amount_cents == 123_456
        entry = LogEntry.objects.get(client=client)
        assert entry.visibility == Visibility.CLIENT
        assert entry.text == (
            f"Uw aanvraag Bijstand is toegekend door Gemeente Zutphen, vanaf {shown(days(1))}."
        )
        notices = set(OutgoingMessage.objects.values_list("recipient_user__username", "notice"))
        assert notices == {
            ("client", "benefits.decision_client"),
            ("coach", "benefits.decision_coach"),
        }
        for message in OutgoingMessage.objects.all():
            text = render(message.notice, message.params, message.channel).text
            assert client.last_name not in text and "1.234" not in text
        # the decision lands in the client's portal and on the dossier card
        portal = login(world.users["client"]).get(reverse("benefits:mine")).content.decode()
        assert "Toegekend" in portal and shown(days(1)) in portal
        dossier = login(world.users["coach"]).get(reverse("clients:dossier", args=[client.pk]))
        assert "toegekend" in dossier.content.decode()

    def test_a_coach_who_chose_sms_for_work_hears_of_the_decision_by_sms(
        self, world, login, bijstand_application, django_capture_on_commit_callbacks
    ):
        coach = world.users["coach"]
        NotificationPreference.objects.create(
            user=coach, kind=NotificationKind.WORK, channel=Channel.SMS
        )
        NotificationSettings.objects.create(user=coach, mobile="+31612345678")
        with django_capture_on_commit_callbacks(execute=True):
            response = _grant(login(world.users["back_office"]), bijstand_application)
        assert response.status_code == 302
        message = OutgoingMessage.objects.get(notice="benefits.decision_coach")
        assert (message.recipient_user, message.channel) == (coach, Channel.SMS)

    def test_ww_grant_needs_an_end_date(self, world, login, ww_application):
        http = login(world.users["back_office_uwv"])
        response = _grant(http, ww_application, granted_until="")
        texts = assert_page_refused(response)
        assert any("einddatum" in t.lower() for t in texts)
        assert not Benefit.objects.filter(kind=BenefitKind.WW).exists()
        assert _grant(http, ww_application).status_code == 302
        benefit = Benefit.objects.get(kind=BenefitKind.WW)
        assert benefit.expected_end_on == days(200) and benefit.paying_organisation == world.uwv

    def test_refusal_needs_a_reason(self, world, login, bijstand_application):
        http = login(world.users["back_office"])
        url = _url(bijstand_application)
        response = http.post(url, {"decision": "refused", "reason": " ", "version": 1})
        assert response.status_code == 422
        assert any("reden" in t.lower() for t in assert_page_refused(response))
        response = http.post(
            url, {"decision": "refused", "reason": "Vermogen te hoog", "version": 1}
        )
        assert response.status_code == 302
        bijstand_application.refresh_from_db()
        assert bijstand_application.status == ApplicationStatus.REFUSED
        assert bijstand_application.benefit is None
        assert LogEntry.objects.get().text == (
            "Uw aanvraag Bijstand is afgewezen door Gemeente Zutphen. Reden: Vermogen te hoog"
        )
        # the refusal ends the back office's reach through the application: the page is gone
        world.own_client.benefits.all().delete()
        assert http.get(url).status_code == 404

    def test_stale_version_and_double_submit(self, world, login, ww_application):
        http = login(world.users["back_office_uwv"])
        response = _grant(http, ww_application, version=7)
        assert response.status_code == 409
        assert not Benefit.objects.filter(kind=BenefitKind.WW).exists()
        assert _grant(http, ww_application).status_code == 302
        again = _grant(http, ww_application)  # the same form sent twice
        assert again.status_code in (404, 409)
        assert Benefit.objects.filter(kind=BenefitKind.WW).count() == 1
        assert LogEntry.objects.count() == 1

    def test_another_organisation_cannot_decide(self, world, login, bijstand_application):
        http = login(world.users["back_office_uwv"])
        assert _grant(http, bijstand_application, granted_until="").status_code == 404
        bijstand_application.refresh_from_db()
        assert bijstand_application.status == ApplicationStatus.SUBMITTED
