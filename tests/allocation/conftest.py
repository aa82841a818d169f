"""Helpers for the allocation tests: coaches with caseloads of a given segment mix."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import ClientFactory, UserFactory
from werkplein.accounts.models import Role
from werkplein.clients.models import Client
from werkplein.messaging.models import Absence


@pytest.fixture
def make_coach(world):
    def _make(team, username, *, target=100, organisation=None, **kwargs):
        coach = UserFactory(
            username=username,
            role=Role.COACH,
            organisation=organisation or world.uwv,
            target_caseload=target,
            **kwargs,
        )
        team.members.add(coach)
        return coach

    return _make


@pytest.fixture
def give_clients(world):
    """Gives `coach` n clients of `segment` (in `team`), made cheaply in one bulk insert."""

    def _give(coach, team, segment, n, **kwargs):
        made = ClientFactory.build_batch(
            n,
            werkplein=team.werkplein,
            municipality=world.zutphen,
            coach=coach,
            team=team,
            segment=segment,
            **kwargs,
        )
        return Client.objects.bulk_create(made)

    return _give


@pytest.fixture
def absent(world):
    def _absent(coach, stand_in, *, days=(0, 3), cancelled=False):
        today = timezone.localdate()
        return Absence.objects.create(
            werkplein=coach.werkplein,
            coach=coach,
            stand_in=stand_in,
            starts_on=today + datetime.timedelta(days=days[0]),
            ends_on=today + datetime.timedelta(days=days[1]),
            created_by=coach,
            cancelled_at=timezone.now() if cancelled else None,
        )

    return _absent


ROUTED = object()  # the default team of new_client: the shared team


@pytest.fixture
def new_client(world):
    """A registered client without coach, routed to the shared team (Jongeren) by the intake."""

    def _new(team=ROUTED, **kwargs):
        return ClientFactory(
            werkplein=world.team_shared.werkplein,
            municipality=world.zutphen,
            coach=None,
            team=world.team_shared if team is ROUTED else team,
            **kwargs,
        )

    return _new
