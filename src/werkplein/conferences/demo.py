"""Demo data: the re-integration committee (Monday, Wednesday, Friday 10:00, one hour, six
clients) with members from UWV and the municipalities, its coming meetings, and two clients of
a coach on the agenda of the first one."""

import datetime

from django.db import transaction
from django.utils import timezone

from werkplein.accounts.models import CASEWORK_ROLES, OrganisationKind, Role, User
from werkplein.clients.models import Client
from werkplein.conferences import services
from werkplein.conferences.models import Conference, ConferenceSeries
from werkplein.core.models import Werkplein

SERIES_NAME = "Re-integratiecommissie"
QUESTIONS = (
    "Kan een werkervaringsplaats bij de gemeente de stap naar betaald werk maken, of is eerst "
    "schuldhulp nodig?",
    "Welke partner betaalt een heftruckcursus nu de WW over drie maanden afloopt?",
)


@transaction.atomic
def seed_demo_conferences(
    *, werkplein: Werkplein, users: dict[str, User], today: datetime.date
) -> ConferenceSeries:
    """Creates the committee series; every demo coach, team lead and back-office user of UWV or
    a municipality is a member. Puts two clients of the first coach on the first meeting."""
    members = [
        u
        for u in users.values()
        if u.werkplein_id == werkplein.pk
        and u.role in CASEWORK_ROLES
        and u.organisation is not None
        and u.organisation.kind in (OrganisationKind.UWV, OrganisationKind.MUNICIPALITY)
    ]
    series = ConferenceSeries.objects.create(
        werkplein=werkplein,
        name=SERIES_NAME,
        weekdays=[0, 2, 4],
        starts_at=datetime.time(10, 0),
        duration_minutes=60,
        max_clients=6,
        location="Werkplein Zutphen, vergaderzaal De IJssel",
    )
    series.members.set(members)
    services.schedule_conferences(
        series, today + datetime.timedelta(weeks=services.SCHEDULE_WEEKS), today=today
    )
    coach = next((u for u in members if u.role == Role.COACH), None)
    first = (
        Conference.objects.filter(series=series, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    if coach is None or first is None:
        return series
    clients = Client.objects.filter(werkplein=werkplein, coach=coach).order_by("pk")[
        : len(QUESTIONS)
    ]
    for client, question in zip(clients, QUESTIONS, strict=False):
        services.add_to_agenda(actor=coach, conference=first, client=client, question=question)
    return series
