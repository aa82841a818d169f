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
    "dossier": 30,
    "search_name": 15,
    "search_bsn": 15,
    "logbook_api": 15,
}


@pytest.fixture
def target(scale):
    return bench.Target.find(scale)


def test_target_is_the_bench_coachs_big_client(target):
    assert target.big_client.coach == target.coach
    assert target.big_client.log_entries.count() == 2000
    assert target.coach.caseload.filter(last_name=target.last_name).exists()


@pytest.mark.parametrize("scenario", bench.SCENARIOS, ids=lambda s: s.name)
def test_scenario_answers_with_bounded_queries(scenario, target):
    result = bench.run_scenario(scenario, target, bench.logged_in(target.coach), iterations=2)
    assert result.status == 200, result.url
    assert 0 < result.queries <= MAX_QUERIES[scenario.name], result
    assert set(MAX_QUERIES) == {s.name for s in bench.SCENARIOS}


def test_bench_command_writes_json(scale, tmp_path, capsys):
    path = tmp_path / "results.json"
    call_command("bench", clients=300, iterations=1, json=str(path))
    data = json.loads(path.read_text())
    assert data["scale"]["clients"] == 300
    assert data["iterations"] == 1
    assert [r["scenario"] for r in data["results"]] == [s.name for s in bench.SCENARIOS]
    assert "p95 ms" in capsys.readouterr().out
