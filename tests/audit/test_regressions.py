"""Regression tests for bugs found in review, each named for the behaviour it guards."""

from werkplein.audit.models import AccessEvent, Action, Outcome


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
