"""Two clients take the same slot at the same moment: exactly one booking, one clear message.

Real threads, each with its own database connection, released together by a barrier. On
PostgreSQL the second waits for the first's lock on the coach's row and then finds the slot
taken; the unique constraint on (coach, start) of planned appointments is the last defence.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from werkplein.accounts.models import Role
from werkplein.appointments import services
from werkplein.appointments.models import Appointment
from werkplein.logbook.models import EntryKind, LogEntry

from ..factories import ClientFactory, UserFactory
from .conftest import at

TAKEN = "Dit tijdstip is net door iemand anders geboekt. Kies een ander tijdstip."


def second_client(world):
    user = UserFactory(username="client2", role=Role.CLIENT, organisation=world.zutphen)
    client = ClientFactory(
        werkplein=world.client_user_client.werkplein,
        municipality=world.zutphen,
        coach=world.users["coach"],
        team=world.team_shared,
        user=user,
    )
    return user, client


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason=(
        "SQLite's in-memory test database is shared between threads in shared-cache mode, where "
        "a second writer fails at once with 'table is locked' instead of waiting; the file "
        "database in production waits (IMMEDIATE transactions, a busy timeout). PostgreSQL "
        "runs this test in CI."
    ),
)
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("rounds", [3])
def test_two_clients_booking_the_same_slot_get_one_booking(world, weekdays_available, day, rounds):
    first = (world.users["client"], world.client_user_client)
    second = second_client(world)
    lock = threading.Lock()
    for round_ in range(rounds):
        starts_at = at(day, 9 + round_)
        barrier = threading.Barrier(2)
        outcomes: list = []

        def book(user, client, starts_at=starts_at, barrier=barrier, outcomes=outcomes):
            try:
                barrier.wait(timeout=10)
                appointment = services.book_slot(actor=user, client=client, starts_at=starts_at)
                result = ("booked", appointment.pk)
            except ValidationError as exc:
                result = ("refused", " ".join(exc.messages))
            except Exception as exc:  # reported in the assertion below
                result = ("error", repr(exc))
            finally:
                connections.close_all()
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=book, args=pair) for pair in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(kind for kind, _ in outcomes) == ["booked", "refused"], outcomes
        assert [text for kind, text in outcomes if kind == "refused"] == [TAKEN]
        assert Appointment.objects.filter(starts_at=starts_at, status="planned").count() == 1
        assert LogEntry.objects.filter(kind=EntryKind.APPOINTMENT).count() == round_ + 1
