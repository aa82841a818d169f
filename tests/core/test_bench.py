"""Each bench scenario once, at small scale: the page answers and its queries stay bounded."""

import json

import pytest
from django.core.management import call_command

from werkplein.core import bench

pytestmark = pytest.mark.django_db

# Queries per request, whatever the number of rows: a page that runs a query per row (N+1)
# would go far past these (the caseload shows 50 clients, the dossier 25 logbook entries).
MAX_QUERIES = {
    "caseload": 15,
    "dossier": 40,  # 37 with issue 5's cards: intake 1, allocation 1, benefits 3, conferences 1
    "search_name": 15,
    "search_bsn": 15,
    "logbook_api": 15,
    "free_slots": 3,  # rules, leave, appointments: the rest is arithmetic
    "portal_home": 20,
    "coach_proposal": 14,  # 11 at scale: loads, open proposals, the proposal, logbook, outbox
    "team_dashboard": 18,  # 16 at scale: coaches' loads in one query, 25 unassigned in another
}


@pytest.fixture
def target(scale):
    return bench.Target.find(scale)


def test_target_is_the_bench_coachs_big_client(target):
    assert target.big_client.coach == target.coach
    # The seeded entries; the portal's plan adds generated ones ("Plan opgesteld").
    assert target.big_client.log_entries.filter(generated=False).count() == 2000
    assert target.coach.caseload.filter(last_name=target.last_name).exists()


@pytest.mark.parametrize("scenario", bench.SCENARIOS, ids=lambda s: s.name)
def test_scenario_answers_with_bounded_queries(scenario, target):
    user = bench.user_for(scenario, target)
    result = bench.run_scenario(scenario, target, bench.logged_in(user), iterations=2)
    assert result.status == 200, result.url
    assert 0 < result.queries <= MAX_QUERIES[scenario.name], result
    assert set(MAX_QUERIES) == {s.name for s in bench.SCENARIOS}


def test_bench_command_writes_json(scale, tmp_path, capsys):
    path = tmp_path / "results.json"
    call_command("bench", clients=300, iterations=1, json=str(path), websockets=0, outbox=0)
    data = json.loads(path.read_text())
    assert data["scale"]["clients"] == 300
    assert data["iterations"] == 1
    assert [r["scenario"] for r in data["results"]] == [s.name for s in bench.SCENARIOS]
    assert "p95 ms" in capsys.readouterr().out


def test_free_slots_scenario_covers_a_year_of_availability(target):
    slots = bench._year_of_free_slots(target)
    # Ten half-hour slots on each of ~250 working days, less leave, holidays and bookings.
    assert 1500 < len(slots) < 2600
    assert (slots[-1].starts_at - slots[0].starts_at).days > 300


def test_portal_home_is_the_big_clients_own_page(target):
    assert target.client_user.client_profile == target.big_client
    response = bench.logged_in(target.client_user).get("/mijn/")
    assert response.status_code == 200
    assert target.coach.get_full_name() in response.content.decode()


def test_outbox_bench_delivers_each_message_once_to_the_smtp_sink():
    from werkplein.notifications.bench import bench_outbox_throughput

    result = bench_outbox_throughput(40)
    assert result["received"] == result["received_distinct"] == 40
    assert result["marked_sent"] == 40
    assert result["per_second"] > 0


def test_team_scenarios_use_the_bench_coachs_full_team(target):
    from werkplein.allocation.models import CoachProposal, ProposalStatus
    from werkplein.allocation.selectors import coach_loads

    assert target.team.lead == target.team_lead
    assert target.coach in target.team.members.all()
    assert target.new_client.coach is None and target.new_client.team == target.team
    waiting = CoachProposal.objects.filter(team=target.team, status=ProposalStatus.OPEN)
    assert waiting.count() == min(bench.UNASSIGNED, target.team.clients.count() - 1)
    loads = coach_loads(target.team)
    assert {load.coach_id for load in loads} == set(
        target.team.members.values_list("id", flat=True)
    )
    # The seeded caseloads are full: each coach's target is the size of his caseload.
    assert all(load.target >= 1 for load in loads)


def test_coach_proposal_scenario_leaves_no_trace(target):
    from werkplein.allocation.models import CoachProposal

    before = CoachProposal.objects.count(), target.new_client.log_entries.count()
    proposal = bench._coach_proposal(target)
    assert proposal.proposed_coach is not None
    assert (CoachProposal.objects.count(), target.new_client.log_entries.count()) == before
