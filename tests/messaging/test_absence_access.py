"""During a coach's absence his stand-in reaches the coach's clients, and the log says why."""

import datetime

import pytest
from django.utils import timezone

from werkplein.accounts.models import Role
from werkplein.audit.models import AccessEvent, Relation
from werkplein.core.access import reachable_clients, relation_to
from werkplein.messaging.absences import cancel_absence, set_absence
from werkplein.messaging.models import Absence

from ..factories import ClientFactory, TeamFactory, UserFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture
def private_pair(world):
    """Two coaches in a team that does not share caseloads: only a stand-in reaches the other's."""
    team = world.team_private
    colleague = UserFactory(
        username="colleague", role=Role.COACH, organisation=world.uwv, werkplein=team.werkplein
    )
    team.members.add(colleague)
    return world.users["other_coach"], colleague


def _fresh(user):
    return type(user).objects.get(pk=user.pk)  # a new request: nothing cached on the user


def _absence(coach, stand_in, start, end, actor=None):
    return Absence.objects.create(
        werkplein_id=coach.werkplein_id,
        coach=coach,
        stand_in=stand_in,
        starts_on=timezone.localdate() + start * DAY,
        ends_on=timezone.localdate() + end * DAY,
        created_by=actor or coach,
    )


def test_stand_in_reaches_the_absent_coachs_clients_during_the_absence(world, private_pair):
    coach, colleague = private_pair
    assert not reachable_clients(_fresh(colleague)).filter(pk=world.private_team_client.pk)
    set_absence(
        actor=coach,
        coach=coach,
        stand_in=colleague,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + 2 * DAY,
    )
    reached = reachable_clients(_fresh(colleague))
    assert set(reached.values_list("pk", flat=True)) >= {
        world.private_team_client.pk,
        world.sampled_client.pk,
    }
    assert relation_to(_fresh(colleague), world.private_team_client) == Relation.STAND_IN
    # Nobody else gains anything, and the coach himself keeps his own.
    assert not reachable_clients(_fresh(world.users["teammate"])).filter(
        pk=world.private_team_client.pk
    )
    assert reachable_clients(_fresh(coach)).filter(pk=world.private_team_client.pk).exists()


@pytest.mark.parametrize(("start", "end"), [(1, 3), (-5, -1)], ids=["before", "after"])
def test_no_reach_before_or_after_the_absence(world, private_pair, start, end):
    coach, colleague = private_pair
    _absence(coach, colleague, start, end)
    assert not reachable_clients(_fresh(colleague)).filter(pk=world.private_team_client.pk)
    assert relation_to(_fresh(colleague), world.private_team_client) != Relation.STAND_IN


def test_no_reach_after_the_absence_is_withdrawn(world, private_pair):
    coach, colleague = private_pair
    absence = _absence(coach, colleague, 0, 3)
    assert reachable_clients(_fresh(colleague)).filter(pk=world.private_team_client.pk).exists()
    cancel_absence(actor=coach, absence=absence)
    assert not reachable_clients(_fresh(colleague)).filter(pk=world.private_team_client.pk)


def test_an_absence_in_another_werkplein_gives_no_reach(world, private_pair):
    _coach, colleague = private_pair
    foreign_coach = world.foreign_client.coach
    assert foreign_coach.werkplein_id != colleague.werkplein_id
    _absence(foreign_coach, colleague, 0, 3)
    assert not reachable_clients(_fresh(colleague)).filter(pk=world.foreign_client.pk)


def test_a_team_lead_standing_in_reaches_too(world):
    lead = world.users["other_lead"]
    coach = world.users["other_coach"]
    # other_lead already reaches his own team; put a client of another team's coach in reach.
    team = TeamFactory(werkplein=coach.werkplein, name="Extra", lead=world.users["team_lead"])
    stranger = UserFactory(username="stranger", role=Role.COACH, organisation=world.uwv)
    team.members.add(stranger)
    world.team_private.members.add(stranger)
    client = ClientFactory(
        werkplein=coach.werkplein, municipality=world.zutphen, coach=stranger, team=team
    )
    assert not reachable_clients(_fresh(lead)).filter(pk=client.pk)
    _absence(stranger, lead, 0, 0)
    assert reachable_clients(_fresh(lead)).filter(pk=client.pk).exists()


def test_the_stand_in_relation_is_recorded_when_he_opens_the_dossier(world, private_pair, login):
    coach, colleague = private_pair
    _absence(coach, colleague, 0, 1)
    response = login(colleague).get(f"/klanten/{world.private_team_client.pk}/")
    assert response.status_code == 200
    event = AccessEvent.objects.filter(user=colleague).latest("id")
    assert event.client_id == world.private_team_client.pk
    assert event.relation == Relation.STAND_IN
    assert event.get_relation_display() == "Waarnemer"


def test_the_stand_in_gets_404_after_the_absence(world, private_pair, login):
    coach, colleague = private_pair
    _absence(coach, colleague, -3, -1)
    response = login(colleague).get(f"/klanten/{world.private_team_client.pk}/")
    assert response.status_code == 404
