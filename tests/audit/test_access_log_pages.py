"""The security officer's access log with its filters, and the review report."""

import datetime

import pytest
from django.utils import timezone
from django.utils.html import escape

from werkplein.audit.models import AccessEvent, Outcome

LOG = "/audit/toegangslog/"
REPORT = "/audit/toegangslog/controle/"


def _listed(response) -> list[AccessEvent]:
    return list(response.context["page"].object_list)


@pytest.fixture
def reads(world, login):
    """Reads by a coach (own client), back office, team lead and quality officer, and a refusal."""
    login(world.users["coach"]).get(f"/klanten/{world.own_client.pk}/")
    login(world.users["back_office"]).get(f"/klanten/{world.own_client.pk}/")
    login(world.users["team_lead"]).get(f"/klanten/{world.teammate_client.pk}/")
    login(world.users["quality_officer"]).get(f"/klanten/{world.sampled_client.pk}/")
    login(world.users["other_coach"]).get(f"/klanten/{world.private_team_client.pk}/")
    login(world.users["coach"]).get(f"/klanten/{world.private_team_client.pk}/")  # refused
    return AccessEvent.objects.all()


@pytest.fixture
def security(world, login):
    return login(world.users["security_officer"])


def test_access_log_lists_the_events_of_his_werkplein(world, reads, security):
    response = security.get(LOG)

    assert response.status_code == 200
    assert len(_listed(response)) == 6


def test_access_log_does_not_show_another_werkpleins_events(world, login, reads, security):
    foreign_coach = world.foreign_client.coach
    login(foreign_coach).get(f"/klanten/{world.foreign_client.pk}/")

    response = security.get(LOG)

    assert foreign_coach.username not in {event.username for event in _listed(response)}


def test_access_log_filters_on_username(world, reads, security):
    response = security.get(LOG, {"username": "coach"})

    listed = _listed(response)
    assert len(listed) == 2
    assert {event.username for event in listed} == {"coach"}


def test_access_log_filters_on_client_number(world, reads, security):
    response = security.get(LOG, {"client_id": world.private_team_client.pk})

    listed = _listed(response)
    assert {event.username for event in listed} == {"other_coach", "coach"}
    assert {event.requested_client_id for event in listed} == {world.private_team_client.pk}


def test_access_log_filters_on_organisation(world, reads, security):
    response = security.get(LOG, {"organisation": world.zutphen.pk})

    assert {event.organisation_name for event in _listed(response)} == {"Gemeente Zutphen"}
    assert {event.username for event in _listed(response)} == {"coach", "back_office"}


@pytest.mark.parametrize(
    ("days_from", "days_to", "expected"),
    [(0, 0, 6), (-7, -1, 0), (1, 7, 0), (-1, None, 6), (None, -1, 0)],
)
def test_access_log_filters_on_period(world, reads, security, days_from, days_to, expected):
    today = timezone.localdate()

    def day(offset):
        return "" if offset is None else (today + datetime.timedelta(days=offset)).isoformat()

    response = security.get(LOG, {"date_from": day(days_from), "date_to": day(days_to)})

    assert len(_listed(response)) == expected


def test_access_log_accepts_dutch_dates(world, reads, security):
    today = timezone.localdate().strftime("%d-%m-%Y")

    response = security.get(LOG, {"date_from": today, "date_to": today})

    assert response.context["form"].is_valid()
    assert len(_listed(response)) == 6


def test_period_ending_before_it_starts_gives_an_error(world, reads, security):
    response = security.get(LOG, {"date_from": "2025-03-10", "date_to": "2025-03-01"})

    assert "De einddatum ligt voor de begindatum." in response.content.decode()


def test_access_log_shows_the_columns_the_officer_needs(world, reads, security):
    html = security.get(LOG, {"username": "back_office"}).content.decode()

    for text in ("back_office", "Gemeente Zutphen", "Backoffice", "Uitkeringsverstrekking"):
        assert text in html
    assert "Betalende organisatie" in html


def test_review_report_lists_reads_outside_own_work(world, reads, security):
    response = security.get(REPORT)

    listed = {(e.username, e.outcome) for e in _listed(response)}
    assert ("team_lead", Outcome.ALLOWED) in listed
    assert ("back_office", Outcome.ALLOWED) in listed
    assert ("quality_officer", Outcome.ALLOWED) in listed


def test_review_report_lists_refused_attempts(world, reads, security):
    response = security.get(REPORT)

    assert ("coach", Outcome.REFUSED) in {(e.username, e.outcome) for e in _listed(response)}


def test_review_report_leaves_out_ordinary_reads(world, reads, security):
    response = security.get(REPORT)

    ordinary = {("coach", Outcome.ALLOWED), ("other_coach", Outcome.ALLOWED)}
    assert not ordinary & {(e.username, e.outcome) for e in _listed(response)}
    assert len(_listed(response)) == 4


def test_review_report_honours_the_filters(world, reads, security):
    response = security.get(REPORT, {"username": "back_office"})

    assert [e.username for e in _listed(response)] == ["back_office"]


def test_samples_page_lists_the_quality_officers_open_samples(world, login):
    response = login(world.users["quality_officer"]).get("/audit/steekproeven/")

    html = response.content.decode()
    assert "Steekproef Q4" in html
    assert escape(world.sampled_client.last_name) in html  # "van 't Erve" is escaped
