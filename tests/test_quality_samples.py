"""A team lead draws a random sample; the quality officer then reaches exactly those dossiers."""

from werkplein.audit.models import QualitySample
from werkplein.core.access import reachable_clients

DRAW_URL = "/audit/steekproeven/trekken/"


def test_team_lead_draws_a_sample_of_his_teams_clients(world, login):
    lead = world.users["team_lead"]
    response = login(lead).post(
        DRAW_URL,
        {"reviewer": world.users["quality_officer"].pk, "size": 2, "description": "Q1"},
    )
    assert response.status_code == 302
    sample = QualitySample.objects.get(description="Q1")
    drawn = set(sample.clients.values_list("pk", flat=True))
    assert len(drawn) == 2
    assert drawn <= set(reachable_clients(lead).values_list("pk", flat=True))


def test_quality_officer_reaches_the_drawn_dossiers(world, login):
    login(world.users["team_lead"]).post(
        DRAW_URL,
        {"reviewer": world.users["quality_officer"].pk, "size": 1, "description": "Q2"},
    )
    drawn = QualitySample.objects.get(description="Q2").clients.get()
    reviewer = login(world.users["quality_officer"])
    assert reviewer.get(f"/klanten/{drawn.pk}/").status_code == 200


def test_invalid_sample_is_refused_and_nothing_is_drawn(world, login):
    before = QualitySample.objects.count()
    response = login(world.users["team_lead"]).post(
        DRAW_URL, {"reviewer": world.users["coach"].pk, "size": 0, "description": ""}
    )
    assert response.status_code == 200
    assert "Aantal dossiers" in response.content.decode()
    assert QualitySample.objects.count() == before


def test_only_team_leads_draw_samples(world, login):
    for role in ("coach", "quality_officer", "security_officer", "back_office"):
        assert login(world.users[role]).get(DRAW_URL).status_code == 403
