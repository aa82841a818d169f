import datetime

import pytest
from django.utils import timezone

from werkplein.accounts.models import Role
from werkplein.conferences.demo import seed_demo_conferences
from werkplein.conferences.models import AgendaItem, Conference
from werkplein.logbook.models import LogEntry

pytestmark = pytest.mark.django_db


def test_demo_committee(world):
    werkplein = world.own_client.werkplein
    series = seed_demo_conferences(
        werkplein=werkplein, users=world.users, today=timezone.localdate()
    )
    assert (series.name, series.weekdays, series.starts_at) == (
        "Re-integratiecommissie",
        [0, 2, 4],
        datetime.time(10, 0),
    )
    assert (series.duration_minutes, series.max_clients) == (60, 6)
    members = set(series.members.all())
    assert world.users["back_office_uwv"] in members and world.users["coach"] in members
    assert all(m.role in (Role.COACH, Role.TEAM_LEAD, Role.BACK_OFFICE) for m in members)
    assert world.users["provider_staff"] not in members
    assert Conference.objects.filter(series=series).count() >= 12
    items = AgendaItem.objects.filter(conference__series=series)
    assert items.count() == 2
    assert all(i.client.coach == world.users["coach"] for i in items)
    assert LogEntry.objects.filter(text__startswith="Aangemeld voor casusoverleg").count() == 2
