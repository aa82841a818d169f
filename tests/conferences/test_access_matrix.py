"""Every role of `world` and an anonymous visitor against every page and POST of the case
conferences, on this Werkplein's records and another's. Out of reach is a 404."""

import datetime

import pytest
from django.utils import timezone

from tests.conftest import WORLD_USERS
from tests.factories import OrganisationFactory
from werkplein.accounts.models import User
from werkplein.conferences.models import AgendaItem, Conference, ConferenceSeries
from werkplein.conferences.notices import follow_up

pytestmark = pytest.mark.django_db

VIEWERS = {"coach", "teammate", "other_coach", "team_lead", "other_lead", "back_office"}
VIEWERS |= {"back_office_uwv"}
MANAGERS = {"team_lead", "other_lead", "functional_admin"}
GUIDES = {"coach", "teammate", "other_coach", "team_lead", "other_lead"}
# Of the conference in session with lochem_client (Lochem, coach other_coach of UWV).
PARTICIPANTS = {"other_coach", "teammate", "back_office_uwv", "other_lead"}


@pytest.fixture
def records(world, cw, in_session):
    future = cw.conference(starts_in=60 * 24)
    future_item = cw.put_on(future, cw.lochem_client, world.users["other_coach"])
    return {
        "series": cw.series,
        "in_session": in_session,
        "session_item": AgendaItem.objects.get(conference=in_session),
        "future": future,
        "future_item": future_item,
    }


def series_data(name="Nieuwe reeks"):
    return {
        "name": name,
        "weekdays": ["1"],
        "starts_at": "09:00",
        "duration_minutes": "60",
        "max_clients": "6",
        "location": "",
        "active": "on",
    }


def outcome(world):
    return {"advice": "a", "decision": "b", "action_1": "x", "owner_1": world.users["teammate"].pk}


# (name, method, url(records), data(world, records) or None, who may, status when allowed)
PAGES = [
    ("list", "get", lambda r: "/casusoverleg/", None, VIEWERS, 200),
    ("series", "get", lambda r: "/casusoverleg/reeksen/", None, MANAGERS, 200),
    ("series-new", "get", lambda r: "/casusoverleg/reeksen/nieuw/", None, MANAGERS, 200),
    (
        "series-new-post",
        "post",
        lambda r: "/casusoverleg/reeksen/nieuw/",
        lambda w, r: series_data(),
        MANAGERS,
        302,
    ),
    (
        "series-edit",
        "get",
        lambda r: f"/casusoverleg/reeksen/{r['series'].pk}/",
        None,
        MANAGERS,
        200,
    ),
    (
        "series-edit-post",
        "post",
        lambda r: f"/casusoverleg/reeksen/{r['series'].pk}/",
        lambda w, r: series_data(r["series"].name),
        MANAGERS,
        302,
    ),
    ("detail", "get", lambda r: f"/casusoverleg/{r['in_session'].pk}/", None, PARTICIPANTS, 200),
    ("add", "get", lambda r: f"/casusoverleg/{r['future'].pk}/aanmelden/", None, GUIDES, 200),
    ("cancel", "get", lambda r: f"/casusoverleg/{r['future'].pk}/annuleren/", None, MANAGERS, 200),
    (
        "cancel-post",
        "post",
        lambda r: f"/casusoverleg/{r['future'].pk}/annuleren/",
        lambda w, r: {},
        MANAGERS,
        302,
    ),
    (
        "remove-post",
        "post",
        lambda r: f"/casusoverleg/agendapunt/{r['future_item'].pk}/afmelden/",
        lambda w, r: {},
        {"other_coach"},
        302,
    ),
    (
        "record",
        "get",
        lambda r: f"/casusoverleg/agendapunt/{r['session_item'].pk}/uitkomst/",
        None,
        PARTICIPANTS,
        200,
    ),
    (
        "record-post",
        "post",
        lambda r: f"/casusoverleg/agendapunt/{r['session_item'].pk}/uitkomst/",
        lambda w, r: outcome(w),
        PARTICIPANTS,
        302,
    ),
]


@pytest.mark.parametrize("user_name", [*WORLD_USERS, "anonymous"])
@pytest.mark.parametrize(
    ("page", "method", "url", "data", "allowed", "status"), PAGES, ids=[p[0] for p in PAGES]
)
def test_access_matrix(world, records, login, user_name, page, method, url, data, allowed, status):
    from django.test import Client as HttpClient

    http = HttpClient() if user_name == "anonymous" else login(world.users[user_name])
    args = [url(records)]
    if data is not None:
        args.append(data(world, records))
    response = getattr(http, method)(*args)
    if user_name == "anonymous":
        assert response.status_code == 302
        assert "/inloggen" in response["Location"] or "login" in response["Location"]
    elif user_name in allowed:
        assert response.status_code == status
    else:
        assert response.status_code == 404


def test_add_post_only_for_the_own_coach(world, records, login):
    url = f"/casusoverleg/{records['future'].pk}/aanmelden/"
    data = {"client": world.own_client.pk, "question": "Hoe verder?"}
    for name in WORLD_USERS:
        expected = 302 if name == "coach" else 422 if name in GUIDES else 404
        assert login(world.users[name]).post(url, data).status_code == expected, name
    assert AgendaItem.objects.filter(client=world.own_client).count() == 1
    from django.test import Client as HttpClient

    assert HttpClient().post(url, data).status_code == 302  # to the login page
    assert AgendaItem.objects.filter(client=world.own_client).count() == 1


@pytest.fixture
def foreign(world):
    other = User.objects.get(username="foreign_coach").werkplein
    series = ConferenceSeries.objects.create(
        werkplein=other, name="Elders", weekdays=[0], starts_at=datetime.time(10)
    )
    starts = timezone.now() - datetime.timedelta(minutes=5)
    conference = Conference.objects.create(
        werkplein=other, series=series, starts_at=starts, ends_at=starts + datetime.timedelta(1)
    )
    item = AgendaItem.objects.create(
        werkplein=other,
        conference=conference,
        client=world.foreign_client,
        presenter=User.objects.get(username="foreign_coach"),
        question="?",
    )
    OrganisationFactory(werkplein=other)
    return series, conference, item


@pytest.mark.parametrize("user_name", WORLD_USERS)
def test_another_werkplein_is_not_found(world, foreign, login, user_name):
    series, conference, item = foreign
    http = login(world.users[user_name])
    for url in (
        f"/casusoverleg/{conference.pk}/",
        f"/casusoverleg/{conference.pk}/aanmelden/",
        f"/casusoverleg/{conference.pk}/annuleren/",
        f"/casusoverleg/reeksen/{series.pk}/",
        f"/casusoverleg/agendapunt/{item.pk}/uitkomst/",
    ):
        assert http.get(url).status_code == 404, url
    for url in (
        f"/casusoverleg/{conference.pk}/annuleren/",
        f"/casusoverleg/agendapunt/{item.pk}/afmelden/",
        f"/casusoverleg/agendapunt/{item.pk}/uitkomst/",
    ):
        assert http.post(url, {}).status_code == 404, url
    conference.refresh_from_db()
    assert conference.cancelled_at is None
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_follow_up_notice_carries_no_personal_content(world, cw, in_session):
    rendered = follow_up({"conference": in_session.pk}, "email")
    assert f"/casusoverleg/{in_session.pk}/" in rendered.text
    for text in (cw.lochem_client.last_name, cw.lochem_client.bsn, "Wat nu?"):
        assert text not in rendered.text and text not in rendered.subject
