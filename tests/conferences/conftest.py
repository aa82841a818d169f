"""A case-conference world on top of `world`, with conferences placed relative to now.

The agenda client `lochem_client` lives in Lochem, is guided by other_coach (UWV, team 45-plus)
and has no benefit: his partners are Gemeente Lochem and UWV. So among the series members,
teammate (coach, UWV), back_office_uwv and other_lead (Lochem) take part; back_office (Zutphen)
is a member who does not; team_lead is no member at all.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from tests.factories import ClientFactory
from werkplein.clients.models import Client
from werkplein.conferences.models import AgendaItem, Conference, ConferenceSeries


@dataclass
class ConferenceWorld:
    series: ConferenceSeries
    lochem_client: Client

    def conference(self, *, starts_in: int, minutes: int = 60, **kwargs) -> Conference:
        """A conference starting `starts_in` minutes from now (negative: already started)."""
        starts = timezone.now() + datetime.timedelta(minutes=starts_in)
        return Conference.objects.create(
            werkplein=self.series.werkplein,
            series=self.series,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=minutes),
            max_clients=kwargs.pop("max_clients", self.series.max_clients),
            **kwargs,
        )

    def put_on(self, conference: Conference, client: Client, presenter, question="Wat nu?"):
        return AgendaItem.objects.create(
            werkplein=conference.werkplein,
            conference=conference,
            client=client,
            presenter=presenter,
            question=question,
        )


MEMBERS = ("teammate", "back_office_uwv", "other_lead", "back_office", "other_coach")


@pytest.fixture
def cw(world) -> ConferenceWorld:
    series = ConferenceSeries.objects.create(
        werkplein=world.own_client.werkplein,
        name="Re-integratiecommissie",
        weekdays=[0, 2, 4],
        starts_at=datetime.time(10, 0),
        duration_minutes=60,
        max_clients=6,
        location="Zaal 1",
    )
    series.members.set([world.users[name] for name in MEMBERS])
    lochem_client = ClientFactory(
        werkplein=series.werkplein,
        municipality=world.lochem,
        coach=world.users["other_coach"],
        team=world.team_private,
    )
    return ConferenceWorld(series=series, lochem_client=lochem_client)


@pytest.fixture
def in_session(world, cw):
    """A conference that started 10 minutes ago and ends in 50, with lochem_client on it."""
    conference = cw.conference(starts_in=-10)
    cw.put_on(conference, cw.lochem_client, world.users["other_coach"])
    return conference
