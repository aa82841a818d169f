"""The coach's benefit application on the dossier: paying organisation, IBAN, one open
application per kind, withdrawal, the logbook; the card on the dossier page."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.bad_input import assert_page_refused
from werkplein.benefits import services
from werkplein.benefits.models import ApplicationStatus, BenefitApplication
from werkplein.clients.models import BenefitKind
from werkplein.logbook.models import LogEntry, Visibility

from .conftest import IBAN, days, make_application, shown


def _apply(http, client, **data):
    values = {"kind": "ww", "desired_start_on": days(3).isoformat(), "iban": IBAN, "note": ""}
    values.update(data)
    return http.post(reverse("benefits_dossier:apply", args=[client.pk]), values)


@pytest.mark.parametrize(
    ("kind", "organisation"), [("ww", "uwv"), ("wia", "uwv"), ("bijstand", "zutphen")]
)
def test_paying_organisation_follows_the_kind(world, login, kind, organisation):
    client = world.own_client
    response = _apply(login(world.users["coach"]), client, kind=kind)
    assert response.status_code == 302
    application = BenefitApplication.objects.get()
    assert application.paying_organisation == getattr(world, organisation)
    assert application.started_by == world.users["coach"]
    assert application.status == ApplicationStatus.SUBMITTED
    entry = LogEntry.objects.get(client=client)
    assert entry.visibility == Visibility.CLIENT
    assert entry.text.startswith(f"Aanvraag {BenefitKind(kind).label} ingediend bij")


def test_bijstand_of_a_client_in_lochem_goes_to_lochem(world, login):
    client = world.teammate_client
    client.municipality = world.lochem
    client.save()
    assert _apply(login(world.users["coach"]), client, kind="bijstand").status_code == 302
    assert BenefitApplication.objects.get().paying_organisation == world.lochem


def test_iban_is_checked_and_stored_compact(world, login):
    http = login(world.users["coach"])
    client = world.own_client
    response = _apply(http, client, iban="NL91ABNA0417164301")
    assert response.status_code == 422
    texts = assert_page_refused(response)
    assert any("IBAN" in t for t in texts)
    assert not BenefitApplication.objects.exists() and not LogEntry.objects.exists()
    assert _apply(http, client, iban="nl91 abna 0417 1643 00").status_code == 302
    assert BenefitApplication.objects.get().iban == IBAN


def test_iban_may_follow_later(world, login):
    assert _apply(login(world.users["coach"]), world.own_client, iban="").status_code == 302
    assert BenefitApplication.objects.get().iban == ""


def test_one_open_application_per_kind(world, login):
    http = login(world.users["coach"])
    client = world.own_client
    assert _apply(http, client).status_code == 302
    response = _apply(http, client)  # a double submit
    assert response.status_code == 422
    texts = assert_page_refused(response)
    assert any("Er loopt al een aanvraag WW" in t for t in texts)
    assert BenefitApplication.objects.count() == 1
    assert _apply(http, client, kind="wia").status_code == 302  # another kind may
    assert BenefitApplication.objects.count() == 2


def test_a_race_ends_in_the_same_dutch_message(world, monkeypatch):
    """Two coaches at once: the check passes for both, the database refuses the second."""
    client = world.own_client
    make_application(client, kind=BenefitKind.WW, organisation=world.uwv)
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    with pytest.raises(ValidationError) as raised:
        services.start_application(
            actor=world.users["teammate"],
            client=client,
            kind=BenefitKind.WW,
            desired_start_on=days(2),
            iban=IBAN,
        )
    assert "Er loopt al een aanvraag WW" in raised.value.messages[0]
    assert BenefitApplication.objects.count() == 1 and not LogEntry.objects.exists()


def test_the_constraint_itself(world):
    client = world.own_client
    make_application(client)
    with pytest.raises(IntegrityError):
        make_application(client)


def test_after_a_decision_a_new_application_may_follow(world, login):
    client = world.own_client
    make_application(client, kind=BenefitKind.WW, organisation=world.uwv, status="refused")
    assert _apply(login(world.users["coach"]), client).status_code == 302


class TestWithdraw:
    def test_confirm_then_withdraw(self, world, login):
        client = world.own_client
        application = make_application(client, kind=BenefitKind.WW, organisation=world.uwv)
        http = login(world.users["coach"])
        url = reverse("benefits_dossier:withdraw", args=[client.pk, application.pk])
        page = http.get(url)
        assert page.status_code == 200 and "Ja, intrekken" in page.content.decode()
        assert BenefitApplication.objects.get().status == ApplicationStatus.SUBMITTED
        assert http.post(url, {"version": application.version}).status_code == 302
        application.refresh_from_db()
        assert application.status == ApplicationStatus.WITHDRAWN
        assert LogEntry.objects.get().text.startswith("Aanvraag WW bij UWV ingetrokken")

    @pytest.mark.parametrize("version", ["", "abc", "0", "2", str(2**70), "1\x00"])
    def test_stale_or_garbled_version_changes_nothing(self, world, login, version):
        client = world.own_client
        application = make_application(client, kind=BenefitKind.WW, organisation=world.uwv)
        http = login(world.users["coach"])
        url = reverse("benefits_dossier:withdraw", args=[client.pk, application.pk])
        response = http.post(url, {"version": version})
        assert_page_refused(response)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SUBMITTED and application.version == 1
        assert not LogEntry.objects.exists()

    def test_double_submit_withdraws_once(self, world, login):
        client = world.own_client
        application = make_application(client, kind=BenefitKind.WW, organisation=world.uwv)
        http = login(world.users["coach"])
        url = reverse("benefits_dossier:withdraw", args=[client.pk, application.pk])
        assert http.post(url, {"version": 1}).status_code == 302
        assert_page_refused(http.post(url, {"version": 1}))
        assert LogEntry.objects.count() == 1

    def test_a_decided_application_cannot_be_withdrawn(self, world, login):
        client = world.own_client
        application = make_application(
            client, kind=BenefitKind.WW, organisation=world.uwv, status="refused"
        )
        http = login(world.users["coach"])
        url = reverse("benefits_dossier:withdraw", args=[client.pk, application.pk])
        assert_page_refused(http.post(url, {"version": 1}))
        application.refresh_from_db()
        assert application.status == ApplicationStatus.REFUSED


class TestDossierCard:
    def _page(self, http, client):
        return http.get(reverse("clients:dossier", args=[client.pk]))

    def test_card_shows_applications_decisions_period_and_signal(self, world, login):
        from werkplein.benefits.models import BenefitEndSignal

        from .conftest import make_period, make_ww_benefit

        client = world.own_client
        period = make_period(client)
        make_application(client, kind=BenefitKind.WIA, organisation=world.uwv)
        make_application(
            client,
            kind=BenefitKind.WW,
            organisation=world.uwv,
            status="refused",
            decision_note="Geen arbeidsverleden",
        )
        benefit = make_ww_benefit(client, world, ends_in=20)
        BenefitEndSignal.objects.create(
            werkplein=client.werkplein,
            benefit=benefit,
            client=client,
            expected_end_on=benefit.expected_end_on,
            municipality=world.zutphen,
        )
        page = self._page(login(world.users["coach"]), client).content.decode()
        assert "Geen arbeidsverleden" in page and "WIA" in page
        assert shown(period.ends_on) in page and "aanvraag wacht" in page
        assert f"De WW-uitkering loopt af op {shown(benefit.expected_end_on)}" in page

    def test_card_costs_the_same_queries_for_many_applications(self, world, login):
        client = world.own_client
        http = login(world.users["coach"])
        make_application(client, kind=BenefitKind.WW, organisation=world.uwv)
        self._page(http, client)
        with CaptureQueriesContext(connection) as few:
            self._page(http, client)
        for kind in (BenefitKind.WIA, BenefitKind.BIJSTAND):
            make_application(client, kind=kind)
        for _ in range(6):
            make_application(client, kind=BenefitKind.WW, organisation=world.uwv, status="refused")
        with CaptureQueriesContext(connection) as many:
            self._page(http, client)
        assert len(many) == len(few)
