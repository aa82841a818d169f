"""core.access: the conference part of reach and of the relation recorded with a read."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import ClientFactory
from werkplein.audit.models import Relation
from werkplein.conferences.models import AgendaItem, Conference, ConferenceSeries
from werkplein.core import access

pytestmark = pytest.mark.django_db


def _conference_with(world, client, members, *, starts_in=-10):
    series = ConferenceSeries.objects.create(
        werkplein=client.werkplein,
        name="Commissie",
        weekdays=[0],
        starts_at=datetime.time(10),
    )
    series.members.set(members)
    starts = timezone.now() + datetime.timedelta(minutes=starts_in)
    conference = Conference.objects.create(
        werkplein=client.werkplein,
        series=series,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )
    AgendaItem.objects.create(
        werkplein=client.werkplein,
        conference=conference,
        client=client,
        presenter=client.coach,
        question="?",
    )
    return conference


def test_team_lead_reaching_a_teamless_client_only_by_conference_is_a_participant(world):
    # A client with a coach but no team is no "unassigned" client: a team lead reaches him
    # only through the conference, and the read must be recorded as such.
    lead = world.users["team_lead"]  # UWV
    client = ClientFactory(
        werkplein=world.own_client.werkplein,
        municipality=world.lochem,
        coach=world.users["other_coach"],  # UWV: partner of the lead's organisation
        team=None,
    )
    _conference_with(world, client, [lead])
    assert access.reachable_clients(lead).filter(pk=client.pk).exists()
    assert access.relation_to(lead, client) == Relation.CONFERENCE
    assert access.reached_only_through_conference(lead, client)


def test_unassigned_client_stays_the_team_leads(world):
    lead = world.users["team_lead"]
    client = ClientFactory(
        werkplein=world.own_client.werkplein, municipality=world.lochem, coach=None, team=None
    )
    assert access.relation_to(lead, client) == Relation.TEAM_LEAD


def test_reach_ends_with_the_conference_even_for_a_cached_user(world):
    client = ClientFactory(
        werkplein=world.own_client.werkplein,
        municipality=world.lochem,
        coach=world.users["other_coach"],
        team=world.team_private,
    )
    conference = _conference_with(world, client, [world.users["teammate"]])
    user = world.users["teammate"]
    assert client.pk in access.conference_client_ids(user)
    assert user._work_ids.valid_until <= conference.ends_at
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    user._work_ids = access._WorkIds(
        user._work_ids.day, timezone.now(), [], [], user._work_ids.conference_clients
    )
    assert client.pk not in access.conference_client_ids(user)


def test_not_before_the_start(world):
    client = ClientFactory(
        werkplein=world.own_client.werkplein,
        municipality=world.lochem,
        coach=world.users["other_coach"],
        team=world.team_private,
    )
    _conference_with(world, client, [world.users["teammate"]], starts_in=1)
    assert access.conference_client_ids(world.users["teammate"]) == []
    assert not access.reachable_clients(world.users["teammate"]).filter(pk=client.pk).exists()


def test_window_boundaries_are_start_inclusive_end_exclusive(world):
    from werkplein.conferences.attendance import conferences_in_session

    client = ClientFactory(
        werkplein=world.own_client.werkplein,
        municipality=world.lochem,
        coach=world.users["other_coach"],
        team=world.team_private,
    )
    conference = _conference_with(world, client, [world.users["teammate"]], starts_in=30)
    user = world.users["teammate"]
    tick = datetime.timedelta(microseconds=1)
    assert not conferences_in_session(user, conference.starts_at - tick).exists()
    assert conferences_in_session(user, conference.starts_at).exists()
    assert conferences_in_session(user, conference.ends_at - tick).exists()
    assert not conferences_in_session(user, conference.ends_at).exists()
