"""Recording advice, decision and follow-ups: one transaction with one internal logbook entry,
owners among the participants, notices without personal content, the coach's dossier card."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.bad_input import assert_page_refused
from werkplein.conferences import selectors, services
from werkplein.conferences.models import AgendaItem, FollowUp
from werkplein.logbook import selectors as logbook_selectors
from werkplein.logbook.models import EntryKind, LogEntry, Visibility
from werkplein.notifications.models import NotificationKind, NotificationPreference, OutgoingMessage

pytestmark = pytest.mark.django_db


def outcome(owner, **overrides):
    data = {
        "advice": "Eerst schuldhulp, dan een werkervaringsplaats.",
        "decision": "Aanmelden bij de schuldhulpverlening van Lochem.",
        "action_1": "Aanmelding schuldhulp versturen",
        "owner_1": str(owner.pk),
        "due_1": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        "action_2": "",
        "owner_2": "",
        "due_2": "",
        "action_3": "",
        "owner_3": "",
        "due_3": "",
    }
    data.update(overrides)
    return data


def item_of(conference):
    return AgendaItem.objects.get(conference=conference)


def test_participant_records_the_outcome(
    world, cw, in_session, login, django_capture_on_commit_callbacks
):
    item = item_of(in_session)
    owner = world.users["other_coach"]
    teammate = world.users["teammate"]
    url = f"/casusoverleg/agendapunt/{item.pk}/uitkomst/"
    assert login(teammate).get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = login(teammate).post(url, outcome(owner))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.decision.startswith("Aanmelden bij de schuldhulp")
    assert (item.recorded_by, item.recorded_at is not None) == (teammate, True)
    follow_up = FollowUp.objects.get()
    assert (follow_up.item, follow_up.owner) == (item, owner)
    entry = LogEntry.objects.filter(client=cw.lochem_client, kind=EntryKind.DECISION).get()
    assert entry.visibility == Visibility.INTERNAL
    assert entry.author == teammate
    for part in (
        "Vraag: Wat nu?",
        "Advies: Eerst schuldhulp",
        "Besluit: Aanmelden bij de schuldhulp",
        f"Actie: Aanmelding schuldhulp versturen (eigenaar: {owner}",
    ):
        assert part in entry.text
    message = OutgoingMessage.objects.get(recipient_user=owner)
    assert message.notice == "conferences.follow_up"
    assert message.params == {"conference": in_session.pk}
    assert message.recipient == owner.email


def test_an_owner_who_chose_no_notice_for_work_gets_none(
    world, cw, in_session, login, django_capture_on_commit_callbacks
):
    owner = world.users["other_coach"]
    NotificationPreference.objects.create(user=owner, kind=NotificationKind.WORK, channel="none")
    url = f"/casusoverleg/agendapunt/{item_of(in_session).pk}/uitkomst/"
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.users["teammate"]).post(url, outcome(owner))
    assert response.status_code == 302
    assert FollowUp.objects.get().owner == owner
    assert not OutgoingMessage.objects.filter(recipient_user=owner).exists()


def test_back_office_does_not_read_the_internal_entry(world, cw, in_session):
    services.record_outcome(
        actor=world.users["teammate"],
        item=item_of(in_session),
        advice="a",
        decision="b",
        follow_ups=[],
    )
    entries = logbook_selectors.log_entries_for(world.users["back_office_uwv"], cw.lochem_client)
    assert not entries.filter(kind=EntryKind.DECISION).exists()
    coach_entries = logbook_selectors.log_entries_for(world.users["other_coach"], cw.lochem_client)
    assert coach_entries.filter(kind=EntryKind.DECISION).exists()


def test_owner_must_be_a_participant(world, cw, in_session, login):
    item = item_of(in_session)
    outsider = world.users["coach"]  # no member, no presenter
    response = login(world.users["teammate"]).post(
        f"/casusoverleg/agendapunt/{item.pk}/uitkomst/", outcome(outsider)
    )
    assert response.status_code == 422
    assert_page_refused(response)
    with pytest.raises(ValidationError):
        services.record_outcome(
            actor=world.users["teammate"],
            item=item,
            advice="a",
            decision="b",
            follow_ups=[services.FollowUpData("x", outsider, None)],
        )
    assert not FollowUp.objects.exists()
    assert not LogEntry.objects.filter(kind=EntryKind.DECISION).exists()
    item.refresh_from_db()
    assert item.recorded_at is None


def test_non_participant_cannot_record(world, cw, in_session, login):
    item = item_of(in_session)
    url = f"/casusoverleg/agendapunt/{item.pk}/uitkomst/"
    for name in ("coach", "back_office", "team_lead"):
        assert (
            login(world.users[name]).post(url, outcome(world.users["teammate"])).status_code == 404
        )
    with pytest.raises(PermissionDenied):
        services.record_outcome(
            actor=world.users["back_office"], item=item, advice="a", decision="b", follow_ups=[]
        )
    assert not LogEntry.objects.filter(kind=EntryKind.DECISION).exists()


@pytest.mark.parametrize(
    ("starts_in", "allowed"),
    [(5, False), (-60 - 23 * 60, True), (-60 - 25 * 60, False)],
    ids=["before-start", "23h-after-end", "25h-after-end"],
)
def test_recording_window(world, cw, login, starts_in, allowed):
    conference = cw.conference(starts_in=starts_in)
    item = cw.put_on(conference, cw.lochem_client, world.users["other_coach"])
    response = login(world.users["other_coach"]).post(
        f"/casusoverleg/agendapunt/{item.pk}/uitkomst/", outcome(world.users["teammate"])
    )
    item.refresh_from_db()
    assert (item.recorded_at is not None) is allowed
    assert response.status_code == (302 if allowed else 422)


def test_dossier_reading_stops_at_the_end_even_while_recording_is_open(world, cw, login):
    conference = cw.conference(starts_in=-90)
    cw.put_on(conference, cw.lochem_client, world.users["other_coach"])
    http = login(world.users["teammate"])
    assert http.get(f"/casusoverleg/{conference.pk}/").status_code == 200
    assert http.get(f"/klanten/{cw.lochem_client.pk}/?doel=case_conference").status_code == 404


def test_outcome_is_recorded_once(world, cw, in_session, login):
    item = item_of(in_session)
    http = login(world.users["teammate"])
    url = f"/casusoverleg/agendapunt/{item.pk}/uitkomst/"
    assert http.post(url, outcome(world.users["other_coach"])).status_code == 302
    again = http.post(url, outcome(world.users["other_coach"], decision="Iets anders"))
    assert again.status_code == 422
    item.refresh_from_db()
    assert item.decision.startswith("Aanmelden")
    assert FollowUp.objects.count() == 1


def test_coach_sees_follow_ups_on_the_dossier_card(world, cw, in_session, login):
    services.record_outcome(
        actor=world.users["teammate"],
        item=item_of(in_session),
        advice="Advies X",
        decision="Besluit Y",
        follow_ups=[
            services.FollowUpData("Bel de werkgever", world.users["other_coach"], None),
            services.FollowUpData("Stuur het cv", world.users["teammate"], None),
        ],
    )
    content = login(world.users["other_coach"]).get(f"/klanten/{cw.lochem_client.pk}/")
    text = content.content.decode()
    assert "Besluit Y" in text and "Bel de werkgever" in text and "Stuur het cv" in text


def test_dossier_card_is_one_query(world, cw, django_assert_num_queries):
    for n in range(3):
        conference = cw.conference(starts_in=-10 - n * 60 * 24)
        item = cw.put_on(conference, cw.lochem_client, world.users["other_coach"])
        FollowUp.objects.bulk_create(
            FollowUp(
                werkplein=item.werkplein,
                item=item,
                description=f"actie {k}",
                owner=world.users["teammate"],
            )
            for k in range(3)
        )
    upcoming = cw.conference(starts_in=60 * 24)
    cw.put_on(upcoming, cw.lochem_client, world.users["other_coach"])
    with django_assert_num_queries(1):
        card = selectors.dossier_card(world.users["other_coach"], cw.lochem_client)
    assert len(card["conference_card"]["upcoming"]) == 1
    assert len(card["conference_card"]["recent"]) == 3
    assert all(len(c.follow_ups) == 3 for c in card["conference_card"]["recent"])


def test_back_office_gets_no_card(world, cw, in_session, django_assert_num_queries):
    with django_assert_num_queries(0):
        card = selectors.dossier_card(world.users["back_office_uwv"], cw.lochem_client)
    assert card == {"conference_card": None}
