"""Access matrix: every role of `world` and anonymous against every page and POST of benefits.

Reach of world.own_client (team "Jongeren", bijstand paid by Gemeente Zutphen): coach and
teammate (shared team), team_lead (leads the team), back_office (Zutphen pays) and, once UWV
pays or has an application waiting, back_office_uwv. Everyone
else: 404, exactly like a client who does not exist. A role that reaches the client but may not
make the change: 403. Nothing changes for anyone refused.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import WORLD_USERS
from werkplein.benefits.models import (
    ApplicationStatus,
    BenefitApplication,
    BenefitEndSignal,
    SearchPeriod,
    SearchTask,
)
from werkplein.clients.models import BenefitKind

from .conftest import (
    IBAN,
    days,
    make_application,
    make_period,
    make_question,
    make_ww_benefit,
)

# In `setup` UWV also reaches him: it pays his WW and has his WIA application waiting.
REACH = {"coach", "teammate", "team_lead", "back_office", "back_office_uwv"}
GUIDES = {"coach", "teammate", "team_lead"}  # coach-like roles: tasks, applications, hand-over
LIFTER = {"team_lead"}  # the lead of the client's own team


def _dossier(name, client, *args):
    return reverse(f"benefits_dossier:{name}", args=[client.pk, *args])


@pytest.fixture
def setup(world):
    """own_client in a running search period with one task, an open WIA application to UWV and
    an open WW-end signal."""
    client = world.own_client
    period = make_period(client)
    task = SearchTask.objects.create(
        werkplein=client.werkplein,
        search_period=period,
        kind="vacancy",
        description="Vacature",
        given_by=world.users["coach"],
    )
    application = make_application(client, kind=BenefitKind.WIA, organisation=world.uwv)
    benefit = make_ww_benefit(client, world, ends_in=20)
    signal = BenefitEndSignal.objects.create(
        werkplein=client.werkplein,
        benefit=benefit,
        client=client,
        expected_end_on=benefit.expected_end_on,
        municipality=world.zutphen,
    )
    return {"client": client, "period": period, "task": task, "app": application, "signal": signal}


def _gets(s):
    c = s["client"]
    return [
        _dossier("overview", c),
        _dossier("apply", c),
        _dossier("lift", c),
        _dossier("withdraw", c, s["app"].pk),
        _dossier("handover", c, s["signal"].pk),
    ]


def _state():
    return (
        list(BenefitApplication.objects.order_by("pk").values_list("pk", "status", "version")),
        list(SearchPeriod.objects.values_list("pk", "lifted_at")),
        list(SearchTask.objects.order_by("pk").values_list("pk", "done_at")),
        list(BenefitEndSignal.objects.values_list("pk", "closed_at", "handover_id")),
    )


@pytest.mark.parametrize("role", WORLD_USERS)
def test_dossier_pages_by_role(world, login, setup, role):
    http = login(world.users[role])
    c = setup["client"]
    overview = http.get(_dossier("overview", c))
    assert overview.status_code == (200 if role in REACH else 404)
    for url in _gets(setup)[1:]:
        response = http.get(url)
        if role not in REACH:
            expected = 404
        elif url == _dossier("lift", c):
            expected = 200 if role in LIFTER else 403
        else:
            expected = 200 if role in GUIDES else 403
        assert response.status_code == expected, (url, response.status_code)


@pytest.mark.parametrize("role", WORLD_USERS)
def test_dossier_posts_by_role(world, login, setup, role):
    """Every change, in an order where each is still possible when it is tried."""
    http = login(world.users[role])
    c = setup["client"]
    posts = [
        (_dossier("task_add", c), {"kind": "task", "description": "Cv sturen"}, GUIDES),
        (_dossier("task_done", c, setup["task"].pk), {}, GUIDES),
        (_dossier("lift", c), {"reason": "Werk gevonden valt weg"}, LIFTER),
        (
            _dossier("apply", c),
            {"kind": "ww", "desired_start_on": days(3).isoformat(), "iban": IBAN},
            GUIDES,
        ),
        (_dossier("withdraw", c, setup["app"].pk), {"version": setup["app"].version}, GUIDES),
        (
            _dossier("handover", c, setup["signal"].pk),
            {"desired_start_on": days(21).isoformat(), "iban": IBAN},
            GUIDES,
        ),
    ]
    for url, data, allowed in posts:
        if "overdragen" in url:  # the hand-over (bijstand) waits for the search period's end
            SearchPeriod.objects.update(lifted_at=timezone.now())
        before = _state()
        response = http.post(url, data)
        if role not in REACH:
            assert response.status_code == 404, url
        elif role in allowed:
            assert response.status_code == 302, (url, response.status_code)
            assert _state() != before, url
            continue
        else:
            assert response.status_code == 403, url
        assert _state() == before, url


@pytest.mark.parametrize("role", WORLD_USERS)
def test_foreign_client_is_404_for_everyone(world, login, role):
    http = login(world.users[role])
    foreign = world.foreign_client
    assert http.get(_dossier("overview", foreign)).status_code == 404
    assert http.get(_dossier("apply", foreign)).status_code == 404
    response = http.post(
        _dossier("apply", foreign), {"kind": "ww", "desired_start_on": days(3).isoformat()}
    )
    assert response.status_code == 404
    assert not BenefitApplication.objects.exists()


@pytest.mark.parametrize("role", WORLD_USERS)
def test_back_office_pages_by_role(world, login, role):
    bijstand = make_application(world.own_client, organisation=world.zutphen)
    ww = make_application(world.teammate_client, kind=BenefitKind.WW, organisation=world.uwv)
    http = login(world.users[role])
    queue = http.get(reverse("benefits:queue"))
    assert queue.status_code == (200 if role in ("back_office", "back_office_uwv") else 404)
    for application, owner in ((bijstand, "back_office"), (ww, "back_office_uwv")):
        url = reverse("benefits:application", args=[application.pk])
        assert http.get(url).status_code == (200 if role == owner else 404), (role, url)
        response = http.post(url, {"decision": "refused", "reason": "Nee", "version": 1})
        if role == owner:
            assert response.status_code == 302
        else:
            assert response.status_code == 404
    decided = set(
        BenefitApplication.objects.exclude(status=ApplicationStatus.SUBMITTED).values_list(
            "pk", flat=True
        )
    )
    expected = {"back_office": {bijstand.pk}, "back_office_uwv": {ww.pk}}.get(role, set())
    assert decided == expected
    signals = http.get(reverse("benefits:signals"))
    assert signals.status_code == (200 if role == "back_office" else 404)
    mine = http.get(reverse("benefits:mine"))
    assert mine.status_code == (200 if role == "client" else 404)


@pytest.mark.parametrize("role", WORLD_USERS)
def test_ask_coach_by_role(world, login, role):
    """Only the back office of the paying organisation asks the coach a question; everyone
    else gets a 404 (the application does not exist for him) and nothing changes."""
    bijstand = make_application(world.own_client, organisation=world.zutphen)
    ww = make_application(world.teammate_client, kind=BenefitKind.WW, organisation=world.uwv)
    http = login(world.users[role])
    for application, owner in ((bijstand, "back_office"), (ww, "back_office_uwv")):
        before = _state()
        url = reverse("benefits:ask", args=[application.pk])
        response = http.post(url, {"question": "Waar woont de klant?", "version": 1})
        if role == owner:
            assert response.status_code == 302, (role, url)
            assert _state() != before
        else:
            assert response.status_code == 404, (role, url, response.status_code)
            assert _state() == before
    returned = set(
        BenefitApplication.objects.filter(status=ApplicationStatus.RETURNED).values_list(
            "pk", flat=True
        )
    )
    assert returned == {"back_office": {bijstand.pk}, "back_office_uwv": {ww.pk}}.get(role, set())


@pytest.mark.parametrize("role", WORLD_USERS)
def test_answer_by_role(world, login, setup, role):
    """Only coach-like roles who reach the client answer; the back office, who reaches him,
    gets a 403; everyone else a 404. Nothing changes for anyone refused."""
    application = setup["app"]
    BenefitApplication.objects.filter(pk=application.pk).update(status=ApplicationStatus.RETURNED)
    make_question(application, world.users["back_office"])
    http = login(world.users[role])
    url = _dossier("answer", setup["client"], application.pk)
    before = _state()
    response = http.post(url, {"answer": "Bakker tot vorige maand", "version": 1})
    if role not in REACH:
        assert response.status_code == 404
    elif role in GUIDES:
        assert response.status_code == 302
        assert BenefitApplication.objects.get(pk=application.pk).status == "submitted"
        return
    else:
        assert response.status_code == 403
    assert _state() == before
    # The foreign client's returned application: a 404 for everyone.
    foreign = make_application(world.foreign_client, status=ApplicationStatus.RETURNED)
    foreign_url = _dossier("answer", world.foreign_client, foreign.pk)
    assert http.post(foreign_url, {"answer": "x", "version": 1}).status_code == 404
    assert BenefitApplication.objects.get(pk=foreign.pk).status == ApplicationStatus.RETURNED


def test_anonymous_is_sent_to_login_and_changes_nothing(world, client, setup):
    c = setup["client"]
    urls = [
        *_gets(setup),
        reverse("benefits:queue"),
        reverse("benefits:signals"),
        reverse("benefits:mine"),
        reverse("benefits:application", args=[setup["app"].pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    before = _state()
    for url in (
        _dossier("task_add", c),
        _dossier("lift", c),
        _dossier("apply", c),
        _dossier("answer", c, setup["app"].pk),
        reverse("benefits:ask", args=[setup["app"].pk]),
    ):
        data = {"reason": "x", "description": "x", "question": "x", "answer": "x", "version": 1}
        assert client.post(url, data).status_code == 302
    assert _state() == before


def test_uwv_back_office_sees_nothing_of_a_bijstand_application(world, login):
    """UWV's back office reaches this client (WW paid by UWV) but not Zutphen's application."""
    client = world.own_client
    make_ww_benefit(client, world, ends_in=200)
    bijstand = make_application(client, organisation=world.zutphen)
    http = login(world.users["back_office_uwv"])
    assert http.get(reverse("benefits:application", args=[bijstand.pk])).status_code == 404
    page = http.get(_dossier("overview", client))
    assert page.status_code == 200
    assert "Gemeente Zutphen" not in page.content.decode()
    assert bijstand.pk not in [a.pk for a in page.context["overview"].applications]
    queue = http.get(reverse("benefits:queue"))
    assert list(queue.context["page"]) == []
