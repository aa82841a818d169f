"""Issue 3 §10, the access matrix extended: client1 reaches nothing of client2 (404) in pages,
API and downloads; internal entries never appear.

client1 is world.client_user_client with world.users["client"]; client2 is world.teammate_client
(the teammate's client, same Werkplein) with an account of his own; a third client with an
account lives in the foreign Werkplein. Each of them has appointments (upcoming and past), a plan
with a goal and activities, a job application, work history, ladder steps and logbook entries:
his own note with an earlier version, a coach's entry he may read, an internal one, and one the
coach wrote internal and later opened to him (its earlier version is internal). Every text of a
client carries a word unique to him (his "tag"), so one look for the tag finds any of his data.

Every request goes through a test client that enforces CSRF and sends a valid token: a 404 here
is the application's answer, never the CSRF check's. The staff side (plan and appointment pages)
follows core.access: the expected reach per role is written out below and checked against
core.access.reachable_clients itself.
"""

import datetime
import json
import re
import uuid
from dataclasses import dataclass

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import URLPattern, reverse
from django.utils import timezone

from werkplein.accounts.models import Role, User
from werkplein.appointments import services as appointment_services
from werkplein.appointments.api import me_router as appointments_me_router
from werkplein.appointments.models import Appointment, AppointmentStatus
from werkplein.audit.models import AccessEvent
from werkplein.clients.models import Client, Job
from werkplein.core.access import reachable_clients
from werkplein.logbook import services as logbook_services
from werkplein.logbook.models import EntryKind, LogEntry, LogEntryVersion, Visibility
from werkplein.messaging import services as messaging_services
from werkplein.messaging.models import Conversation, Message, Participant
from werkplein.plans.api import me_router as plans_me_router
from werkplein.plans.models import (
    Activity,
    ActivityOwner,
    Goal,
    JobApplication,
    LadderStep,
    Plan,
)
from werkplein.portal import services as portal_services
from werkplein.portal.api import me_router as portal_me_router
from werkplein.portal.urls import urlpatterns as portal_urlpatterns

from ..appointments.conftest import add_rule, at, make_appointment, working_day
from ..factories import UserFactory

# Words that mark the data of one client; the internal texts of everyone carry these prefixes.
TAGS = {
    "client1": "Aalscholver",
    "client2": "Zilverreiger",
    "foreign": "Roerdomp",
    "own": "Kwartelkoning",
    "private": "Grutto",
    "sampled": "Tureluur",
}
INTERNAL = "BINNENKAMER"  # an internal entry
WAS_INTERNAL = "VOORHEENINTERN"  # the internal first version of an entry later opened to him
BSN = {"client2": "111222333", "foreign": "123456782"}  # both pass the elfproef
ENTRIES = ("note", "coach_entry", "internal", "opened")
APPOINTMENTS = ("upcoming", "past")
DATA_MODELS = (
    Client,
    Job,
    LogEntry,
    LogEntryVersion,
    Plan,
    Goal,
    Activity,
    JobApplication,
    LadderStep,
    Appointment,
    Conversation,
    Participant,
    Message,
)


# --- the data ------------------------------------------------------------------------------------


@dataclass
class Dossier:
    """One client with a bit of everything, each text carrying his tag."""

    tag: str
    client: Client
    user: User | None
    coach: User
    note: LogEntry | None  # his own note, corrected once (has an earlier version)
    coach_entry: LogEntry  # the coach's entry, visible to him
    internal: LogEntry  # the coach's internal entry
    opened: LogEntry  # written internal, later made visible: its earlier version is internal
    job: Job
    plan: Plan
    goal: Goal
    own_activity: Activity
    coach_activity: Activity
    application: JobApplication
    ladder: LadderStep
    upcoming: Appointment
    past: Appointment
    conversation: Conversation  # with his coach (coach only when he has no account)


def _furnish(client: Client, *, tag: str, coach: User, user: User | None, hour: int) -> Dossier:
    werkplein = client.werkplein
    today = timezone.localdate()
    Client.objects.filter(pk=client.pk).update(
        first_name=f"{tag}ina",
        last_name=f"{tag}sma",
        email=f"{tag.lower()}@voorbeeld.nl",
        street=f"{tag}straat",
        user=user,
    )
    client.refresh_from_db()

    note = None
    if user is not None:
        note = portal_services.add_own_note(actor=user, client=client, text=f"{tag} schrijft: oud")
        note = portal_services.edit_own_note(
            actor=user, client=client, entry=note, text=f"{tag} schrijft: nieuw", expected_version=1
        )
    coach_entry = logbook_services.add_log_entry(
        actor=coach, client=client, text=f"{tag} coachbericht"
    )
    internal = logbook_services.add_log_entry(
        actor=coach, client=client, text=f"{INTERNAL} {tag}", visibility=Visibility.INTERNAL
    )
    opened = logbook_services.add_log_entry(
        actor=coach, client=client, text=f"{WAS_INTERNAL} {tag}", visibility=Visibility.INTERNAL
    )
    opened = logbook_services.edit_log_entry(
        actor=coach,
        entry=opened,
        text=f"{tag} nu voor de klant",
        kind=EntryKind.NOTE,
        visibility=Visibility.CLIENT,
        expected_version=1,
    )

    job = Job.objects.create(
        werkplein=werkplein,
        client=client,
        employer_name=f"{tag} Werkgever",
        position=f"{tag} functie",
        started_on=datetime.date(2015, 3, 1),
    )
    plan = Plan.objects.create(
        werkplein=werkplein, client=client, applications_required=4, obligation_weeks=4
    )
    goal = Goal.objects.create(werkplein=werkplein, plan=plan, text=f"{tag} doel")
    own_activity = Activity.objects.create(
        werkplein=werkplein,
        plan=plan,
        goal=goal,
        description=f"{tag} activiteit klant",
        owner=ActivityOwner.CLIENT,
        due_on=today + datetime.timedelta(days=3),
    )
    coach_activity = Activity.objects.create(
        werkplein=werkplein,
        plan=plan,
        goal=goal,
        description=f"{tag} activiteit coach",
        owner=ActivityOwner.COACH,
        due_on=today + datetime.timedelta(days=7),
    )
    application = JobApplication.objects.create(
        werkplein=werkplein,
        client=client,
        employer_name=f"{tag} Bakkerij",
        position=f"{tag} verkoper",
        applied_on=today - datetime.timedelta(days=2),
        notes=f"{tag} notitie",
        recorded_by=user,
    )
    ladder = LadderStep.objects.create(
        werkplein=werkplein,
        client=client,
        rung=3,
        set_on=today - datetime.timedelta(days=30),
        set_by=coach,
        note=f"{tag} trede",
    )
    upcoming = make_appointment(
        client, at(working_day(10), hour), coach_id=coach.pk, location=f"{tag} kamer"
    )
    past = make_appointment(
        client,
        at(today - datetime.timedelta(days=14), hour),
        coach_id=coach.pk,
        status=AppointmentStatus.HELD,
        location=f"{tag} vroeger",
    )
    conversation = messaging_services.start_conversation(
        actor=coach, client=client, subject=f"{tag} onderwerp"
    )
    messaging_services.send_message(
        actor=coach, conversation=conversation, text=f"{tag} bericht", client_token=uuid.uuid4()
    )
    return Dossier(
        tag=tag,
        client=client,
        user=user,
        coach=coach,
        note=note,
        coach_entry=coach_entry,
        internal=internal,
        opened=opened,
        job=job,
        plan=plan,
        goal=goal,
        own_activity=own_activity,
        coach_activity=coach_activity,
        application=application,
        ladder=ladder,
        upcoming=upcoming,
        past=past,
        conversation=conversation,
    )


@pytest.fixture
def dossiers(world) -> dict[str, Dossier]:
    """client1, client2 and the foreign client with accounts; three staff-only clients."""
    users = world.users
    client2_user = UserFactory(username="client2", role=Role.CLIENT, organisation=world.zutphen)
    foreign = world.foreign_client
    foreign_user = UserFactory(
        username="foreign_client", role=Role.CLIENT, organisation=foreign.municipality
    )
    for coach in (users["coach"], users["teammate"], users["other_coach"], foreign.coach):
        for weekday in range(5):
            add_rule(coach, weekday=weekday)
    furnish = [
        ("client1", world.client_user_client, users["coach"], users["client"], 9),
        ("client2", world.teammate_client, users["teammate"], client2_user, 9),
        ("foreign", foreign, foreign.coach, foreign_user, 9),
        ("own", world.own_client, users["coach"], None, 10),
        ("private", world.private_team_client, users["other_coach"], None, 9),
        ("sampled", world.sampled_client, users["other_coach"], None, 10),
    ]
    result = {
        key: _furnish(client, tag=TAGS[key], coach=coach, user=user, hour=hour)
        for key, client, coach, user, hour in furnish
    }
    for key, bsn in BSN.items():
        Client.objects.filter(pk=result[key].client.pk).update(bsn=bsn)
    mail.outbox.clear()
    return result


def _snapshot() -> dict[str, list[dict]]:
    """Every row of every client-data table, as stored: any write shows up as a difference."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in DATA_MODELS}


def _access_events_on(client: Client) -> list[int]:
    return list(AccessEvent.objects.filter(client=client).values_list("pk", flat=True))


def _free_slot() -> datetime.datetime:
    """A start every coach's availability offers and no one has taken (see `dossiers`)."""
    return at(working_day(12), 11)


# --- HTTP with CSRF enforced ---------------------------------------------------------------------


class Browser:
    """A test client that enforces CSRF, holding a valid token it sends with every change."""

    def __init__(self, user: User | None = None) -> None:
        self.http = HttpClient(enforce_csrf_checks=True)
        if user is not None:
            self.http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            self.http.get("/api/v1/docs")  # any page with a form sets the CSRF cookie
        else:
            self.http.get("/accounts/login/")
        self.token = self.http.cookies["csrftoken"].value

    def page(self, method: str, url: str, data: dict | None = None):
        if method == "get":
            return self.http.get(url)
        return self.http.post(url, data or {}, headers={"X-CSRFToken": self.token})

    def api(self, method: str, url: str, body: dict | None = None):
        headers = {} if method == "get" else {"X-CSRFToken": self.token}
        call = getattr(self.http, method)
        if body is None:
            return call(url, headers=headers)
        return call(url, json.dumps(body), content_type="application/json", headers=headers)


def _text(response) -> str:
    """The body as text, with .ics line folding undone (a folded line may split a word)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return re.sub(r"\r?\n[ \t]", "", content.decode("utf-8", errors="replace"))


# --- 2. client1 with client2's ids: 404, and nothing changed --------------------------------------


@dataclass(frozen=True)
class IdCase:
    """An URL of Mijn Werkplein or /api/v1/me/ that takes an id, with a method it accepts."""

    kind: str  # "page" or "api"
    method: str
    template: str  # with {id} and, for some, {version}
    targets: tuple[str, ...]  # attributes of Dossier whose pk goes in {id}
    body: str = ""  # which request body; see _body

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.template}"

    def url(self, pk, version: int = 1) -> str:
        return self.template.format(id=pk, version=version)


ID_CASES = [
    IdCase("page", "get", "/mijn/logboek/{id}/wijzigen/", ENTRIES),
    IdCase("page", "post", "/mijn/logboek/{id}/wijzigen/", ENTRIES, "note"),
    IdCase("page", "get", "/mijn/logboek/{id}/versies/", ENTRIES),
    IdCase("page", "get", "/mijn/gegevens/werkervaring/{id}/verwijderen/", ("job",)),
    IdCase("page", "post", "/mijn/gegevens/werkervaring/{id}/verwijderen/", ("job",), "version"),
    IdCase(
        "page",
        "post",
        "/mijn/plan/activiteiten/{id}/gedaan/",
        ("own_activity", "coach_activity"),
        "tick",
    ),
    IdCase("page", "get", "/mijn/sollicitaties/{id}/wijzigen/", ("application",)),
    IdCase("page", "post", "/mijn/sollicitaties/{id}/wijzigen/", ("application",), "result"),
    IdCase("page", "get", "/mijn/afspraken/{id}/verzetten/", APPOINTMENTS),
    IdCase("page", "post", "/mijn/afspraken/{id}/verzetten/", APPOINTMENTS, "move"),
    IdCase("page", "get", "/mijn/afspraken/{id}/annuleren/", APPOINTMENTS),
    IdCase("page", "post", "/mijn/afspraken/{id}/annuleren/", APPOINTMENTS, "cancel"),
    IdCase("page", "get", "/mijn/afspraken/{id}/afspraak.ics", APPOINTMENTS),
    IdCase("page", "get", "/mijn/berichten/{id}/", ("conversation",)),
    IdCase("page", "post", "/mijn/berichten/{id}/", ("conversation",), "message"),
    IdCase("api", "delete", "/api/v1/me/profile/work-history/{id}/?version={version}", ("job",)),
    IdCase("api", "put", "/api/v1/me/logbook/{id}/", ENTRIES, "note"),
    IdCase(
        "api",
        "post",
        "/api/v1/me/plan/activities/{id}/done/",
        ("own_activity", "coach_activity"),
        "done",
    ),
    IdCase("api", "patch", "/api/v1/me/applications/{id}/", ("application",), "result"),
    IdCase("api", "get", "/api/v1/me/appointments/{id}/", APPOINTMENTS),
    IdCase("api", "post", "/api/v1/me/appointments/{id}/reschedule/", APPOINTMENTS, "move"),
    IdCase("api", "post", "/api/v1/me/appointments/{id}/cancel/", APPOINTMENTS, "cancel"),
    IdCase("api", "get", "/api/v1/me/appointments/{id}/ics/", APPOINTMENTS),
]


def _body(case: IdCase, target) -> dict | None:
    """A request body that would be valid for the row, so that only reach can refuse it."""
    version = getattr(target, "version", 1)
    bodies = {
        "": None,
        "tick": {"done": "1"},
        "note": {"text": "Overgenomen door een ander", "version": version},
        "version": {"version": version},
        "done": {"done": True},
        "result": {"result": "hired", "notes": "Overgenomen", "version": version},
        "move": {"starts_at": _free_slot().isoformat(), "version": version},
        "cancel": {"reason": "Overgenomen", "version": version},
        "message": {"text": "Overgenomen", "client_token": str(uuid.uuid4())},
    }
    return bodies[case.body]


def _send(browser: Browser, case: IdCase, pk, target=None):
    version = getattr(target, "version", 1)
    body = _body(case, target)
    if case.kind == "page":
        return browser.page(case.method, case.url(pk, version), body)
    return browser.api(case.method, case.url(pk, version), body)


@pytest.mark.parametrize("case", ID_CASES, ids=str)
def test_client1_reaches_nothing_of_another_client_by_id(dossiers, case):
    browser = Browser(dossiers["client1"].user)
    before = _snapshot()
    watched = {key: _access_events_on(dossiers[key].client) for key in ("client2", "foreign")}

    for victim in ("client2", "foreign", "own"):
        for attribute in case.targets:
            target = getattr(dossiers[victim], attribute)
            if target is None:
                continue
            response = _send(browser, case, target.pk, target)
            assert response.status_code == 404, (victim, attribute, response.status_code)
            if case.kind == "api":
                assert response.json() == {"detail": "Niet gevonden."}

    assert _snapshot() == before
    assert mail.outbox == []
    for key, events in watched.items():
        assert _access_events_on(dossiers[key].client) == events, key


@pytest.mark.parametrize("case", ID_CASES, ids=str)
def test_the_same_url_with_his_own_id_works(dossiers, case):
    """The control for the test above: the URL is right and only the id made it a 404."""
    me = dossiers["client1"]
    attribute = next(a for a in case.targets if a not in ("internal", "coach_entry"))
    target = getattr(me, attribute)

    before = _snapshot()

    response = _send(Browser(me.user), case, target.pk, target)

    assert response.status_code in (200, 201, 204, 302), response.status_code
    if case.method != "get":  # the body is valid: the same request changes his own row
        assert _snapshot() != before


UNKNOWN_IDS = ["0", "-1", "2147483648", "9223372036854775808", "99999999999999999999999"]
MALFORMED_IDS = ["abc", "1e3", "0x10", "%20", "1%2F2", "%00"]


@pytest.mark.parametrize("case", ID_CASES, ids=str)
def test_unknown_and_malformed_ids_are_not_found(dossiers, case):
    """Pages: 404 (the URL's <int:> does not match, or no row). The API answers an id that is
    no number as the foundation's API does (tests/api/test_clients.py): a Dutch 422."""
    browser = Browser(dossiers["client1"].user)
    highest = max(
        model.objects.order_by("-pk").values_list("pk", flat=True)[0] for model in DATA_MODELS
    )
    before = _snapshot()

    for pk in [str(highest + 1000), *UNKNOWN_IDS]:
        response = _send(browser, case, pk)
        assert response.status_code == 404, (pk, response.status_code)
    for pk in MALFORMED_IDS:
        response = _send(browser, case, pk)
        if case.kind == "page" or response.status_code == 404:
            assert response.status_code == 404, (pk, response.status_code)
        else:
            assert response.status_code == 422, (pk, response.status_code)
            assert list(response.json()["errors"].values()) == [["Vul een geheel getal in."]]

    assert _snapshot() == before


def test_the_id_matrix_covers_every_url_that_takes_an_id():
    """A new /mijn/ URL or /me/ endpoint with an id must be added to ID_CASES."""
    pages = {
        re.sub(r"<int:\w+>", "{id}", str(p.pattern))
        for p in portal_urlpatterns
        if "<int:" in str(p.pattern)
    }
    covered_pages = {c.template.removeprefix("/mijn/") for c in ID_CASES if c.kind == "page"}
    assert pages == covered_pages

    endpoints = {
        (method.lower(), "/api/v1/me" + re.sub(r"\{\w+\}", "{id}", path))
        for router in (portal_me_router, plans_me_router, appointments_me_router)
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
        if re.search(r"\{\w+_id\}", path)
    }
    covered = {(c.method, c.template.split("?")[0]) for c in ID_CASES if c.kind == "api"}
    assert endpoints == covered


# --- 3. what a client reads and downloads holds nothing of others, and nothing internal ----------


def _own_get_urls(me: Dossier) -> list[str]:
    """Every page and API read of client1, his own ids filled in."""
    pages = [
        "/mijn/",
        "/mijn/gegevens/",
        "/mijn/gegevens/download.json",
        "/mijn/gegevens/afdrukken/",
        "/mijn/gegevens/contact/wijzigen/",
        "/mijn/gegevens/werkervaring/nieuw/",
        "/mijn/gegevens/correctie/",
        f"/mijn/gegevens/werkervaring/{me.job.pk}/verwijderen/",
        "/mijn/logboek/",
        f"/mijn/logboek/{me.note.pk}/wijzigen/",
        f"/mijn/logboek/{me.note.pk}/versies/",
        f"/mijn/logboek/{me.coach_entry.pk}/versies/",
        f"/mijn/logboek/{me.opened.pk}/versies/",
        "/mijn/inzage/",
        "/mijn/beveiliging/",
        "/mijn/plan/",
        "/mijn/sollicitaties/",
        f"/mijn/sollicitaties/{me.application.pk}/wijzigen/",
        "/mijn/afspraken/",
        "/mijn/afspraken/maken/",
        f"/mijn/afspraken/{me.upcoming.pk}/verzetten/",
        f"/mijn/afspraken/{me.upcoming.pk}/annuleren/",
        f"/mijn/afspraken/{me.upcoming.pk}/afspraak.ics",
        f"/mijn/afspraken/{me.past.pk}/afspraak.ics",
    ]
    api = [
        "/api/v1/me/profile/",
        "/api/v1/me/logbook/",
        "/api/v1/me/access-events/",
        "/api/v1/me/export/",
        "/api/v1/me/plan/",
        "/api/v1/me/applications/",
        "/api/v1/me/progress/",
        "/api/v1/me/appointments/",
        f"/api/v1/me/appointments/{me.upcoming.pk}/",
        f"/api/v1/me/appointments/{me.upcoming.pk}/ics/",
        f"/api/v1/me/appointments/{me.past.pk}/ics/",
        "/api/v1/me/slots/",
    ]
    return pages + api


def _leaks(text: str, viewer: str = "client1") -> list[str]:
    """What of others, or internal, a response to the viewer holds."""
    lowered = text.lower()
    found = [tag for key, tag in TAGS.items() if key != viewer and tag.lower() in lowered]
    found += [bsn for key, bsn in BSN.items() if key != viewer and bsn in text]
    found += [word for word in (INTERNAL, WAS_INTERNAL) if word.lower() in lowered]
    return found


@pytest.fixture
def looked_at(dossiers, world, login):
    """Staff read the dossiers of the clients with an account, so the access logs have rows."""
    for user, keys in (
        (world.users["coach"], ("client1", "client2")),
        (world.users["team_lead"], ("client1", "client2")),
        (world.foreign_client.coach, ("foreign",)),
    ):
        http = login(user)
        for key in keys:
            assert http.get(f"/klanten/{dossiers[key].client.pk}/").status_code == 200
    return dossiers


@pytest.mark.parametrize("viewer", ["client1", "client2", "foreign"])
def test_a_client_reads_and_downloads_nothing_of_others_and_nothing_internal(looked_at, viewer):
    me = looked_at[viewer]
    browser = Browser(me.user)

    leaks = []
    for url in _own_get_urls(me):
        response = browser.page("get", url)
        assert response.status_code == 200, (url, response.status_code)
        if found := _leaks(_text(response), viewer):
            leaks.append((url, found))

    assert leaks == []


# What of his own each read must show: the control that the leak check above reads real pages.
OWN_WORDS = {
    "/mijn/logboek/": ["schrijft: nieuw", "coachbericht", "nu voor de klant"],
    "/api/v1/me/logbook/": ["schrijft: nieuw", "coachbericht", "nu voor de klant"],
    "/mijn/plan/": ["doel", "activiteit klant", "activiteit coach"],
    "/api/v1/me/plan/": ["doel", "activiteit klant", "activiteit coach"],
    "/mijn/sollicitaties/": ["Bakkerij"],
    "/api/v1/me/applications/": ["Bakkerij", "notitie"],
    "/mijn/afspraken/": ["kamer"],
    "/api/v1/me/appointments/": ["kamer", "vroeger"],
    "/mijn/gegevens/": ["ina", "Werkgever"],
    "/mijn/gegevens/download.json": [
        "schrijft: nieuw",
        "coachbericht",
        "doel",
        "Bakkerij",
        "trede",
        "kamer",
        "Werkgever",
    ],
    "/api/v1/me/export/": ["schrijft: nieuw", "coachbericht", "doel", "Bakkerij", "trede", "kamer"],
    "/mijn/gegevens/afdrukken/": ["schrijft: nieuw", "coachbericht", "doel", "Bakkerij", "kamer"],
}


@pytest.mark.parametrize("url", OWN_WORDS)
def test_his_own_data_is_there(looked_at, url):
    me = looked_at["client1"]
    text = _text(Browser(me.user).page("get", url))

    for word in OWN_WORDS[url]:
        assert f"{me.tag} {word}" in text or f"{me.tag}{word}" in text, word


def test_ics_of_his_appointment_is_his(dossiers):
    me = dossiers["client1"]
    browser = Browser(me.user)
    for url in (
        f"/mijn/afspraken/{me.upcoming.pk}/afspraak.ics",
        f"/api/v1/me/appointments/{me.upcoming.pk}/ics/",
    ):
        text = _text(browser.page("get", url))
        assert f"{me.tag} kamer" in text, url


def test_the_access_log_shows_no_one_elses_events(looked_at):
    me = looked_at["client1"]
    browser = Browser(me.user)
    html = _text(browser.page("get", "/mijn/inzage/"))
    data = browser.api("get", "/api/v1/me/access-events/").json()

    expected = AccessEvent.objects.filter(client=me.client).exclude(user=me.user).count()
    assert expected > 0
    assert data["count"] == expected
    assert _leaks(html) == []


@pytest.mark.parametrize("attribute", ["internal", "opened"])
@pytest.mark.parametrize(
    "method, url, body",
    [
        ("get", "/mijn/logboek/{id}/wijzigen/", None),
        ("post", "/mijn/logboek/{id}/wijzigen/", {"text": "Mijn tekst"}),
        ("get", "/mijn/logboek/{id}/versies/", None),
        ("put", "/api/v1/me/logbook/{id}/", {"text": "Mijn tekst"}),
    ],
)
def test_his_own_internal_entries_cannot_be_opened(dossiers, attribute, method, url, body):
    """An internal entry on his own dossier is a 404 like any entry that is not his to see; one
    opened to him later can be read, but its internal earlier version never."""
    me = dossiers["client1"]
    entry = getattr(me, attribute)
    browser = Browser(me.user)
    before = _snapshot()
    if body is not None:
        body = {**body, "version": entry.version}

    if url.startswith("/api/"):
        response = browser.api(method, url.format(id=entry.pk), body)
    else:
        response = browser.page(method, url.format(id=entry.pk), body)

    if attribute == "internal":
        assert response.status_code == 404
    else:
        # Written by the coach: he may read it but not edit it (a redirect or a 403).
        assert response.status_code in (200, 302, 403), response.status_code
    assert _leaks(_text(response)) == []
    assert _snapshot() == before


def test_the_logbook_counts_only_what_he_may_see(dossiers):
    me = dossiers["client1"]
    data = Browser(me.user).api("get", "/api/v1/me/logbook/").json()

    visible = LogEntry.objects.filter(client=me.client, visibility=Visibility.CLIENT).count()
    assert data["count"] == visible
    assert me.internal.pk not in [item["id"] for item in data["items"]]


# --- 4. no other role reaches /mijn/ or /api/v1/me/ ----------------------------------------------

OTHER_ROLES = [
    "coach",
    "teammate",
    "other_coach",
    "team_lead",
    "other_lead",
    "back_office",
    "back_office_uwv",
    "quality_officer",
    "security_officer",
    "functional_admin",
    "provider_staff",
    "employer",
]


def _portal_urls(me: Dossier) -> list[str]:
    """Every /mijn/ URL, from portal/urls.py itself, with client1's ids."""
    values = {
        "key": "contact",
        "item_id": me.job.pk,
        "entry_id": me.note.pk,
        "activity_id": me.own_activity.pk,
        "application_id": me.application.pk,
        "appointment_id": me.upcoming.pk,
        "conversation_id": me.conversation.pk,
    }
    urls = []
    for pattern in portal_urlpatterns:
        assert isinstance(pattern, URLPattern)
        kwargs = {name: values[name] for name in pattern.pattern.converters}
        urls.append(reverse(f"portal:{pattern.name}", kwargs=kwargs))
    return urls


def _me_bodies(me: Dossier) -> dict[tuple[str, str], dict | None]:
    slot = _free_slot().isoformat()
    applied = timezone.localdate().isoformat()
    return {
        ("GET", "/profile/"): None,
        ("POST", "/profile/work-history/"): {"data": {}},
        ("DELETE", "/profile/work-history/{item_id}/"): None,
        ("POST", "/profile/correction/"): {"subject": "bsn", "text": "Klopt niet"},
        ("PATCH", "/profile/{key}/"): {"version": 1, "data": {}},
        ("GET", "/logbook/"): None,
        ("POST", "/logbook/"): {"text": "Bericht"},
        ("PUT", "/logbook/{entry_id}/"): {"text": "Bericht", "version": 1},
        ("GET", "/access-events/"): None,
        ("GET", "/export/"): None,
        ("GET", "/plan/"): None,
        ("POST", "/plan/accept/"): {"version": me.plan.version},
        ("POST", "/plan/activities/{activity_id}/done/"): {"done": True},
        ("GET", "/applications/"): None,
        ("POST", "/applications/"): {
            "employer_name": "Bakker",
            "position": "Verkoper",
            "applied_on": applied,
        },
        ("PATCH", "/applications/{application_id}/"): {"version": 1, "result": "hired"},
        ("GET", "/progress/"): None,
        ("GET", "/appointments/"): None,
        ("POST", "/appointments/"): {"starts_at": slot},
        ("GET", "/appointments/{appointment_id}/"): None,
        ("POST", "/appointments/{appointment_id}/reschedule/"): {"starts_at": slot, "version": 1},
        ("POST", "/appointments/{appointment_id}/cancel/"): {"version": 1},
        ("GET", "/appointments/{appointment_id}/ics/"): None,
        ("GET", "/slots/"): None,
    }


def _me_endpoints(me: Dossier) -> list[tuple[str, str, dict | None]]:
    """Every /api/v1/me/ endpoint, from the routers themselves, with client1's ids and a body
    that is valid for it (so no schema check answers before the reach check)."""
    bodies = _me_bodies(me)
    values = {
        "key": "contact",
        "item_id": me.job.pk,
        "entry_id": me.note.pk,
        "activity_id": me.own_activity.pk,
        "application_id": me.application.pk,
        "appointment_id": me.upcoming.pk,
    }
    endpoints = []
    for router in (portal_me_router, plans_me_router, appointments_me_router):
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    body = bodies[(method, path)]  # a new endpoint needs a body here
                    url = "/api/v1/me" + path.format(**values)
                    if method == "DELETE":
                        url += "?version=1"
                    endpoints.append((method.lower(), url, body))
    return endpoints


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_no_other_role_reaches_any_mijn_url_or_me_endpoint(dossiers, world, role):
    me = dossiers["client1"]
    browser = Browser(world.users[role])
    before = _snapshot()

    for url in _portal_urls(me):
        for method in ("get", "post"):
            response = browser.page(method, url, {"version": 1, "text": "x"})
            assert response.status_code == 404, (method, url, response.status_code)
    for method, url, body in _me_endpoints(me):
        response = browser.api(method, url, body)
        assert response.status_code == 404, (method, url, response.status_code)

    assert _snapshot() == before
    assert mail.outbox == []


def test_anonymous_is_sent_to_log_in_or_gets_401(dossiers):
    me = dossiers["client1"]
    browser = Browser()
    before = _snapshot()

    for url in _portal_urls(me):
        for method in ("get", "post"):
            response = browser.page(method, url, {"version": 1})
            assert response.status_code == 302, (method, url, response.status_code)
            assert response["Location"].startswith("/accounts/login/"), (method, url)
    for method, url, body in _me_endpoints(me):
        response = browser.api(method, url, body)
        assert response.status_code == 401, (method, url, response.status_code)

    assert _snapshot() == before


def test_client1_reads_his_own_through_every_endpoint(dossiers):
    """The control for the two tests above: each /me/ endpoint answers its client."""
    browser = Browser(dossiers["client1"].user)
    for method, url, body in _me_endpoints(dossiers["client1"]):
        if method != "get":
            continue
        response = browser.api(method, url, body)
        assert response.status_code == 200, (url, response.status_code)


# --- 5. the staff pages of plans and appointments follow core.access -----------------------------

# Which of the furnished clients each role reaches (see the world fixture in tests/conftest.py).
SHARED_TEAM = {"own", "client1", "client2"}
PRIVATE_TEAM = {"private", "sampled"}
REACH: dict[str, set[str]] = {
    "coach": SHARED_TEAM,
    "teammate": SHARED_TEAM,
    "team_lead": SHARED_TEAM,
    "other_coach": PRIVATE_TEAM,
    "other_lead": PRIVATE_TEAM,
    "back_office": {"own"},  # his organisation pays her benefit
    "back_office_uwv": set(),
    "quality_officer": {"sampled"},
    "security_officer": set(),
    "functional_admin": set(),
    "provider_staff": set(),
    "employer": set(),
    "client": set(),
    "foreign_coach": {"foreign"},
}
PLANNERS = {"coach", "teammate", "team_lead", "other_coach", "other_lead", "foreign_coach"}


def _staff_user(world, role: str) -> User:
    return world.foreign_client.coach if role == "foreign_coach" else world.users[role]


def test_the_expected_reach_is_core_access(dossiers, world):
    by_pk = {d.client.pk: key for key, d in dossiers.items()}
    for role, expected in REACH.items():
        reached = {
            by_pk[pk]
            for pk in reachable_clients(_staff_user(world, role)).values_list("pk", flat=True)
        }
        assert reached == expected, role


def _plan_pages(d: Dossier) -> tuple[list[str], list[tuple[str, dict]]]:
    """(pages that only read, changes as (url, form data)) of the coach's plan pages."""
    base = f"/klanten/{d.client.pk}/plan/"
    today = timezone.localdate().isoformat()
    activity = {
        "description": "Overgenomen",
        "owner": ActivityOwner.CLIENT,
        "status": "open",
        "due_on": today,
        "version": d.own_activity.version,
    }
    changes = [
        (f"{base}maken/", {}),
        (f"{base}doelen/nieuw/", {"text": "Overgenomen"}),
        (
            f"{base}doelen/{d.goal.pk}/wijzigen/",
            {"text": "Overgenomen", "version": d.goal.version},
        ),
        (f"{base}doelen/{d.goal.pk}/verwijderen/", {"version": d.goal.version}),
        (f"{base}activiteiten/nieuw/", activity),
        (f"{base}activiteiten/{d.own_activity.pk}/wijzigen/", activity),
        (
            f"{base}activiteiten/{d.own_activity.pk}/verwijderen/",
            {"version": d.own_activity.version},
        ),
        (
            f"{base}sollicitatieplicht/",
            {"applications_required": 9, "obligation_weeks": 2, "version": d.plan.version},
        ),
        (f"{base}participatieladder/", {"rung": 6, "set_on": today, "note": "Overgenomen"}),
    ]
    return [base, f"{base}sollicitaties/"], changes


def _appointment_pages(d: Dossier) -> tuple[list[str], list[str], list[tuple[str, dict]]]:
    """(reads, forms of planners, changes as (url, form data)) of the staff appointment pages."""
    slot = at(working_day(12), 9)
    schedule = f"/afspraken/klanten/{d.client.pk}/nieuw/"
    cancel = f"/afspraken/{d.upcoming.pk}/annuleren/"
    changes = [
        (
            schedule,
            {
                "date": slot.date().isoformat(),
                "start_time": "09:00",
                "end_time": "09:30",
                "kind": "office",
                "location": "Overgenomen",
            },
        ),
        (cancel, {"reason": "Overgenomen", "version": d.upcoming.version}),
        (f"/afspraken/{d.past.pk}/niet-verschenen/", {}),
        (f"/afspraken/{d.past.pk}/gehouden/", {}),
    ]
    return [f"/afspraken/{d.upcoming.pk}/afspraak.ics"], [schedule, cancel], changes


@pytest.mark.parametrize("role", list(REACH))
def test_staff_pages_of_plans_and_appointments_follow_reach(dossiers, world, role):
    browser = Browser(_staff_user(world, role))
    before = _snapshot()

    for key, d in dossiers.items():
        reached = key in REACH[role]
        may_change = reached and role in PLANNERS
        refused = 404 if not reached else 403
        plan_reads, plan_changes = _plan_pages(d)
        appointment_reads, appointment_forms, appointment_changes = _appointment_pages(d)

        for url in plan_reads + appointment_reads:
            response = browser.page("get", url)
            assert response.status_code == (200 if reached else 404), (key, url)
        for url in [u for u, _data in plan_changes[1:]] + appointment_forms:
            response = browser.page("get", url)
            assert response.status_code == (200 if may_change else refused), (key, url)
        if not may_change:
            for url, data in plan_changes + appointment_changes:
                response = browser.page("post", url, data)
                assert response.status_code == refused, (key, url, response.status_code)

    assert _snapshot() == before
    assert mail.outbox == []


def _fresh(d: Dossier) -> Dossier:
    for row in (d.plan, d.goal, d.own_activity):
        try:
            row.refresh_from_db()
        except type(row).DoesNotExist:
            pass
    return d


def test_a_coach_may_change_what_he_reaches(dossiers, world):
    """The control for the refusals above: the same form data does change the plan."""
    d = dossiers["client2"]
    browser = Browser(world.users["coach"])

    for index in range(1, len(_plan_pages(d)[1])):
        url, data = _plan_pages(_fresh(d))[1][index]
        response = browser.page("post", url, data)
        assert response.status_code == 302, (url, response.status_code, _text(response)[:2000])

    assert not Goal.objects.filter(pk=d.goal.pk).exists()
    assert not Activity.objects.filter(pk=d.own_activity.pk).exists()
    assert LadderStep.objects.filter(client=d.client, rung=6).exists()
    assert Plan.objects.get(pk=d.plan.pk).applications_required == 9


def test_staff_of_the_foreign_werkplein_reach_nothing_here_by_appointment_id(dossiers, world):
    browser = Browser(world.foreign_client.coach)
    for key in ("client1", "client2", "own"):
        d = dossiers[key]
        assert browser.page("get", f"/afspraken/{d.upcoming.pk}/afspraak.ics").status_code == 404
        assert browser.page("get", f"/afspraken/{d.upcoming.pk}/annuleren/").status_code == 404


@pytest.mark.parametrize(
    "token", ["onbekend", "a" * 43, "x" * 500, "..%2F..%2Fetc", "%00", "abc.def"]
)
def test_the_calendar_feed_with_an_unknown_token_is_not_found(dossiers, token):
    assert HttpClient().get(f"/afspraken/agenda/{token}.ics").status_code == 404


def test_a_revoked_calendar_feed_is_not_found(dossiers, world):
    coach = world.users["coach"]
    token = appointment_services.renew_calendar_feed(actor=coach)
    url = f"/afspraken/agenda/{token}.ics"
    feed = HttpClient().get(url)
    assert feed.status_code == 200
    assert _leaks(_text(feed)) == []

    appointment_services.revoke_calendar_feed(actor=coach)

    assert HttpClient().get(url).status_code == 404
