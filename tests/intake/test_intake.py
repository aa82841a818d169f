"""The intake of a registration: one form, one POST, one transaction."""

import datetime

import pytest
from django.core import mail

from werkplein.allocation.models import CoachProposal
from werkplein.audit.models import AccessEvent, Purpose, Relation
from werkplein.benefits.data import household_known
from werkplein.benefits.models import SearchPeriod
from werkplein.clients.models import (
    Client,
    Education,
    FinancialSituation,
    Household,
    Job,
    Segment,
    Wishes,
)
from werkplein.intake import services
from werkplein.intake.models import Intake, Registration, RegistrationStatus, Route, RoutingRule
from werkplein.logbook.models import LogEntry, Visibility
from werkplein.plans.models import Activity, LadderStep, Plan

from ..bad_input import assert_page_refused
from ..factories import ClientFactory, UserFactory
from .helpers import intake_post, make_registration, years_ago

pytestmark = pytest.mark.django_db


INTAKE_PAGE_QUERIES = 19  # as measured; reading the known jobs again, or per job, passes it


def _url(registration) -> str:
    return f"/intake/{registration.pk}/"


def _hold(login, user, registration, data):
    return login(user).post(_url(registration), data)


def test_the_intake_page_opens_pre_filled_and_logs_the_read(world, login):
    registration = make_registration(world)

    response = login(world.users["coach"]).get(_url(registration))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Bakker"' in body
    assert 'value="Bakkerij De Korenschoof"' in body
    assert AccessEvent.objects.filter(
        user=world.users["coach"], purpose=Purpose.REGISTRATION, relation=Relation.INTAKE
    ).exists()


def test_an_intake_creates_the_client_and_everything_at_once(world, login, routing):
    coach = world.users["coach"]
    registration = make_registration(world, date_of_birth=years_ago(34))

    response = _hold(login, coach, registration, intake_post(world, registration))

    held = Intake.objects.get(registration=registration)
    assert response.status_code == 302
    assert response["Location"] == f"/intake/verslag/{held.pk}/"
    client = held.client
    assert client.bsn == registration.bsn
    assert client.last_name == "Bakker"
    assert client.municipality == world.zutphen
    assert Education.objects.get(client=client).highest_level == "mbo2"
    assert Wishes.objects.get(client=client).occupations == "Verkoop"
    assert list(Job.objects.filter(client=client).values_list("employer_name", flat=True)) == [
        "Bakkerij De Korenschoof"
    ]
    assert (held.held_by, held.held_by_organisation) == (coach, world.zutphen)
    assert held.second_adviser is None and not held.is_duo
    assert held.requested_benefit == "bijstand"
    assert held.paying_organisation == world.zutphen
    assert held.barriers == ["language", "debts"]
    assert client.segment == Segment.SUPPORT
    assert client.coach is None  # the team lead confirms the proposal
    assert LadderStep.objects.get(client=client).rung == 3
    plan = Plan.objects.get(client=client)
    assert [a.description for a in Activity.objects.filter(plan=plan).order_by("id")] == [
        "Eerste stap 1",
        "Eerste stap 2",
    ]
    registration.refresh_from_db()
    assert (registration.status, registration.client) == (RegistrationStatus.DONE, client)
    assert LogEntry.objects.filter(client=client, text__startswith="Intake gehouden door").exists()


def test_empty_step_rows_with_the_default_owner_are_skipped(world, login):
    registration = make_registration(world)
    data = intake_post(world, registration, steps=1)
    data.update({"steps-1-owner": "client", "steps-2-owner": "coach", "steps-2-due_on": ""})

    response = _hold(login, world.users["coach"], registration, data)

    assert response.status_code == 302
    held = Intake.objects.get(registration=registration)
    assert Activity.objects.filter(plan__client=held.client).count() == 1


def test_a_step_with_a_date_but_no_text_is_refused(world, login):
    registration = make_registration(world)
    data = intake_post(world, registration, steps=0)
    data.update({"steps-0-owner": "client", "steps-0-due_on": "2099-01-01"})

    response = _hold(login, world.users["coach"], registration, data)

    assert response.status_code == 200
    assert not Intake.objects.exists()


def test_the_summary_does_not_link_a_dossier_out_of_reach(world, login):
    registration = make_registration(world)
    http = login(world.users["coach"])
    response = http.post(_url(registration), intake_post(world, registration), follow=True)

    body = response.content.decode()
    assert "Verslag van de intake" in body
    assert "/klanten/" not in body.split("<main", 1)[-1]


def test_the_summary_shows_the_steps_agreed_at_the_intake_not_the_plan_as_it_is_now(world, login):
    """An adviser keeps his summary after the client moved on; the plan the client's later coach
    writes is not his to read."""
    registration = make_registration(world)
    http = login(world.users["coach"])
    http.post(_url(registration), intake_post(world, registration))
    held = Intake.objects.get(registration=registration)
    plan = Plan.objects.get(client=held.client)
    Activity.objects.create(
        werkplein=plan.werkplein, plan=plan, description="Schuldhulp aanvragen bij de gemeente"
    )

    body = http.get(f"/intake/verslag/{held.pk}/").content.decode()

    assert [s["description"] for s in held.agreed_first_steps()] == [
        "Eerste stap 1",
        "Eerste stap 2",
    ]
    assert "Eerste stap 1" in body and "Eerste stap 2" in body
    assert "Schuldhulp" not in body


def test_a_duo_intake_records_both_advisers_and_organisations(world, login):
    coach, partner = world.users["coach"], world.users["back_office_uwv"]
    registration = make_registration(world)

    _hold(
        login,
        coach,
        registration,
        intake_post(world, registration, second_adviser=str(partner.pk)),
    )

    held = Intake.objects.get(registration=registration)
    assert held.is_duo
    assert (held.held_by, held.held_by_organisation) == (coach, world.zutphen)
    assert (held.second_adviser, held.second_organisation) == (partner, world.uwv)
    entry = LogEntry.objects.get(client=held.client, text__startswith="Intake gehouden door")
    assert "Gemeente Zutphen" in entry.text and "UWV" in entry.text


def test_a_known_client_is_confirmed_and_corrected_not_registered_twice(world, login):
    known = world.private_team_client
    registration = make_registration(
        world, client=known, city="Warnsveld", municipality=world.lochem
    )
    before = Client.objects.count()

    page = login(world.users["team_lead"]).get(_url(registration)).content.decode()
    assert f'value="{known.last_name}"' in page  # the known value, to confirm
    assert "Warnsveld" in page  # the submitted difference, shown next to it
    assert "bekend: Gemeente Zutphen; opgegeven: Gemeente Lochem" in page

    data = intake_post(world, registration, last_name=known.last_name, first_name=known.first_name)
    _hold(login, world.users["team_lead"], registration, data)

    assert Client.objects.count() == before
    known.refresh_from_db()
    assert known.city == "Warnsveld"
    assert Intake.objects.get(registration=registration).client == known
    assert known.coach == world.users["other_coach"]  # he keeps his coach
    assert LogEntry.objects.filter(client=known, text__contains="Warnsveld").exists()


def test_a_bijstand_intake_records_the_household_so_the_municipality_has_it(world, login):
    registration = make_registration(world)
    data = intake_post(world, registration, household="single")  # equal to the default
    assert _hold(login, world.users["coach"], registration, data).status_code == 302
    held = Intake.objects.get(registration=registration)

    finances = FinancialSituation.objects.get(client=held.client)
    assert finances.household == Household.SINGLE
    assert household_known(finances)  # the bijstand completeness check counts it as known
    entry = LogEntry.objects.get(client=held.client, text__startswith="Leefsituatie")
    assert entry.text == "Leefsituatie vastgelegd bij de intake: Alleenstaand"


def test_a_bijstand_intake_without_the_household_is_refused_and_saves_nothing(world, login):
    registration = make_registration(world)
    before = Client.objects.count()
    response = login(world.users["coach"]).post(
        _url(registration), intake_post(world, registration, household="")
    )
    assert any("leefsituatie" in t for t in assert_page_refused(response))
    assert Client.objects.count() == before and not Intake.objects.exists()


def test_the_household_is_not_asked_for_other_benefits(world, login):
    registration = make_registration(world)
    data = intake_post(world, registration, household="", requested_benefit="none")
    assert _hold(login, world.users["coach"], registration, data).status_code == 302
    held = Intake.objects.get(registration=registration)
    assert not household_known(FinancialSituation.objects.get(client=held.client))


def test_a_known_clients_household_is_shown_and_a_change_is_logged(world, login):
    known = world.private_team_client
    finances = FinancialSituation.objects.get(client=known)
    FinancialSituation.objects.filter(pk=finances.pk).update(
        household=Household.COUPLE, version=finances.version + 1
    )
    # Read afresh: the known client's instance still holds the section as it was created.
    registration = Registration.objects.get(pk=make_registration(world, client=known).pk)
    page = login(world.users["team_lead"]).get(_url(registration)).content.decode()
    assert '<option value="couple" selected>' in page

    data = intake_post(
        world,
        registration,
        household="couple_children",
        last_name=known.last_name,
        first_name=known.first_name,
    )
    assert _hold(login, world.users["team_lead"], registration, data).status_code == 302

    assert FinancialSituation.objects.get(client=known).household == Household.COUPLE_CHILDREN
    entry = LogEntry.objects.get(client=known, text__icontains="leefsituatie")
    assert entry.text.startswith("Financiële situatie gewijzigd bij de intake")
    assert "Samenwonend of gehuwd → Samenwonend of gehuwd met kinderen" in entry.text


def test_the_intake_shows_the_jobs_already_in_the_dossier(world, login):
    known = world.private_team_client
    Job.objects.create(
        werkplein=known.werkplein,
        client=known,
        employer_name="Bakkerij Hendriks",
        position="Broodbakker",
        started_on=datetime.date(2019, 4, 1),
    )
    registration = make_registration(world, client=known)

    page = login(world.users["team_lead"]).get(_url(registration)).content.decode()

    assert "Werkervaring al in het dossier" in page
    assert "Broodbakker, Bakkerij Hendriks (1-4-2019)" in page


@pytest.mark.parametrize(
    ("age", "team_name"),
    [(18, "Jongeren"), (26, "Jongeren"), (45, "45-plus"), (60, "45-plus"), (30, None)],
    ids=["18", "26", "45", "60", "30-no-rule"],
)
def test_routing_by_age(world, login, routing, age, team_name):
    registration = make_registration(world, date_of_birth=years_ago(age))

    _hold(login, world.users["coach"], registration, intake_post(world, registration))

    held = Intake.objects.get(registration=registration)
    assert (held.team.name if held.team else None) == team_name
    assert (held.client.team.name if held.client.team else None) == team_name


def test_the_fallback_rule_catches_the_rest_and_inactive_rules_are_skipped(world, login, routing):
    young, _older = routing
    young.active = False
    young.save()
    RoutingRule.objects.create(
        werkplein=world.zutphen.werkplein, position=99, name="Rest", team=world.team_private
    )
    registration = make_registration(world, date_of_birth=years_ago(20))

    _hold(login, world.users["coach"], registration, intake_post(world, registration))

    held = Intake.objects.get(registration=registration)
    assert (held.team, held.routing_rule.name) == (world.team_private, "Rest")


def test_a_rule_for_one_benefit_kind_only_matches_that_kind(world, login):
    wp = world.zutphen.werkplein
    RoutingRule.objects.create(
        werkplein=wp, position=1, name="WW", benefit_kind="ww", team=world.team_private
    )
    RoutingRule.objects.create(werkplein=wp, position=2, name="Rest", team=world.team_shared)
    registration = make_registration(world)

    _hold(login, world.users["coach"], registration, intake_post(world, registration))

    assert Intake.objects.get(registration=registration).team == world.team_shared


def test_an_early_school_leaver_gets_route_school_first_with_three_steps(world, login):
    registration = make_registration(
        world, date_of_birth=years_ago(19), has_start_qualification=False, highest_level="vmbo"
    )

    page = login(world.users["coach"]).get(_url(registration)).content.decode()

    assert 'value="school_first" selected' in page
    assert "Terug naar school" in page
    assert "werkend leren" in page
    assert "solliciteer op een baan" in page


@pytest.mark.parametrize(
    ("age", "qualified"), [(23, False), (19, True)], ids=["23-unqualified", "19-qualified"]
)
def test_no_school_first_for_others(world, login, age, qualified):
    registration = make_registration(
        world, date_of_birth=years_ago(age), has_start_qualification=qualified
    )

    page = login(world.users["coach"]).get(_url(registration)).content.decode()

    assert 'value="school_first" selected' not in page


def test_the_school_first_steps_become_the_plan(world, login):
    today = datetime.date.today()
    registration = make_registration(
        world, date_of_birth=years_ago(19), has_start_qualification=False
    )
    data = intake_post(world, registration, steps=0, route=Route.SCHOOL_FIRST)
    for i, step in enumerate(services.school_first_steps(today)):
        data[f"steps-{i}-description"] = str(step["description"])
        data[f"steps-{i}-owner"] = step["owner"]
        data[f"steps-{i}-due_on"] = step["due_on"].isoformat()

    _hold(login, world.users["coach"], registration, data)

    held = Intake.objects.get(registration=registration)
    assert held.route == Route.SCHOOL_FIRST
    assert Activity.objects.filter(plan__client=held.client).count() == 3


def test_the_client_sees_recommendations_and_first_steps_in_his_portal_at_once(world, login):
    registration = make_registration(world, client=world.client_user_client)

    _hold(login, world.users["coach"], registration, intake_post(world, registration))

    portal = login(world.users["client"])
    home = portal.get("/mijn/").content.decode()
    assert "Volg een taalcursus en solliciteer op logistieke banen." in home
    assert "Eerste stap 1" in home
    plan = portal.get("/mijn/plan/").content.decode()
    assert "Eerste stap 1" in plan and "Eerste stap 2" in plan
    entry = LogEntry.objects.get(client=world.client_user_client, text__contains="taalcursus")
    assert entry.visibility == Visibility.CLIENT


def test_an_invitation_to_mijn_werkplein_is_sent_after_the_intake(
    world, login, django_capture_on_commit_callbacks
):
    registration = make_registration(world, email="piet.bakker@voorbeeld.nl")

    with django_capture_on_commit_callbacks(execute=True):
        _hold(
            login,
            world.users["coach"],
            registration,
            intake_post(world, registration, invite="on"),
        )

    client = Intake.objects.get(registration=registration).client
    assert client.user is not None
    assert client.user.username == "piet.bakker@voorbeeld.nl"
    assert [m.to for m in mail.outbox] == [["piet.bakker@voorbeeld.nl"]]


def test_no_invitation_unless_asked(world, login, django_capture_on_commit_callbacks):
    registration = make_registration(world)

    with django_capture_on_commit_callbacks(execute=True):
        _hold(login, world.users["coach"], registration, intake_post(world, registration))

    assert Intake.objects.get(registration=registration).client.user is None
    assert not mail.outbox


def test_a_double_submit_makes_one_intake(world, login):
    registration = make_registration(world)
    http = login(world.users["coach"])
    data = intake_post(world, registration)

    first = http.post(_url(registration), data)
    second = http.post(_url(registration), data)

    held = Intake.objects.get(registration=registration)
    assert first["Location"] == second["Location"] == f"/intake/verslag/{held.pk}/"
    assert http.get(_url(registration))["Location"] == f"/intake/verslag/{held.pk}/"
    assert Client.objects.filter(bsn=registration.bsn).count() == 1


def test_a_save_that_loses_the_race_lands_on_the_summary(world, login, monkeypatch):
    registration = make_registration(world)
    data = intake_post(world, registration)
    real = services.hold_intake

    def other_click_first(*, actor, registration, data):
        real(actor=actor, registration=registration, data=data)  # the other request
        return real(actor=actor, registration=registration, data=data)

    monkeypatch.setattr(services, "hold_intake", other_click_first)

    response = login(world.users["coach"]).post(_url(registration), data)

    held = Intake.objects.get(registration=registration)
    assert response["Location"] == f"/intake/verslag/{held.pk}/"


def test_a_withdrawn_registration_is_not_found(world, login):
    registration = make_registration(world)
    registration.status = "withdrawn"
    registration.save()

    assert login(world.users["coach"]).get(_url(registration)).status_code == 404


def test_the_service_refuses_a_registration_already_done(world):
    registration = make_registration(world)
    coach = world.users["coach"]
    form_data = _service_data(world, registration)
    services.hold_intake(actor=coach, registration=registration, data=form_data)

    with pytest.raises(services.ValidationError, match="al afgehandeld"):
        services.hold_intake(actor=coach, registration=registration, data=form_data)
    assert Intake.objects.count() == 1


def _service_data(world, registration) -> dict:
    submitted = registration.data
    return {
        **{k: submitted[k] for k in services.PERSON_FIELDS if k not in ("municipality",)},
        "date_of_birth": datetime.date.fromisoformat(submitted["date_of_birth"]),
        "municipality": world.zutphen,
        "highest_level": submitted["highest_level"],
        "has_start_qualification": submitted["has_start_qualification"],
        "occupations": "",
        "hours_per_week": None,
        "region": "",
        "jobs": [],
        "second_adviser": None,
        "requested_benefit": "none",
        "household": "",
        "self_reliance": "self_reliant",
        "ladder_rung": 4,
        "barriers": [],
        "strengths": "",
        "route": "work_first",
        "recommendations": "Solliciteer.",
        "steps": [],
        "invite": False,
    }


def test_the_segment_follows_self_reliance_and_care_first(world):
    coach = world.users["coach"]
    for reliance, route, segment in [
        ("self_reliant", "work_first", Segment.WORK_READY),
        ("intensive", "training", Segment.INTENSIVE),
        ("needs_support", "care_first", Segment.CARE_FIRST),
    ]:
        registration = make_registration(world)
        data = {**_service_data(world, registration), "self_reliance": reliance, "route": route}
        held = services.hold_intake(actor=coach, registration=registration, data=data)
        assert held.client.segment == segment, reliance


def test_a_routed_client_gets_a_coach_proposal_and_an_under_27_asking_bijstand_a_search_period(
    world, routing
):
    registration = make_registration(world, date_of_birth=years_ago(20))
    data = {
        **_service_data(world, registration),
        "requested_benefit": "bijstand",
        "household": "single",
    }

    held = services.hold_intake(actor=world.users["coach"], registration=registration, data=data)

    proposal = CoachProposal.objects.get(client=held.client)
    assert proposal.team == world.team_shared
    assert proposal.proposed_coach in (world.users["coach"], world.users["teammate"])
    assert held.client.coach is None  # the team lead confirms
    period = SearchPeriod.objects.get(client=held.client)
    assert period.starts_on == held.held_on


@pytest.mark.parametrize(
    ("age", "kind"), [(27, "bijstand"), (20, "none")], ids=["27-bijstand", "20-none"]
)
def test_no_search_period_for_others(world, routing, age, kind):
    registration = make_registration(world, date_of_birth=years_ago(age))
    data = {**_service_data(world, registration), "requested_benefit": kind, "household": "single"}

    held = services.hold_intake(actor=world.users["coach"], registration=registration, data=data)

    assert not SearchPeriod.objects.filter(client=held.client).exists()


def test_no_coach_proposal_without_a_team(world):
    registration = make_registration(world)

    held = services.hold_intake(
        actor=world.users["coach"],
        registration=registration,
        data=_service_data(world, registration),
    )

    assert held.team is None
    assert not CoachProposal.objects.filter(client=held.client).exists()


def test_a_known_client_with_a_coach_keeps_him_and_gets_no_proposal(world, routing):
    known = world.own_client
    registration = make_registration(world, client=known)
    data = _service_data(world, registration)
    for key in ("first_name", "name_prefix", "last_name", "date_of_birth"):
        data[key] = getattr(known, key)

    services.hold_intake(actor=world.users["team_lead"], registration=registration, data=data)

    known.refresh_from_db()
    assert (known.coach, known.team) == (world.users["coach"], world.team_shared)
    assert not CoachProposal.objects.filter(client=known).exists()


def test_a_user_without_an_organisation_cannot_hold_an_intake(world):
    lonely = UserFactory(werkplein=world.zutphen.werkplein, role="coach", organisation=None)
    registration = make_registration(world)

    with pytest.raises(services.PermissionDenied):
        services.hold_intake(
            actor=lonely, registration=registration, data=_service_data(world, registration)
        )


def test_known_data_changed_after_opening_the_intake_are_not_overwritten(world, login):
    """A colleague corrects the known client's phone while the intake is open: saving the
    intake does not put the old number back; the form shows the new data and nothing is
    saved until the adviser saves again."""
    known = world.private_team_client
    registration = make_registration(world, client=known)
    http = login(world.users["coach"])
    opened = http.get(_url(registration))
    state = opened.context["form"]["known_state"].value()
    assert state
    data = intake_post(world, registration, known_state=state, phone="06 11111111")
    Client.objects.filter(pk=known.pk).update(phone="+31622222222", email="nieuw@voorbeeld.nl")

    response = http.post(_url(registration), data)

    assert response.status_code == 200
    assert "gewijzigd nadat u de intake opende" in response.content.decode()
    assert response.context["form"]["email"].value() == "nieuw@voorbeeld.nl"
    known.refresh_from_db()
    assert "22222222" in str(known.phone).replace(" ", "")
    assert known.email == "nieuw@voorbeeld.nl"
    assert not Intake.objects.filter(registration=registration).exists()

    again = http.post(_url(registration), _form_data(response.context))
    assert again.status_code == 302
    assert Intake.objects.filter(registration=registration).exists()


def test_a_household_changed_after_opening_the_intake_is_not_overwritten(world, login):
    """A colleague records the household while the intake is open: the refused save shows his
    value, and saving again keeps it rather than the stale one."""
    known = world.private_team_client
    registration = make_registration(world, client=known)
    http = login(world.users["coach"])
    state = http.get(_url(registration)).context["form"]["known_state"].value()
    data = intake_post(world, registration, known_state=state, household="single")
    finances = FinancialSituation.objects.get(client=known)
    FinancialSituation.objects.filter(pk=finances.pk).update(
        household=Household.COUPLE, version=finances.version + 1
    )

    response = http.post(_url(registration), data)

    assert "gewijzigd nadat u de intake opende" in response.content.decode()
    assert response.context["form"]["household"].value() == Household.COUPLE
    again = http.post(_url(registration), _form_data(response.context))
    assert again.status_code == 302
    assert FinancialSituation.objects.get(client=known).household == Household.COUPLE


def test_the_intake_page_of_a_known_client_reads_in_constant_queries(
    world, login, django_assert_max_num_queries
):
    """Known values (jobs included) are read once for the form, the fingerprint and the list."""
    known = world.private_team_client
    for year in range(2015, 2020):
        Job.objects.create(
            werkplein=known.werkplein,
            client=known,
            employer_name=f"Werkgever {year}",
            position="Magazijnmedewerker",
            started_on=datetime.date(year, 1, 1),
        )
    registration = make_registration(world, client=known)
    http = login(world.users["coach"])
    http.get(_url(registration))  # warms the session and caches
    with django_assert_max_num_queries(INTAKE_PAGE_QUERIES):
        assert http.get(_url(registration)).status_code == 200


def _form_data(context) -> dict:
    """What the browser posts back from the re-shown intake page."""
    data = {}
    for form in (context["form"], *context["jobs"], *context["steps"]):
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value
    for formset in (context["jobs"], context["steps"]):
        for field in formset.management_form:
            data[field.html_name] = field.value()
    return data


def test_a_client_registered_with_the_bsn_since_the_web_registration_is_confirmed_not_doubled(
    world, login
):
    """The job seeker registered on the web; before his intake a colleague registered him at
    the counter (or a partner through the API). The intake shows the known client's data and
    saves on the first try, for that one client."""
    registration = make_registration(world)
    since = ClientFactory(
        werkplein=world.own_client.werkplein,
        municipality=world.zutphen,
        bsn=registration.bsn,
        last_name="Brinkhorst",
    )
    http = login(world.users["coach"])

    opened = http.get(_url(registration))

    assert opened.context["form"]["last_name"].value() == "Brinkhorst"
    assert opened.context["form"]["known_state"].value()
    response = http.post(_url(registration), _form_data(opened.context) | _conversation())
    assert response.status_code == 302, response.context["form"].errors
    held = Intake.objects.get(registration=registration)
    assert held.client == since
    assert Client.objects.filter(bsn=registration.bsn).count() == 1


def _conversation() -> dict:
    """The intake's own questions, as an adviser fills them in."""
    return {
        "requested_benefit": "none",
        "self_reliance": "self_reliant",
        "ladder_rung": "4",
        "route": "work_first",
        "recommendations": "Solliciteer op banen in de verkoop.",
    }
