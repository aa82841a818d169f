"""The absence page: a coach reports his own leave, a team lead his team's; withdrawing asks."""

import datetime

import pytest
from django.utils import timezone

from werkplein.messaging.models import Absence

from .attachment_files import use_extra_urls

DAY = datetime.timedelta(days=1)
URL = "/afwezigheid/"


@pytest.fixture(autouse=True)
def _urls(settings):
    use_extra_urls(settings)


def _form(stand_in, start=1, end=3, coach=None):
    today = timezone.localdate()
    data = {
        "stand_in": stand_in.pk,
        "starts_on": (today + start * DAY).isoformat(),
        "ends_on": (today + end * DAY).isoformat(),
    }
    if coach is not None:
        data["coach"] = coach.pk
    return data


def test_a_coach_reports_his_leave_with_a_teammate_as_stand_in(world, login):
    coach, teammate = world.users["coach"], world.users["teammate"]
    http = login(coach)
    page = http.get(URL).content.decode()
    assert "Er is geen afwezigheid gemeld." in page
    assert f'value="{teammate.pk}"' in page
    assert f'<option value="{world.users["other_coach"].pk}"' not in page
    response = http.post(URL, _form(teammate, coach=coach), follow=True)
    absence = Absence.objects.get()
    assert (absence.coach, absence.stand_in, absence.created_by) == (coach, teammate, coach)
    content = response.content.decode()
    assert "De afwezigheid is opgeslagen." in content
    assert teammate.get_full_name() in content


def test_a_coach_cannot_report_for_a_teammate(world, login):
    http = login(world.users["coach"])
    response = http.post(URL, _form(world.users["coach"], coach=world.users["teammate"]))
    assert response.status_code == 422
    assert not Absence.objects.exists()


def test_the_team_lead_reports_for_a_member(world, login):
    lead = world.users["team_lead"]
    http = login(lead)
    page = http.get(URL).content.decode()
    assert f'<option value="{world.users["coach"].pk}"' in page
    assert f'<option value="{world.users["other_coach"].pk}"' not in page
    response = http.post(URL, _form(world.users["teammate"], coach=world.users["coach"]))
    assert response.status_code == 302
    absence = Absence.objects.get()
    assert absence.coach == world.users["coach"] and absence.created_by == lead
    # The member sees it on his own page.
    assert "Intrekken" in login(world.users["coach"]).get(URL).content.decode()
    # The stand-in is told on his page.
    stand_in_page = login(world.users["teammate"]).get(URL).content.decode()
    assert "U vervangt" not in stand_in_page  # it starts tomorrow


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ({"starts_on": "", "ends_on": ""}, "Vul de eerste dag van de afwezigheid in."),
        ({"starts_on": "morgen"}, "Vul een geldige datum in."),
        ({"starts_on": "2026-02-30"}, "Vul een geldige datum in."),
        ({"stand_in": ""}, "Kies een vervanger."),
        ({"stand_in": "99999"}, "Selecteer een geldige keuze."),
        ({"ends_on": "2000-01-01"}, "niet voor de eerste dag"),
    ],
)
def test_bad_input_is_refused_in_dutch(world, login, data, text):
    from tests.bad_input import assert_page_refused

    http = login(world.users["coach"])
    response = http.post(URL, {**_form(world.users["teammate"]), **data})
    assert response.status_code == 422
    assert text in response.content.decode()
    assert_page_refused(response)
    assert not Absence.objects.exists()


def test_withdrawing_asks_for_confirmation_first(world, login):
    coach = world.users["coach"]
    http = login(coach)
    http.post(URL, _form(world.users["teammate"], start=0, end=2))
    absence = Absence.objects.get()
    cancel_url = f"/afwezigheid/{absence.pk}/intrekken/"
    page = http.get(cancel_url)
    assert page.status_code == 200
    assert "Ja, intrekken" in page.content.decode()
    absence.refresh_from_db()
    assert absence.cancelled_at is None
    response = http.post(cancel_url, follow=True)
    assert "De afwezigheid is ingetrokken." in response.content.decode()
    absence.refresh_from_db()
    assert absence.cancelled_at is not None


@pytest.mark.parametrize("role", ["teammate", "other_lead", "other_coach"])
def test_someone_elses_absence_is_404(world, login, role):
    http = login(world.users["coach"])
    http.post(URL, _form(world.users["teammate"]))
    absence = Absence.objects.get()
    other = login(world.users[role])
    assert other.get(f"/afwezigheid/{absence.pk}/intrekken/").status_code == 404
    assert other.post(f"/afwezigheid/{absence.pk}/intrekken/").status_code == 404
    absence.refresh_from_db()
    assert absence.cancelled_at is None


@pytest.mark.parametrize("role", ["back_office", "client", "quality_officer", "provider_staff"])
def test_only_coaches_and_team_leads_have_the_page(world, login, role):
    assert login(world.users[role]).get(URL).status_code == 404


def test_the_stand_in_sees_whom_he_replaces_today(world, login):
    login(world.users["coach"]).post(URL, _form(world.users["teammate"], start=0, end=1))
    page = login(world.users["teammate"]).get(URL).content.decode()
    assert "U vervangt" in page


def test_anonymous_goes_to_login(client, db):
    assert client.get(URL).status_code == 302
