"""Who reaches which dossier through the API: every role against every kind of client.

Out of reach is a 404 that looks exactly like a client who does not exist; reached but not
permitted is a 403. Every attempt, allowed or refused, leaves an access event.
"""

import pytest

from werkplein.audit.models import AccessEvent, Outcome
from werkplein.clients.models import Wishes
from werkplein.logbook.models import LogEntry

CLIENTS = (
    "own_client",
    "teammate_client",
    "private_team_client",
    "sampled_client",
    "foreign_client",
)

REACH = {
    "coach": {"own_client", "teammate_client"},
    "teammate": {"own_client", "teammate_client"},
    "other_coach": {"private_team_client", "sampled_client"},
    "team_lead": {"own_client", "teammate_client"},
    "other_lead": {"private_team_client", "sampled_client"},
    "back_office": {"own_client"},  # bijstand paid by Zutphen
    "back_office_uwv": set(),
    "quality_officer": {"sampled_client"},
    "security_officer": set(),
    "functional_admin": set(),
    "provider_staff": set(),
    "employer": set(),
    "client": set(),
}
EDITS_SECTIONS = {"coach", "teammate", "other_coach", "team_lead", "other_lead"}
WRITES_LOGBOOK = EDITS_SECTIONS | {"back_office"}
NOT_FOUND = {"detail": "Niet gevonden."}


def _expected(role: str, client_name: str, operation: str) -> int:
    if client_name not in REACH[role]:
        return 404
    if operation == "patch_section":
        return 200 if role in EDITS_SECTIONS else 403
    if operation == "post_logbook":
        return 201 if role in WRITES_LOGBOOK else 403
    return 200


def _call(api, operation: str, client_id: int):
    if operation == "get_dossier":
        return api.get(f"/clients/{client_id}/")
    if operation == "get_logbook":
        return api.get(f"/clients/{client_id}/logbook/")
    if operation == "patch_section":
        body = {"version": 1, "data": {"region": "Achterhoek"}}
        return api.patch(f"/clients/{client_id}/sections/wishes/", body)
    body = {"kind": "note", "visibility": "internal", "text": "Gesprek gehad."}
    return api.post(f"/clients/{client_id}/logbook/", body)


def test_matrix_covers_every_role(world):
    assert set(REACH) == set(world.users)


@pytest.mark.parametrize(
    "operation", ["get_dossier", "get_logbook", "patch_section", "post_logbook"]
)
@pytest.mark.parametrize("role", sorted(REACH))
def test_access_matrix(world, api_as, role, operation):
    user = world.users[role]
    api = api_as(user)
    wrong = {}
    for client_name in CLIENTS:
        client = getattr(world, client_name)
        events_before = AccessEvent.objects.filter(user=user, requested_client_id=client.pk).count()
        entries_before = LogEntry.objects.filter(client=client).count()
        response = _call(api, operation, client.pk)
        expected = _expected(role, client_name, operation)
        if response.status_code != expected:
            wrong[client_name] = (response.status_code, expected, response.content[:200])
            continue
        events = AccessEvent.objects.filter(user=user, requested_client_id=client.pk)
        assert events.count() > events_before, f"{role} {operation} {client_name}: no event"
        newest = events.order_by("-id").first()
        allowed = expected < 400
        assert newest.outcome == (Outcome.ALLOWED if allowed else Outcome.REFUSED)
        if not allowed:
            assert response["Content-Type"].startswith("application/json")
            if expected == 404:
                assert response.json() == NOT_FOUND
            assert LogEntry.objects.filter(client=client).count() == entries_before
            assert Wishes.objects.get(client=client).region == ""
    assert not wrong, wrong


def test_unknown_client_looks_the_same_as_one_out_of_reach(world, api_as):
    api = api_as(world.users["coach"])
    foreign = api.get(f"/clients/{world.foreign_client.pk}/")
    missing = api.get("/clients/987654/")
    assert (foreign.status_code, foreign.json()) == (missing.status_code, missing.json())
    assert AccessEvent.objects.filter(
        requested_client_id=987654, outcome=Outcome.REFUSED, user=world.users["coach"]
    ).exists()
