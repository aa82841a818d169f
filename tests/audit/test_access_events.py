"""Every dossier read, and every refused attempt, leaves an access event that nobody changes."""

import pytest
from django.db import DatabaseError, connection, transaction

from werkplein.audit.models import AccessEvent, Action, Outcome, Purpose, Relation


def _new_events(before: int):
    return AccessEvent.objects.order_by("id")[before:]


def _read(login, world, user_key, client_key, **params):
    before = AccessEvent.objects.count()
    response = login(world.users[user_key]).get(
        f"/klanten/{getattr(world, client_key).pk}/", params
    )
    return response, list(_new_events(before))


READS = [
    ("coach", "own_client", Purpose.GUIDANCE, Relation.OWN_CASELOAD, "Gemeente Zutphen"),
    ("coach", "teammate_client", Purpose.GUIDANCE, Relation.TEAM, "Gemeente Zutphen"),
    ("team_lead", "own_client", Purpose.TEAM_MANAGEMENT, Relation.TEAM_LEAD, "UWV"),
    ("back_office", "own_client", Purpose.BENEFIT, Relation.BENEFIT_PAYER, "Gemeente Zutphen"),
    ("quality_officer", "sampled_client", Purpose.QUALITY_REVIEW, Relation.SAMPLE, "UWV"),
]


@pytest.mark.parametrize(("user_key", "client_key", "purpose", "relation", "org"), READS)
def test_dossier_read_writes_one_allowed_event(
    world, login, user_key, client_key, purpose, relation, org
):
    response, events = _read(login, world, user_key, client_key)

    assert response.status_code == 200
    [event] = events
    user, client = world.users[user_key], getattr(world, client_key)
    assert (event.user, event.username, event.role) == (user, user.username, user.role)
    assert (event.organisation, event.organisation_name) == (user.organisation, org)
    assert (event.client, event.requested_client_id) == (client, client.pk)
    assert event.werkplein == client.werkplein
    assert (event.action, event.outcome) == (Action.READ, Outcome.ALLOWED)
    assert (event.purpose, event.relation) == (purpose, relation)


def test_event_carries_the_request_id_of_the_response(world, login):
    response, [event] = _read(login, world, "coach", "own_client")

    assert event.request_id
    assert event.request_id == response["X-Request-ID"]


def test_event_keeps_a_request_id_given_by_the_proxy(world, login):
    before = AccessEvent.objects.count()

    response = login(world.users["coach"]).get(
        f"/klanten/{world.own_client.pk}/", headers={"X-Request-ID": "proxy-abc-12345"}
    )

    [event] = _new_events(before)
    assert event.request_id == response["X-Request-ID"] == "proxy-abc-12345"


def test_team_lead_may_state_guidance_as_purpose(world, login):
    response, [event] = _read(login, world, "team_lead", "own_client", doel="guidance")

    assert response.status_code == 200
    assert event.purpose == Purpose.GUIDANCE


def test_refused_attempt_writes_a_refused_event(world, login):
    response, events = _read(login, world, "coach", "private_team_client")

    assert response.status_code == 404
    [event] = events
    assert (event.outcome, event.action) == (Outcome.REFUSED, Action.READ)
    assert event.client is None
    assert event.requested_client_id == world.private_team_client.pk
    assert event.relation == Relation.NONE
    assert event.user == world.users["coach"]
    assert event.request_id == response["X-Request-ID"]


def test_attempt_at_another_werkpleins_client_is_refused_and_logged(world, login):
    response, [event] = _read(login, world, "coach", "foreign_client")

    assert response.status_code == 404
    assert event.outcome == Outcome.REFUSED
    assert event.requested_client_id == world.foreign_client.pk
    assert event.werkplein == world.own_client.werkplein


def test_purpose_not_allowed_for_the_role_is_refused_and_logged(world, login):
    response, [event] = _read(login, world, "coach", "own_client", doel="benefit")

    assert response.status_code == 404
    assert event.outcome == Outcome.REFUSED
    assert event.purpose == Purpose.BENEFIT
    assert event.requested_client_id == world.own_client.pk
    assert event.client is None


def test_section_save_is_logged_as_an_update(world, login):
    before = AccessEvent.objects.count()

    login(world.users["coach"]).post(
        f"/klanten/{world.own_client.pk}/onderdelen/education/wijzigen/",
        {"version": "1", "education-highest_level": "mbo2"},
    )

    [event] = _new_events(before)
    assert (event.action, event.outcome, event.client) == (
        Action.UPDATE,
        Outcome.ALLOWED,
        world.own_client,
    )


# Append-only.


@pytest.fixture
def event(world, login):
    _response, [event] = _read(login, world, "coach", "own_client")
    return event


def test_saving_an_existing_event_is_refused(event):
    event.purpose = Purpose.BENEFIT

    with pytest.raises(PermissionError):
        event.save()

    assert AccessEvent.objects.get(pk=event.pk).purpose == Purpose.GUIDANCE


def test_updating_events_through_a_queryset_is_refused(event):
    with pytest.raises(PermissionError):
        AccessEvent.objects.filter(pk=event.pk).update(username="iemand_anders")

    assert AccessEvent.objects.get(pk=event.pk).username == "coach"


def test_deleting_an_event_is_refused(event):
    with pytest.raises(PermissionError):
        event.delete()

    assert AccessEvent.objects.filter(pk=event.pk).exists()


def test_deleting_events_through_a_queryset_is_refused(event):
    with pytest.raises(PermissionError):
        AccessEvent.objects.all().delete()

    assert AccessEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_update_is_refused_by_the_database(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_accessevent SET username = %s WHERE id = %s", ["vervalst", event.pk]
        )

    assert AccessEvent.objects.get(pk=event.pk).username == "coach"


REFUSED_CHANGES = [
    pytest.param(
        "back_office",
        "own_client",
        lambda pk: (f"/klanten/{pk}/onderdelen/education/wijzigen/", {"version": "1"}),
        id="back-office-edits-education",
    ),
    pytest.param(
        "quality_officer",
        "sampled_client",
        lambda pk: (
            f"/klanten/{pk}/logboek/",
            {"text": "x", "kind": "note", "visibility": "client"},
        ),
        id="quality-officer-writes-logbook",
    ),
    pytest.param(
        "coach",
        "own_client",
        lambda pk: (f"/klanten/{pk}/overdragen/", {"coach": "1", "reason": "x"}),
        id="coach-reassigns",
    ),
]


@pytest.mark.parametrize(("user_key", "client_key", "request_for"), REFUSED_CHANGES)
def test_change_refused_by_role_writes_a_refused_event(
    world, login, user_key, client_key, request_for
):
    client = getattr(world, client_key)
    url, data = request_for(client.pk)
    before = AccessEvent.objects.count()

    response = login(world.users[user_key]).post(url, data)

    assert response.status_code == 403
    refused = [e for e in _new_events(before) if e.outcome == Outcome.REFUSED]
    assert len(refused) == 1
    assert (refused[0].client, refused[0].requested_client_id) == (client, client.pk)
    assert refused[0].user == world.users[user_key]
