"""Bad intake and registration input: a clear Dutch message and nothing half-saved."""

import pytest
from django.test import Client as HttpClient

from werkplein.clients.models import Client
from werkplein.intake.models import Intake, Registration, RegistrationStatus
from werkplein.logbook.models import LogEntry
from werkplein.plans.models import Activity, Plan

from ..bad_input import (
    ABSURD_DATES,
    HUGE_INTS,
    HUGE_TEXT,
    NUL,
    SCRIPT,
    assert_page_refused,
    assert_unchanged,
    snapshot,
)
from ..factories import UserFactory
from .helpers import PUBLIC_URL, intake_post, make_registration, person_post, years_ago

pytestmark = pytest.mark.django_db


def _counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Client, Intake, Plan, Activity, LogEntry, Registration)
    }


def _refused(http, registration, data) -> list[str]:
    before_counts, before = _counts(), snapshot()
    response = http.post(f"/intake/{registration.pk}/", data)
    shown = assert_page_refused(response)
    assert _counts() == before_counts
    assert_unchanged(before)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING
    return shown


@pytest.fixture
def coach(world, login):
    return login(world.users["coach"])


@pytest.mark.parametrize("kind", ["ww", "wia"])
def test_ww_or_wia_without_work_history_is_refused(world, coach, kind):
    registration = make_registration(world, jobs=[])

    shown = _refused(coach, registration, intake_post(world, registration, requested_benefit=kind))

    assert any("vraagt werkervaring" in text for text in shown)


def test_ww_for_a_known_client_with_work_history_in_his_dossier_is_accepted(world, coach):
    from ..factories import ClientFactory

    known = ClientFactory(werkplein=world.zutphen.werkplein, municipality=world.zutphen)
    known.jobs.create(
        werkplein=known.werkplein, employer_name="X", position="Y", started_on="2010-01-01"
    )
    registration = make_registration(world, client=known, jobs=[])
    data = intake_post(world, registration, requested_benefit="ww")
    data.update(
        {k: getattr(known, k) for k in ("first_name", "last_name")},
        date_of_birth=known.date_of_birth.isoformat(),
    )

    assert coach.post(f"/intake/{registration.pk}/", data).status_code == 302


def test_a_minor_is_refused(world, coach):
    registration = make_registration(world)
    data = intake_post(world, registration, date_of_birth=years_ago(17, days=-1).isoformat())

    shown = _refused(coach, registration, data)

    assert any("18 jaar" in text for text in shown)


def test_a_bsn_of_another_client_is_refused_without_showing_him(world, coach):
    other = world.private_team_client
    registration = make_registration(world)

    shown = _refused(coach, registration, intake_post(world, registration, bsn=other.bsn))

    assert any("al ingeschreven bij een andere klant" in text for text in shown)
    page = coach.post(
        f"/intake/{registration.pk}/", intake_post(world, registration, bsn=other.bsn)
    )
    assert other.last_name not in page.content.decode()


def test_a_known_clients_bsn_changed_to_another_clients_is_refused(world, coach):
    registration = make_registration(world, client=world.own_client)
    data = intake_post(world, registration, bsn=world.teammate_client.bsn)

    shown = _refused(coach, registration, data)

    assert any("al ingeschreven bij een andere klant" in text for text in shown)


@pytest.mark.parametrize(
    ("adviser", "message"),
    [
        ("coach", "eigen tweede adviseur"),
        ("back_office", "andere organisatie"),  # Gemeente Zutphen, like the coach
        ("client", "andere partnerorganisatie"),
        ("provider_staff", "andere partnerorganisatie"),
        ("employer", "andere partnerorganisatie"),
        ("functional_admin", "andere partnerorganisatie"),
    ],
)
def test_a_wrong_second_adviser_is_refused(world, coach, adviser, message):
    registration = make_registration(world)
    data = intake_post(world, registration, second_adviser=str(world.users[adviser].pk))

    shown = _refused(coach, registration, data)

    assert any(message in text for text in shown), shown


def test_a_second_adviser_of_another_werkplein_is_refused(world, coach):
    foreign = UserFactory(
        werkplein=world.foreign_client.werkplein,
        organisation=world.foreign_client.municipality,
        role="coach",
    )
    registration = make_registration(world)
    data = intake_post(world, registration, second_adviser=str(foreign.pk))

    shown = _refused(coach, registration, data)

    assert any("andere partnerorganisatie" in text for text in shown)


@pytest.mark.parametrize("text", ["", "   ", None], ids=["empty", "blank", "missing"])
def test_missing_recommendations_are_refused(world, coach, text):
    registration = make_registration(world)

    shown = _refused(coach, registration, intake_post(world, registration, recommendations=text))

    assert any("aanbevelingen" in s for s in shown)


@pytest.mark.parametrize(
    "rung", ["0", "7", "-1", "abc", "3.5", str(2**63), ""], ids=lambda v: f"rung-{v[:6]}"
)
def test_a_ladder_rung_outside_one_to_six_is_refused(world, coach, rung):
    registration = make_registration(world)

    _refused(coach, registration, intake_post(world, registration, ladder_rung=rung))


MALFORMED = {
    "nul-name": {"last_name": NUL},
    "nul-recommendations": {"recommendations": NUL},
    "huge-recommendations": {"recommendations": HUGE_TEXT},
    "huge-strengths": {"strengths": HUGE_TEXT},
    "huge-name": {"last_name": HUGE_TEXT},
    "bad-benefit": {"requested_benefit": "lening"},
    "missing-benefit": {"requested_benefit": None},
    "bad-reliance": {"self_reliance": "x"},
    "bad-route": {"route": "snelweg"},
    "bad-household": {"household": "kasteel"},
    "bijstand-without-household": {"household": None},
    "household-nul": {"household": NUL},
    "bad-barrier": {"barriers": ["language", "geld"]},
    "municipality-text": {"municipality": "abc"},
    "municipality-huge": {"municipality": str(2**70)},
    "municipality-foreign": {"municipality": "__foreign__"},
    "adviser-text": {"second_adviser": "abc"},
    "adviser-huge": {"second_adviser": str(2**63)},
    "hours-huge": {"hours_per_week": str(10**30)},
    "hours-zero": {"hours_per_week": "0"},
    "bsn-letters": {"bsn": "abcdefghi"},
    "bsn-elfproef": {"bsn": "123456789"},
    "postcode": {"postcode": "1234"},
    "step-owner": {"steps-0-owner": "provider"},
    "step-nul": {"steps-0-description": NUL},
    "step-huge": {"steps-0-description": HUGE_TEXT},
    "step-half": {"steps-0-description": "", "steps-0-due_on": "2030-01-01"},
    "job-half": {"jobs-0-employer_name": "X"},
    "job-ends-before": {
        "jobs-0-employer_name": "X",
        "jobs-0-position": "Y",
        "jobs-0-started_on": "2020-01-01",
        "jobs-0-ended_on": "2019-01-01",
    },
    "jobs-management-missing": {"jobs-TOTAL_FORMS": None},
    "jobs-management-text": {"jobs-TOTAL_FORMS": "abc"},
    "steps-management-huge": {"steps-TOTAL_FORMS": str(2**63)},
    "steps-too-many": {"steps-TOTAL_FORMS": "1000"},
    "script": {"last_name": SCRIPT, "recommendations": None},
}
for i, day in enumerate(ABSURD_DATES):
    MALFORMED[f"birth-{i}"] = {"date_of_birth": day}
    if day != "31-12-2026":  # a Dutch date, valid as a due date
        MALFORMED[f"due-{i}"] = {"steps-0-due_on": day}
    MALFORMED[f"job-start-{i}"] = {
        "jobs-0-employer_name": "X",
        "jobs-0-position": "Y",
        "jobs-0-started_on": day,
    }
for i, number in enumerate(HUGE_INTS):
    MALFORMED[f"job-hours-{i}"] = {
        "jobs-0-employer_name": "X",
        "jobs-0-position": "Y",
        "jobs-0-started_on": "2020-01-01",
        "jobs-0-hours_per_week": str(number),
    }


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_intake_input_is_refused_in_dutch(world, coach, case):
    registration = make_registration(world, jobs=[])
    overrides = dict(MALFORMED[case])
    if overrides.get("municipality") == "__foreign__":
        overrides["municipality"] = str(world.foreign_client.municipality_id)

    _refused(coach, registration, intake_post(world, registration, **overrides))


def test_a_script_in_a_name_is_shown_as_text(world, coach):
    registration = make_registration(world)
    page = coach.post(
        f"/intake/{registration.pk}/",
        intake_post(world, registration, last_name=SCRIPT, recommendations=""),
    ).content.decode()

    assert "<script>alert" not in page


PUBLIC_MALFORMED = {
    "nul": {"first_name": NUL},
    "huge": {"last_name": HUGE_TEXT},
    "missing-bsn": {"bsn": "__missing__"},
    "birth-huge": {"date_of_birth": "9999-12-31"},
    "birth-old": {"date_of_birth": "0001-01-01"},
    "birth-text": {"date_of_birth": "gisteren"},
    "hours": {"hours_per_week": str(2**63)},
    "municipality": {"municipality": "-1"},
    "phone": {"phone": "bel me"},
    "email": {"email": "geen-adres"},
    "jobs-too-many": {"jobs-TOTAL_FORMS": "50"},
    "jobs-missing": {"jobs-INITIAL_FORMS": None, "jobs-TOTAL_FORMS": None},
    "level": {"highest_level": "doctor"},
}


@pytest.mark.parametrize("case", PUBLIC_MALFORMED)
def test_malformed_public_registration_is_refused_in_dutch(world, case):
    before = snapshot()

    data = person_post(world, **PUBLIC_MALFORMED[case])
    if data.get("bsn") == "__missing__":
        del data["bsn"]
    response = HttpClient().post(PUBLIC_URL, data)

    assert_page_refused(response)
    assert not Registration.objects.exists()
    assert_unchanged(before)
