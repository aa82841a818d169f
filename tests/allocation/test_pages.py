"""The team lead's pages: dashboard, proposal, confirm and override; the dossier card."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.bad_input import HUGE_TEXT, NUL, assert_unchanged, snapshot
from tests.conftest import WORLD_USERS
from tests.factories import TeamFactory
from werkplein.allocation import selectors, services
from werkplein.allocation.models import ProposalStatus
from werkplein.audit.models import AccessEvent, Action
from werkplein.clients.models import Client, CoachAssignment, Segment

pytestmark = pytest.mark.django_db

LEADS = {"team_lead"}  # the lead of the proposal's team (Jongeren)


@pytest.fixture
def proposal(world, new_client):
    client = new_client(first_name="Femke", last_name="Voorstelman")
    return services.propose_coach(actor=world.users["coach"], client=client, team=world.team_shared)


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- access matrix -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*WORLD_USERS, "anonymous"])
def test_dashboard_access(world, login, client, name):
    http = client if name == "anonymous" else login(world.users[name])
    response = http.get(reverse("allocation:dashboard"))
    if name == "anonymous":
        assert response.status_code == 302 and "/login" in response["Location"]
    elif name in ("team_lead", "other_lead"):
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("name", [*WORLD_USERS, "anonymous"])
def test_proposal_page_access(world, login, client, proposal, name):
    http = client if name == "anonymous" else login(world.users[name])
    response = http.get(reverse("allocation:proposal", args=[proposal.pk]))
    if name == "anonymous":
        assert response.status_code == 302
    elif name in LEADS:
        assert response.status_code == 200
        assert "Femke Voorstelman" in response.content.decode()
    else:
        assert response.status_code == 404  # another team's lead included


@pytest.mark.parametrize("action", ["confirm", "override"])
@pytest.mark.parametrize("name", [*WORLD_USERS, "anonymous"])
def test_decision_access(world, login, client, proposal, name, action):
    http = client if name == "anonymous" else login(world.users[name])
    data = {"coach": world.users["coach"].pk, "reason": "Kent de klant al"}
    before = snapshot()
    response = http.post(reverse(f"allocation:{action}", args=[proposal.pk]), data)
    proposal.refresh_from_db()
    if name in LEADS:
        assert response.status_code == 302
        assert response["Location"] == reverse("allocation:dashboard")
        expected = "confirmed" if action == "confirm" else "overridden"
        assert proposal.status == expected
    else:
        assert response.status_code == (302 if name == "anonymous" else 404)
        assert proposal.status == ProposalStatus.OPEN
        assert_unchanged(before)


def test_lead_of_another_werkplein_gets_404(world, login, proposal):
    foreign_lead = TeamFactory().lead
    http = login(foreign_lead)
    assert http.get(reverse("allocation:proposal", args=[proposal.pk])).status_code == 404
    assert http.post(reverse("allocation:confirm", args=[proposal.pk])).status_code == 404


def test_get_on_decision_urls_is_refused(world, login, proposal):
    http = login(world.users["team_lead"])
    assert http.get(reverse("allocation:confirm", args=[proposal.pk])).status_code == 405
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


@pytest.mark.parametrize("pk", ["0", "9" * 30, str(2**63)], ids=["zero", "huge", "bigint"])
def test_malformed_proposal_ids_are_404(world, login, pk):
    http = login(world.users["team_lead"])
    assert http.get(f"/team/voorstel/{pk}/").status_code == 404
    assert http.post(f"/team/voorstel/{pk}/bevestigen/").status_code == 404


# --- deciding through the pages ------------------------------------------------------------------


def test_confirm_through_the_page(world, login, proposal):
    http = login(world.users["team_lead"])
    page = http.get(reverse("allocation:proposal", args=[proposal.pk])).content.decode()
    assert "Voorstel bevestigen" in page
    assert str(world.users["teammate"]) in page  # the current figures list every coach
    assert str(world.users["coach"]) in page
    response = http.post(reverse("allocation:confirm", args=[proposal.pk]))
    client = Client.objects.get(pk=proposal.client_id)
    assert client.coach == proposal.proposed_coach
    assert any("is nu de werkcoach van" in m for m in _messages(response))


def test_double_click_gives_one_outcome_and_a_dutch_message(world, login, proposal):
    http = login(world.users["team_lead"])
    http.post(reverse("allocation:confirm", args=[proposal.pk]))
    response = http.post(
        reverse("allocation:override", args=[proposal.pk]),
        {"coach": world.users["coach"].pk, "reason": "Dubbel"},
    )
    assert response.status_code == 302
    assert any("al besloten" in m for m in _messages(response))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED
    assert Client.objects.get(pk=proposal.client_id).coach == proposal.proposed_coach


def test_stale_proposal_gives_a_dutch_message(world, login, proposal):
    services.propose_coach(
        actor=world.users["coach"], client=proposal.client, team=world.team_shared
    )
    http = login(world.users["team_lead"])
    response = http.post(reverse("allocation:confirm", args=[proposal.pk]), follow=True)
    assert "vervallen" in response.content.decode()
    assert Client.objects.get(pk=proposal.client_id).coach is None


@pytest.mark.parametrize("action", ["confirm", "override"])
def test_a_client_reassigned_since_the_proposal_keeps_his_new_coach(world, login, proposal, action):
    """The lead gave the client a coach from the dossier meanwhile: deciding the old proposal
    must not silently take him away again."""
    from werkplein.clients.services import reassign_client

    lead = world.users["team_lead"]
    reassign_client(
        actor=lead, client=proposal.client, coach=world.users["teammate"], reason="Spoed"
    )
    others = [
        c for c in selectors.team_coaches(proposal.team) if c.pk != proposal.proposed_coach_id
    ]
    data = {"coach": str(others[0].pk), "reason": "Andere keuze"} if action == "override" else {}

    response = login(lead).post(reverse(f"allocation:{action}", args=[proposal.pk]), data)

    # The reassignment settled the proposal, so deciding it now changes nothing.
    assert "vervallen" in response.content.decode() + " ".join(_messages(response))
    client = Client.objects.get(pk=proposal.client_id)
    assert client.coach == world.users["teammate"]
    proposal.refresh_from_db()
    assert proposal.status == "cancelled"


@pytest.mark.parametrize(
    "data",
    [
        {"coach": "", "reason": "Reden"},
        {"coach": "abc", "reason": "Reden"},
        {"coach": str(2**63), "reason": "Reden"},
        {"coach": NUL, "reason": "Reden"},
        {"reason": "Reden"},
        {"coach": "OTHER", "reason": ""},
        {"coach": "OTHER", "reason": NUL},
        {"coach": "OTHER", "reason": HUGE_TEXT},
        {"coach": "OUTSIDER", "reason": "Reden"},
    ],
    ids=[
        "no-coach",
        "text-coach",
        "huge-coach",
        "nul-coach",
        "missing-coach",
        "no-reason",
        "nul-reason",
        "huge-reason",
        "coach-of-another-team",
    ],
)
def test_bad_override_input_is_refused_in_dutch(world, login, proposal, data):
    ids = {"OTHER": world.users["coach"].pk, "OUTSIDER": world.users["other_coach"].pk}
    data = {k: ids.get(v, v) for k, v in data.items()}
    http = login(world.users["team_lead"])
    before = snapshot()
    response = http.post(reverse("allocation:override", args=[proposal.pk]), data)
    assert response.status_code == 422
    assert_unchanged(before)
    body = response.content.decode()
    assert 'class="error"' in body
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_override_with_the_proposed_coach_says_confirm(world, login, proposal):
    http = login(world.users["team_lead"])
    response = http.post(
        reverse("allocation:override", args=[proposal.pk]),
        {"coach": proposal.proposed_coach_id, "reason": "Zelfde"},
    )
    assert response.status_code == 422
    assert "Voorstel bevestigen" in response.content.decode()


def test_decided_proposal_page_shows_the_outcome_without_forms(world, login, proposal):
    lead = world.users["team_lead"]
    services.confirm_proposal(actor=lead, proposal=proposal)
    page = login(lead).get(reverse("allocation:proposal", args=[proposal.pk])).content.decode()
    assert "Bevestigd" in page
    assert reverse("allocation:confirm", args=[proposal.pk]) not in page


def test_a_decided_proposal_of_a_client_since_moved_to_another_team_is_404(world, login, proposal):
    lead = world.users["team_lead"]
    services.confirm_proposal(actor=lead, proposal=proposal)
    url = reverse("allocation:proposal", args=[proposal.pk])
    assert login(lead).get(url).status_code == 200
    Client.objects.filter(pk=proposal.client_id).update(
        team=world.team_private, coach=world.users["other_coach"]
    )
    reads = AccessEvent.objects.filter(user=lead, client=proposal.client).count()

    assert login(lead).get(url).status_code == 404
    assert AccessEvent.objects.filter(user=lead, client=proposal.client).count() == reads


# --- dashboard -----------------------------------------------------------------------------------


def test_dashboard_figures(world, login, give_clients, new_client, proposal):
    team = world.team_shared
    coach = world.users["coach"]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    give_clients(coach, team, Segment.INTENSIVE, 3, next_contact_due=yesterday)
    give_clients(coach, team, Segment.CARE_FIRST, 2, next_contact_due=timezone.localdate())
    new_client(team=None, first_name="Zonder", last_name="Teamloos")
    new_client(team=world.team_private, first_name="Ander", last_name="Teamklant")

    response = login(world.users["team_lead"]).get(reverse("allocation:dashboard"))
    teams = response.context["teams"]
    (figures,) = teams
    load = next(x for x in figures.loads if x.coach_id == coach.pk)
    # The world gives him two support clients; three intensive ones overdue, two care-first.
    assert load.clients == 7
    assert load.overdue == 3
    assert load.per_segment == {"work_ready": 0, "support": 2, "intensive": 3, "care_first": 2}
    assert load.load_quarters == 2 * 4 + 3 * 6 + 2 * 8
    names = {c.full_name for c in response.context["unassigned"].object_list}
    assert names == {"Femke Voorstelman", "Zonder Teamloos"}
    body = response.content.decode()
    assert "<meter" in body and "% van beoogd" in body
    assert reverse("allocation:proposal", args=[proposal.pk]) in body
    assert (
        AccessEvent.objects.filter(user=world.users["team_lead"], action=Action.LIST).count() == 1
    )


def test_other_lead_sees_his_team_and_the_teamless_only(world, login, new_client, proposal):
    new_client(team=None, first_name="Zonder", last_name="Teamloos")
    response = login(world.users["other_lead"]).get(reverse("allocation:dashboard"))
    (figures,) = response.context["teams"]
    assert figures.team == world.team_private
    names = {c.full_name for c in response.context["unassigned"].object_list}
    assert names == {"Zonder Teamloos"}
    assert reverse("allocation:proposal", args=[proposal.pk]) not in response.content.decode()


def test_unassigned_list_is_paginated(world, login, new_client):
    for i in range(30):
        new_client(last_name=f"Wachtend{i:02d}")
    http = login(world.users["team_lead"])
    first = http.get(reverse("allocation:dashboard"))
    assert len(first.context["unassigned"].object_list) == 25
    second = http.get(reverse("allocation:dashboard") + "?page=2")
    assert len(second.context["unassigned"].object_list) == 5
    assert http.get(reverse("allocation:dashboard") + "?page=abc").status_code == 200


@pytest.fixture
def dashboard_queries(
    world, login, make_coach, give_clients, new_client, django_assert_max_num_queries
):
    def _count(coaches: int) -> int:
        team = world.team_shared
        for i in range(coaches):
            coach = make_coach(team, f"extra_{coaches}_{i:02d}")
            give_clients(coach, team, Segment.SUPPORT, 4)
        for i in range(coaches * 3):
            c = new_client(last_name=f"Nieuw{coaches}_{i}")
            services.propose_coach(actor=world.users["coach"], client=c, team=team)
        http = login(world.users["team_lead"])
        http.get(reverse("allocation:dashboard"))  # warm the session
        with CaptureQueriesContext(connection) as captured:
            assert http.get(reverse("allocation:dashboard")).status_code == 200
        return len(captured)

    return _count


def test_dashboard_queries_do_not_grow_with_coaches_or_clients(dashboard_queries):
    small = dashboard_queries(1)
    large = dashboard_queries(12)
    assert small == large
    assert large <= 20


def test_proposal_page_queries_do_not_grow_with_the_team(
    world, login, make_coach, give_clients, new_client
):
    team = world.team_shared
    http = login(world.users["team_lead"])
    http.get(reverse("allocation:dashboard"))  # warm the session

    def count(coaches: int) -> int:
        for i in range(coaches):
            give_clients(make_coach(team, f"q{coaches}_{i:02d}"), team, Segment.SUPPORT, 3)
        proposal = services.propose_coach(
            actor=world.users["coach"], client=new_client(), team=team
        )
        with CaptureQueriesContext(connection) as captured:
            assert http.get(reverse("allocation:proposal", args=[proposal.pk])).status_code == 200
        return len(captured)

    small, large = count(1), count(11)
    assert small == large <= 16


# --- dossier card --------------------------------------------------------------------------------


def test_dossier_card_links_the_lead_to_the_decision(world, login, proposal):
    url = reverse("clients:dossier", args=[proposal.client_id])
    lead_page = login(world.users["team_lead"]).get(url).content.decode()
    assert "Coachvoorstel" in lead_page
    assert reverse("allocation:proposal", args=[proposal.pk]) in lead_page


def test_dossier_card_without_open_proposal_is_empty(world, login):
    page = login(world.users["coach"]).get(reverse("clients:dossier", args=[world.own_client.pk]))
    assert "Coachvoorstel" not in page.content.decode()


def test_dossier_card_costs_one_query(world, proposal, django_assert_num_queries):
    from django.template.loader import render_to_string

    with django_assert_num_queries(1):
        html = render_to_string(
            "allocation/dossier_card.html",
            {"client": proposal.client, "user": world.users["coach"]},
        )
    assert str(proposal.proposed_coach) in html
    assert reverse("allocation:proposal", args=[proposal.pk]) not in html


@pytest.mark.parametrize("action", ["confirm", "override"])
def test_a_client_who_got_a_coach_another_way_keeps_him(world, login, proposal, action):
    """A coach assigned by a path that leaves the proposal open: the assignment history, not
    the proposal, says he was given a coach after it."""
    teammate = world.users["teammate"]
    Client.objects.filter(pk=proposal.client_id).update(coach=teammate)
    CoachAssignment.objects.create(
        werkplein=proposal.werkplein,
        client_id=proposal.client_id,
        coach=teammate,
        team=proposal.team,
        assigned_by=world.users["team_lead"],
        started_at=timezone.now(),
    )
    others = [
        c for c in selectors.team_coaches(proposal.team) if c.pk != proposal.proposed_coach_id
    ]
    data = {"coach": str(others[0].pk), "reason": "Andere keuze"} if action == "override" else {}

    response = login(world.users["team_lead"]).post(
        reverse(f"allocation:{action}", args=[proposal.pk]), data
    )

    assert "al een coach gekregen" in response.content.decode() + " ".join(_messages(response))
    assert Client.objects.get(pk=proposal.client_id).coach == world.users["teammate"]
    proposal.refresh_from_db()
    assert proposal.status == "open"
