"""A coach's absence and his stand-in: who may set it, the checks, which day it covers."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from werkplein.messaging.absences import (
    absence_of,
    cancel_absence,
    set_absence,
    stand_in_for,
)

DAY = datetime.timedelta(days=1)


def _set(world, actor="coach", coach="coach", stand_in="teammate", start=0, end=3):
    today = timezone.localdate()
    return set_absence(
        actor=world.users[actor],
        coach=world.users[coach],
        stand_in=world.users[stand_in] if stand_in else None,
        starts_on=today + start * DAY,
        ends_on=today + end * DAY,
    )


def test_stand_in_covers_the_days_of_the_absence(world):
    absence = _set(world, start=1, end=3)
    coach, today = world.users["coach"], timezone.localdate()
    assert stand_in_for(coach, today) is None
    assert stand_in_for(coach, today + DAY) == world.users["teammate"]
    assert stand_in_for(coach, today + 3 * DAY) == world.users["teammate"]
    assert stand_in_for(coach, today + 4 * DAY) is None
    assert absence_of(coach, today + 2 * DAY) == absence
    assert absence_of(coach) is None


def test_cancelled_absence_has_no_stand_in(world):
    absence = _set(world)
    assert stand_in_for(world.users["coach"]) == world.users["teammate"]
    cancel_absence(actor=world.users["coach"], absence=absence)
    assert stand_in_for(world.users["coach"]) is None


def test_team_lead_sets_absence_of_a_member_but_a_coach_not_of_a_teammate(world):
    assert _set(world, actor="team_lead").created_by == world.users["team_lead"]
    with pytest.raises(PermissionDenied):
        _set(world, actor="teammate", start=5, end=6)
    with pytest.raises(PermissionDenied):
        _set(world, actor="other_lead", start=5, end=6)


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"start": -1, "end": 2}, "starts_on", "niet in het verleden"),
        ({"start": 3, "end": 2}, "ends_on", "niet voor de eerste dag"),
        ({"start": 400, "end": 401}, "starts_on", "hoogstens een jaar vooruit"),
        ({"start": 1, "end": 400}, "ends_on", "hoogstens een jaar vooruit"),
        ({"stand_in": None}, "stand_in", "Kies een vervanger."),
        ({"stand_in": "coach"}, "stand_in", "iemand anders"),
        ({"stand_in": "other_coach"}, "stand_in", "hetzelfde team"),
        ({"stand_in": "client"}, "stand_in", "hetzelfde team"),
        ({"stand_in": "back_office"}, "stand_in", "hetzelfde team"),
    ],
)
def test_bad_absences_are_refused_in_dutch(world, kwargs, field, text):
    from werkplein.messaging.models import Absence

    with pytest.raises(ValidationError) as exc:
        _set(world, **kwargs)
    assert text in " ".join(exc.value.message_dict[field])
    assert not Absence.objects.exists()


def test_an_inactive_teammate_cannot_stand_in(world):
    teammate = world.users["teammate"]
    teammate.is_active = False
    teammate.save()
    with pytest.raises(ValidationError) as exc:
        _set(world)
    assert "stand_in" in exc.value.message_dict


def test_the_team_lead_may_stand_in_for_a_member(world):
    assert _set(world, stand_in="team_lead").stand_in == world.users["team_lead"]


def test_overlapping_absences_are_refused_but_adjacent_ones_not(world):
    _set(world, start=2, end=5)
    with pytest.raises(ValidationError) as exc:
        _set(world, start=5, end=8)
    assert "overlapt" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError):
        _set(world, start=0, end=10)
    assert _set(world, start=6, end=8).starts_on == timezone.localdate() + 6 * DAY
    assert _set(world, start=0, end=1)


def test_after_cancelling_the_days_are_free_again(world):
    absence = _set(world, start=2, end=5)
    cancel_absence(actor=world.users["team_lead"], absence=absence)
    assert _set(world, start=2, end=5).cancelled_at is None


def test_cancelling_twice_or_someone_elses_is_refused(world):
    absence = _set(world)
    with pytest.raises(PermissionDenied):
        cancel_absence(actor=world.users["teammate"], absence=absence)
    cancel_absence(actor=world.users["coach"], absence=absence)
    with pytest.raises(ValidationError) as exc:
        cancel_absence(actor=world.users["coach"], absence=absence)
    assert "al ingetrokken" in " ".join(exc.value.messages)


def test_a_past_absence_cannot_be_cancelled(world):
    from werkplein.messaging.models import Absence

    today = timezone.localdate()
    absence = Absence.objects.create(
        werkplein=world.users["coach"].werkplein,
        coach=world.users["coach"],
        stand_in=world.users["teammate"],
        starts_on=today - 5 * DAY,
        ends_on=today - 2 * DAY,
        created_by=world.users["coach"],
    )
    with pytest.raises(ValidationError) as exc:
        cancel_absence(actor=world.users["coach"], absence=absence)
    assert "al voorbij" in " ".join(exc.value.messages)


@pytest.mark.parametrize(
    "role", ["back_office", "quality_officer", "client", "functional_admin", "provider_staff"]
)
def test_other_roles_cannot_set_an_absence(world, role):
    with pytest.raises(PermissionDenied):
        _set(world, actor=role)


def test_stand_in_for_uses_the_amsterdam_day(world, settings):
    import zoneinfo
    from unittest import mock

    _set(world, start=1, end=1)
    tomorrow = timezone.localdate() + DAY
    # 23:30 UTC the evening before is already "tomorrow" in Amsterdam.
    moment = datetime.datetime.combine(
        tomorrow, datetime.time(0, 30), tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam")
    )
    with mock.patch("django.utils.timezone.now", return_value=moment):
        assert stand_in_for(world.users["coach"]) == world.users["teammate"]


def test_the_absence_notice_tag_tells_the_client_who_stands_in(world):
    from django.template import Context, Template

    template = Template("{% load absence_tags %}{% absence_notice client %}")
    client = world.client_user_client
    assert template.render(Context({"client": client})).strip() == ""
    _set(world, start=0, end=2)
    html = template.render(Context({"client": client}))
    assert "Uw werkcoach is afwezig tot en met" in html
    assert world.users["teammate"].get_full_name() in html
    assert template.render(Context({"client": None})).strip() == ""


def test_the_clients_home_page_tells_him_who_stands_in_for_his_coach(world, login):
    client = login(world.users["client"])
    assert "afwezig" not in client.get("/mijn/").content.decode()

    _set(world, start=0, end=2)

    page = client.get("/mijn/").content.decode()
    assert "Uw werkcoach is afwezig tot en met" in page
    assert world.users["teammate"].get_full_name() in page
