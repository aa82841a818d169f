"""Each coach's caseload weighed by segment, and who is proposed."""

from decimal import Decimal

import pytest

from tests.factories import TeamFactory, UserFactory
from werkplein.accounts.models import Role
from werkplein.allocation import selectors
from werkplein.allocation.models import CoachProposal
from werkplein.clients.models import Segment

pytestmark = pytest.mark.django_db

W, S, INT, C = Segment.WORK_READY, Segment.SUPPORT, Segment.INTENSIVE, Segment.CARE_FIRST


def _by_name(loads):
    return {load.name.split()[0]: load for load in loads}


def test_segment_weights_are_the_agreed_ones():
    expected = {W: Decimal("0.75"), S: Decimal("1.0"), INT: Decimal("1.5"), C: Decimal("2.0")}
    assert expected == selectors.SEGMENT_WEIGHTS
    assert selectors.QUARTERS == {W: 3, S: 4, INT: 6, C: 8}


def test_load_is_weighted_by_segment(world, make_coach, give_clients):
    team = TeamFactory(werkplein=world.uwv.werkplein, lead=world.users["team_lead"])
    intensive = make_coach(team, "intensief", first_name="Ina", target=20)
    ready = make_coach(team, "bemiddelbaar", first_name="Bram", target=20)
    give_clients(intensive, team, INT, 10)
    give_clients(ready, team, W, 12)

    loads = _by_name(selectors.coach_loads(team))

    ina, bram = loads["Ina"], loads["Bram"]
    assert (ina.clients, ina.weighted_load, ina.free_capacity) == (10, Decimal(15), Decimal(5))
    assert (bram.clients, bram.weighted_load, bram.free_capacity) == (12, Decimal(9), Decimal(11))
    assert ina.per_segment == {W: 0, S: 0, INT: 10, C: 0}
    assert bram.per_segment == {W: 12, S: 0, INT: 0, C: 0}
    assert (ina.percent, bram.percent) == (75, 45)
    # Ten intensive clients make a fuller caseload than twelve work-ready ones.
    assert selectors.choose_coach([ina, bram]) == bram


def test_mixed_caseload_sums_exactly(world, make_coach, give_clients):
    team = TeamFactory(werkplein=world.uwv.werkplein, lead=world.users["team_lead"])
    coach = make_coach(team, "gemengd", target=10)
    for segment, n in ((W, 3), (S, 2), (INT, 1), (C, 1)):
        give_clients(coach, team, segment, n)
    (load,) = selectors.coach_loads(team)
    assert load.load_quarters == 3 * 3 + 2 * 4 + 6 + 8
    assert load.weighted_load == Decimal("7.75")
    assert load.free_capacity == Decimal("2.25")
    assert load.figures()["weighted_load"] == "7.75"


def test_clients_of_another_werkplein_or_without_coach_do_not_count(
    world, make_coach, give_clients, new_client
):
    team = TeamFactory(werkplein=world.uwv.werkplein, lead=world.users["team_lead"])
    coach = make_coach(team, "telt")
    give_clients(coach, team, S, 2)
    new_client(team=team)  # no coach yet
    (load,) = selectors.coach_loads(team)
    assert load.clients == 2


def test_relative_capacity_decides_then_fewest_clients_then_id(world, make_coach, give_clients):
    team = TeamFactory(werkplein=world.uwv.werkplein, lead=world.users["team_lead"])
    big = make_coach(team, "groot", first_name="Groot", target=40)
    small = make_coach(team, "klein", first_name="Klein", target=10)
    give_clients(big, team, S, 20)  # 50 % of 40: more free places, but relatively as full
    give_clients(small, team, S, 4)  # 40 % of 10
    loads = selectors.coach_loads(team)
    assert selectors.choose_coach(loads).coach_id == small.pk

    give_clients(small, team, S, 1)  # both 50 %: the one with fewer clients
    loads = selectors.coach_loads(team)
    assert selectors.choose_coach(loads).coach_id == small.pk

    tie = make_coach(team, "gelijk", first_name="Gelijk", target=10)
    give_clients(tie, team, S, 5)  # same fullness, same clients as Klein: the lower id
    loads = selectors.coach_loads(team)
    assert selectors.choose_coach(loads).coach_id == min(small.pk, tie.pk)


def test_open_proposals_count_as_pending_load(world, make_coach, give_clients, new_client):
    team = TeamFactory(werkplein=world.uwv.werkplein, lead=world.users["team_lead"])
    first = make_coach(team, "eerste", first_name="Eerste", target=10)
    second = make_coach(team, "tweede", first_name="Tweede", target=10)
    give_clients(first, team, S, 2)
    give_clients(second, team, S, 3)
    for _i in range(2):
        CoachProposal.objects.create(
            werkplein=team.werkplein,
            client=new_client(team=team, segment=C),
            team=team,
            proposed_coach=first,
        )
    loads = _by_name(selectors.coach_loads(team))
    assert (loads["Eerste"].pending, loads["Eerste"].pending_quarters) == (2, 16)
    assert loads["Eerste"].weighted_load == Decimal(2)  # the caseload itself is unchanged
    assert selectors.choose_coach(list(loads.values())).coach_id == second.pk


def test_absent_inactive_and_non_coach_members_are_skipped(world, make_coach, give_clients, absent):
    team = TeamFactory(werkplein=world.uwv.werkplein, lead=world.users["team_lead"])
    present = make_coach(team, "aanwezig", first_name="Aanwezig")
    away = make_coach(team, "afwezig", first_name="Afwezig")
    make_coach(team, "vertrokken", first_name="Vertrokken", is_active=False)
    later = make_coach(team, "later", first_name="Later")
    cancelled = make_coach(team, "geannuleerd", first_name="Geannuleerd")
    lead_member = UserFactory(username="leider", role=Role.TEAM_LEAD, organisation=world.uwv)
    team.members.add(lead_member)
    absent(away, present)
    absent(later, present, days=(1, 5))  # leave starts tomorrow: available today
    absent(cancelled, present, cancelled=True)
    give_clients(present, team, W, 30)  # fuller than everyone else

    names = set(_by_name(selectors.coach_loads(team)))

    assert names == {"Aanwezig", "Later", "Geannuleerd"}
    dashboard_names = {load.name.split()[0] for load in selectors.team_loads(team)}
    assert dashboard_names == {"Aanwezig", "Afwezig", "Later", "Geannuleerd"}
    assert [load.absent for load in selectors.team_loads(team) if load.coach_id == away.pk] == [
        True
    ]


def test_a_team_without_available_coaches_has_no_choice(world, make_coach, absent):
    team = TeamFactory(werkplein=world.uwv.werkplein, lead=world.users["team_lead"])
    assert selectors.coach_loads(team) == []
    assert selectors.choose_coach([]) is None
    away = make_coach(team, "weg")
    absent(away, world.users["teammate"])
    assert selectors.coach_loads(team) == []


def test_coach_without_target_comes_last(world, make_coach, give_clients):
    team = TeamFactory(werkplein=world.uwv.werkplein, lead=world.users["team_lead"])
    no_target = make_coach(team, "zonder", target=0)
    full = make_coach(team, "vol", target=10)
    give_clients(full, team, C, 10)  # 200 % of target, but he has one
    loads = selectors.coach_loads(team)
    assert selectors.choose_coach(loads).coach_id == full.pk
    assert next(x for x in loads if x.coach_id == no_target.pk).percent == 0


@pytest.mark.parametrize("coaches", [1, 12], ids=["one-coach", "twelve-coaches"])
def test_coach_loads_makes_two_queries_whatever_the_team_size(
    coaches, world, make_coach, give_clients, new_client, django_assert_num_queries
):
    team = TeamFactory(werkplein=world.uwv.werkplein, lead=world.users["team_lead"])
    for i in range(coaches):
        coach = make_coach(team, f"coach_{i:02d}")
        give_clients(coach, team, (W, S, INT, C)[i % 4], 3)
        CoachProposal.objects.create(
            werkplein=team.werkplein, client=new_client(team=team), team=team, proposed_coach=coach
        )
    with django_assert_num_queries(2):
        loads = selectors.coach_loads(team)
    assert len(loads) == coaches
