"""Dossier rows that several client tests edit."""

import datetime

import pytest

from werkplein.clients.models import Benefit, Job


@pytest.fixture
def job(world):
    return Job.objects.create(
        werkplein=world.own_client.werkplein,
        client=world.own_client,
        employer_name="Bakkerij De Korenbloem",
        position="Verkoper",
        started_on=datetime.date(2015, 1, 1),
        ended_on=datetime.date(2019, 6, 30),
        hours_per_week=24,
    )


@pytest.fixture
def benefit(world):
    return Benefit.objects.get(client=world.own_client)
