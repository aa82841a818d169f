"""The routing rules page: the functional admin of the Werkplein edits them, nobody else."""

import pytest

from werkplein.intake.models import RoutingRule

from ..factories import TeamFactory, UserFactory, WerkpleinFactory

pytestmark = pytest.mark.django_db

URL = "/intake/routering/"


@pytest.fixture
def admin(world, login):
    return login(world.users["functional_admin"])


def _rule(world, **values) -> dict:
    return {
        "name": "Jongeren",
        "min_age": "",
        "max_age": "26",
        "benefit_kind": "",
        "team": str(world.team_shared.pk),
        "active": "on",
        **values,
    }


def test_the_admin_adds_a_rule_at_the_end(world, admin, routing):
    response = admin.post(URL + "nieuw/", _rule(world, name="Rest", max_age=""))

    assert response.status_code == 302
    rule = RoutingRule.objects.get(name="Rest")
    assert rule.position > max(r.position for r in routing)
    assert rule.werkplein == world.zutphen.werkplein


def test_the_admin_edits_a_rule(world, admin, routing):
    young, _ = routing

    admin.post(f"{URL}{young.pk}/", _rule(world, max_age="23"))

    young.refresh_from_db()
    assert young.max_age == 23


def test_the_admin_removes_a_rule_after_confirmation(world, admin, routing):
    young, _ = routing

    assert "Weet u zeker" in admin.get(f"{URL}{young.pk}/verwijderen/").content.decode()
    assert RoutingRule.objects.filter(pk=young.pk).exists()
    admin.post(f"{URL}{young.pk}/verwijderen/")

    assert not RoutingRule.objects.filter(pk=young.pk).exists()


def test_the_admin_reorders_rules(world, admin, routing):
    young, older = routing

    admin.post(URL, {"rule": str(older.pk), "move": "up"})

    assert list(RoutingRule.objects.order_by("position", "id")) == [older, young]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"min_age": "40", "max_age": "30"}, "De hoogste leeftijd is lager dan de laagste."),
        ({"max_age": "300"}, "Vul een leeftijd tussen 15 en 110 in."),
        ({"max_age": str(2**63)}, "Vul een leeftijd tussen 15 en 110 in."),
        ({"max_age": "-1"}, "Vul een leeftijd tussen 15 en 110 in."),
        ({"name": ""}, None),
        ({"name": "a\x00b"}, "toegestaan"),
        ({"benefit_kind": "lening"}, None),
        ({"team": "abc"}, "Kies een team van dit Werkplein."),
    ],
    ids=["range", "300", "huge", "negative", "no-name", "nul", "kind", "team-text"],
)
def test_invalid_rules_are_refused_in_dutch(world, admin, values, message):
    response = admin.post(URL + "nieuw/", _rule(world, **values))

    assert response.status_code == 200
    if message:
        assert message in response.content.decode()
    assert not RoutingRule.objects.exists()


def test_a_team_of_another_werkplein_is_refused(world, admin):
    other = WerkpleinFactory(slug="elders")
    lead = UserFactory(werkplein=other, role="team_lead")
    foreign_team = TeamFactory(werkplein=other, lead=lead)

    response = admin.post(URL + "nieuw/", _rule(world, team=str(foreign_team.pk)))

    assert "Kies een team van dit Werkplein." in response.content.decode()
    assert not RoutingRule.objects.exists()


def test_a_rule_of_another_werkplein_is_not_found(world, admin):
    other = WerkpleinFactory(slug="elders")
    lead = UserFactory(werkplein=other, role="team_lead")
    foreign = RoutingRule.objects.create(
        werkplein=other, name="X", team=TeamFactory(werkplein=other, lead=lead)
    )

    assert admin.get(f"{URL}{foreign.pk}/").status_code == 404
    assert admin.post(f"{URL}{foreign.pk}/verwijderen/").status_code == 404
    assert admin.post(URL, {"rule": str(foreign.pk), "move": "up"}).status_code == 404
    assert RoutingRule.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize(
    "rule", ["", "abc", str(2**64), "-1"], ids=["empty", "text", "huge", "neg"]
)
def test_a_malformed_rule_id_is_not_found(world, admin, rule):
    assert admin.post(URL, {"rule": rule, "move": "up"}).status_code == 404
