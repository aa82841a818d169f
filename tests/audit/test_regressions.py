"""Regression tests for bugs found in review, each named for the behaviour it guards."""

import pytest

from werkplein.audit.models import AccessEvent, Action, Outcome, Purpose


def test_change_refused_by_role_is_not_also_logged_as_an_allowed_change(world, login):
    before = AccessEvent.objects.count()

    response = login(world.users["back_office"]).post(
        f"/klanten/{world.own_client.pk}/onderdelen/education/wijzigen/",
        {"version": "1", "education-highest_level": "hbo"},
    )

    assert response.status_code == 403
    events = AccessEvent.objects.order_by("id")[before:]
    assert [(e.action, e.outcome) for e in events if e.action == Action.UPDATE] == [
        (Action.UPDATE, Outcome.REFUSED)
    ]


@pytest.mark.parametrize("purpose", ["x" * 300, "begeleiding\x00", "guidance\x00"])
def test_a_purpose_the_log_cannot_hold_is_refused_and_logged_not_a_500(world, login, purpose):
    """A NUL or an over-long ?doel= made PostgreSQL refuse the access-log insert (a 500)."""
    client = world.own_client

    response = login(world.users["coach"]).get(f"/klanten/{client.pk}/", {"doel": purpose})

    assert response.status_code == 404
    event = AccessEvent.objects.filter(requested_client_id=client.pk).latest("id")
    assert event.outcome == Outcome.REFUSED
    assert "\x00" not in event.purpose and len(event.purpose) <= 20
    assert event.purpose not in Purpose.values


@pytest.mark.parametrize("pk", ["9223372036854775808", "99999999999999999999999"])
def test_a_client_id_beyond_the_logs_range_is_a_404_and_logged_without_it(world, login, pk):
    """An id past a 64-bit integer made PostgreSQL refuse the refusal's log row (a 500)."""
    response = login(world.users["coach"]).get(f"/klanten/{pk}/")

    assert response.status_code == 404
    event = AccessEvent.objects.latest("id")
    assert (event.outcome, event.requested_client_id) == (Outcome.REFUSED, None)
