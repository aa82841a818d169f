"""Dossier sections edited in place: valid saves are logged and versioned, the rest changes nothing.

Form fields carry the section key as prefix ("education-highest_level"); the hidden "version"
guards against overwriting someone else's change.
"""

import datetime

import pytest
from django.utils import timezone

from werkplein.clients.models import Benefit, BenefitKind, Client, Education, Job
from werkplein.clients.sections import SECTIONS
from werkplein.logbook.models import EntryKind, LogEntry, Visibility

STALE_MESSAGE = "Iemand anders heeft deze gegevens net gewijzigd"


def _url(client, key: str) -> str:
    return f"/klanten/{client.pk}/onderdelen/{key}/wijzigen/"


def post_section(http, client, key, values, version=None, item=None, **kwargs):
    """Posts a section form as the page does: prefixed fields, hidden version and item."""
    data = {f"{key}-{name}": value for name, value in values.items()}
    if version is not None:
        data["version"] = str(version)
    if item is not None:
        data["item"] = str(item.pk)
    return http.post(_url(client, key), data, **kwargs)


def _stored(key: str, client, item=None):
    section = SECTIONS[key]
    if section.model is Client:
        return Client.objects.get(pk=client.pk)
    if section.many:
        return section.model.objects.get(pk=item.pk)
    return section.model.objects.get(client=client)


def _version(key: str, instance) -> int:
    return getattr(instance, SECTIONS[key].version_field)


def _system_entries(client):
    return LogEntry.objects.filter(client=client, kind=EntryKind.SYSTEM)


def _personal(world, **changes) -> dict:
    values = {
        "first_name": "Fatima",
        "name_prefix": "",
        "last_name": "El Amrani",
        "date_of_birth": "1985-06-01",
        "street": "Houtmarkt",
        "house_number": "12",
        "postcode": "7201kl",
        "city": "Zutphen",
        "municipality": str(world.zutphen.pk),
        "phone": "0575 123 456",
        "email": "fatima@voorbeeld.nl",
    }
    return values | changes


def _job(**changes) -> dict:
    values = {
        "employer_name": "Bakkerij De Korenbloem",
        "position": "Hoofdverkoper",
        "started_on": "2015-01-01",
        "ended_on": "2019-06-30",
        "hours_per_week": "24",
        "reason_ended": "",
    }
    return values | changes


def _benefit(world, **changes) -> dict:
    values = {
        "kind": BenefitKind.BIJSTAND,
        "paying_organisation": str(world.zutphen.pk),
        "started_on": (timezone.localdate() - datetime.timedelta(days=90)).isoformat(),
        "expected_end_on": "",
        "monthly_amount_cents": "1300,00",
    }
    return values | changes


# For every section: the full form as posted, what is stored afterwards, and the logbook line.
def valid_edit(key: str, world) -> tuple[dict, dict, str]:
    return {
        "personal": (
            _personal(world),
            {"last_name": "El Amrani", "postcode": "7201 KL", "city": "Zutphen"},
            "→ El Amrani",
        ),
        "guidance": (
            {"segment": "intensive", "contact_frequency_days": "14"},
            {"segment": "intensive", "contact_frequency_days": 14},
            "Begeleiding nodig → Intensieve begeleiding",
        ),
        "education": (
            {
                "highest_level": "mbo3",
                "has_start_qualification": "on",
                "diplomas": "Mbo 3 Logistiek",
                "current_study": "",
            },
            {"highest_level": "mbo3", "has_start_qualification": True},
            "Geen of onbekend → Mbo niveau 3",
        ),
        "work_history": (_job(), {"position": "Hoofdverkoper"}, "Verkoper → Hoofdverkoper"),
        "financial": (
            {
                "household": "couple",
                "housing_costs_cents": "725,50",
                "has_debts": "on",
                "in_debt_counselling": "on",
                "notes": "",
            },
            {"household": "couple", "housing_costs_cents": 72550, "in_debt_counselling": True},
            "Alleenstaand → Samenwonend of gehuwd",
        ),
        "benefits": (
            _benefit(world),
            {"monthly_amount_cents": 130000},
            "€ 1.250,00 → € 1.300,00",
        ),
        "skills": (
            {
                "languages": "Nederlands, Arabisch",
                "driving_licence": "on",
                "digital_skills": "high",
                "skills": "",
            },
            {"digital_skills": "high", "driving_licence": True},
            "Voldoende → Goed",
        ),
        "wishes": (
            {
                "occupations": "Magazijnmedewerker",
                "hours_per_week": "32",
                "region": "Achterhoek",
                "max_travel_minutes": "45",
                "notes": "",
            },
            {"hours_per_week": 32, "region": "Achterhoek"},
            "→ Achterhoek",
        ),
    }[key]


@pytest.fixture
def item_of(job, benefit):
    return lambda key: {"work_history": job, "benefits": benefit}.get(key)


@pytest.mark.parametrize("key", list(SECTIONS))
def test_section_edit_form_opens_with_its_version(world, login, item_of, key):
    item = item_of(key)
    query = {"item": item.pk} if item else {}

    response = login(world.users["coach"]).get(_url(world.own_client, key), query)

    assert response.status_code == 200
    assert 'name="version" value="1"' in response.content.decode()
    assert f'name="{key}-' in response.content.decode()


@pytest.mark.parametrize("key", list(SECTIONS))
def test_valid_section_edit_is_saved(world, login, item_of, key):
    posted, expected, _line = valid_edit(key, world)

    response = post_section(
        login(world.users["coach"]), world.own_client, key, posted, version=1, item=item_of(key)
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    stored = _stored(key, world.own_client, item_of(key))
    assert {name: getattr(stored, name) for name in expected} == expected


@pytest.mark.parametrize("key", list(SECTIONS))
def test_valid_section_edit_increments_the_version(world, login, item_of, key):
    posted, _expected, _line = valid_edit(key, world)

    post_section(
        login(world.users["coach"]), world.own_client, key, posted, version=1, item=item_of(key)
    )

    assert _version(key, _stored(key, world.own_client, item_of(key))) == 2


@pytest.mark.parametrize("key", list(SECTIONS))
def test_valid_section_edit_writes_old_and_new_value_in_the_logbook(world, login, item_of, key):
    posted, _expected, line = valid_edit(key, world)

    post_section(
        login(world.users["coach"]), world.own_client, key, posted, version=1, item=item_of(key)
    )

    entry = _system_entries(world.own_client).get()
    assert line in entry.text
    assert str(SECTIONS[key].title) in entry.text
    assert entry.author == world.users["coach"]
    assert entry.visibility == Visibility.INTERNAL


def test_changing_contact_frequency_moves_the_next_contact_due(world, login):
    client = world.own_client
    Client.objects.filter(pk=client.pk).update(last_contact_at=timezone.now())

    post_section(
        login(world.users["coach"]),
        client,
        "guidance",
        {"segment": "support", "contact_frequency_days": "7"},
        version=1,
    )

    client.refresh_from_db()
    assert client.next_contact_due == timezone.localdate() + datetime.timedelta(days=7)


INVALID_EDITS = [
    pytest.param(
        "personal",
        lambda world: _personal(world, postcode="12345"),
        "Vul een geldige postcode in",
        id="postcode-without-letters",
    ),
    pytest.param(
        "personal",
        lambda world: _personal(
            world, date_of_birth=(timezone.localdate() + datetime.timedelta(days=1)).isoformat()
        ),
        "De geboortedatum ligt in de toekomst.",
        id="date-of-birth-in-future",
    ),
    pytest.param(
        "benefits",
        lambda world: _benefit(world, kind=BenefitKind.WW),
        "Een WW-uitkering wordt betaald door UWV.",
        id="ww-paid-by-a-municipality",
    ),
    pytest.param(
        "benefits",
        lambda world: _benefit(world, expected_end_on="2000-01-01"),
        "De einddatum ligt voor de ingangsdatum.",
        id="benefit-ends-before-it-starts",
    ),
    pytest.param(
        "benefits",
        lambda world: _benefit(world, monthly_amount_cents="-10,00"),
        "Zorg ervoor dat deze waarde minstens 0 is.",
        id="negative-amount",
    ),
    pytest.param(
        "work_history",
        lambda world: _job(started_on="2019-01-01", ended_on="2018-12-31"),
        "De einddatum ligt voor de begindatum.",
        id="job-ends-before-it-starts",
    ),
]


@pytest.mark.parametrize(("key", "values", "message"), INVALID_EDITS)
def test_invalid_section_edit_gives_a_dutch_error(world, login, item_of, key, values, message):
    response = post_section(
        login(world.users["coach"]),
        world.own_client,
        key,
        values(world),
        version=1,
        item=item_of(key),
    )

    assert response.status_code == 422
    assert message in response.content.decode()


@pytest.mark.parametrize(("key", "values", "message"), INVALID_EDITS)
def test_invalid_section_edit_changes_nothing(world, login, item_of, key, values, message):
    before = _stored(key, world.own_client, item_of(key))

    post_section(
        login(world.users["coach"]),
        world.own_client,
        key,
        values(world),
        version=1,
        item=item_of(key),
    )

    after = _stored(key, world.own_client, item_of(key))
    assert [getattr(after, f) for f in SECTIONS[key].fields] == [
        getattr(before, f) for f in SECTIONS[key].fields
    ]
    assert _version(key, after) == 1
    assert not _system_entries(world.own_client).exists()


def test_invalid_edit_keeps_what_the_user_typed(world, login):
    response = post_section(
        login(world.users["coach"]),
        world.own_client,
        "personal",
        _personal(world, postcode="12345", street="Laarstraat"),
        version=1,
    )

    assert 'value="Laarstraat"' in response.content.decode()


EDUCATION = {"highest_level": "mbo2", "diplomas": "Mbo 2", "current_study": ""}


@pytest.fixture
def saved_by_someone_else(world):
    """A colleague saved the education section after our coach opened it at version 1."""
    Education.objects.filter(client=world.own_client).update(highest_level="hbo", version=2)


def test_stale_version_is_refused_with_a_conflict(world, login, saved_by_someone_else):
    response = post_section(
        login(world.users["coach"]), world.own_client, "education", EDUCATION, version=1
    )

    assert response.status_code == 409
    assert STALE_MESSAGE in response.content.decode()


def test_stale_version_shows_the_newer_data(world, login, saved_by_someone_else):
    response = post_section(
        login(world.users["coach"]), world.own_client, "education", EDUCATION, version=1
    )

    html = response.content.decode()
    assert "Nieuwste gegevens" in html
    assert "Hbo" in html
    assert 'name="version" value="2"' in html


def test_stale_version_overwrites_nothing(world, login, saved_by_someone_else):
    post_section(login(world.users["coach"]), world.own_client, "education", EDUCATION, version=1)

    education = Education.objects.get(client=world.own_client)
    assert (education.highest_level, education.version) == ("hbo", 2)
    assert not _system_entries(world.own_client).exists()


@pytest.mark.parametrize("version", [None, "", "abc", "1.0", "-1"])
def test_missing_or_garbage_version_is_refused(world, login, version):
    response = post_section(
        login(world.users["coach"]), world.own_client, "education", EDUCATION, version=version
    )

    assert response.status_code in (400, 409, 422)
    education = Education.objects.get(client=world.own_client)
    assert (education.highest_level, education.version) == ("none", 1)
    assert not _system_entries(world.own_client).exists()


HTMX = {"HX-Request": "true", "HX-Target": "section-education"}


def test_htmx_edit_form_is_only_the_section_partial(world, login):
    response = login(world.users["coach"]).get(_url(world.own_client, "education"), headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card section editing" id="section-education"')
    assert "<html" not in html


def test_htmx_save_returns_only_the_saved_section(world, login):
    response = post_section(
        login(world.users["coach"]),
        world.own_client,
        "education",
        EDUCATION,
        version=1,
        headers=HTMX,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card section" id="section-education"')
    assert "<html" not in html
    assert "Opgeslagen." in html
    assert "Mbo niveau 2" in html


def test_htmx_stale_save_returns_the_conflict_in_the_partial(world, login, saved_by_someone_else):
    response = post_section(
        login(world.users["coach"]),
        world.own_client,
        "education",
        EDUCATION,
        version=1,
        headers=HTMX,
    )

    assert response.status_code == 409
    assert "<html" not in response.content.decode()
    assert STALE_MESSAGE in response.content.decode()


def test_unknown_section_is_not_found(world, login):
    response = login(world.users["coach"]).get(_url(world.own_client, "horoscope"))

    assert response.status_code == 404


# List sections: work history and benefits.


def test_adding_a_job_creates_it_and_logs_it(world, login):
    response = post_section(
        login(world.users["coach"]),
        world.own_client,
        "work_history",
        _job(position="Orderpicker", employer_name="Distributiecentrum Zutphen"),
    )

    assert response.status_code == 302
    job = Job.objects.get(client=world.own_client)
    assert (job.position, job.employer_name) == ("Orderpicker", "Distributiecentrum Zutphen")
    entry = _system_entries(world.own_client).get()
    assert "Werkervaring toegevoegd" in entry.text
    assert "Orderpicker" in entry.text


def test_adding_a_benefit_creates_it(world, login):
    values = _benefit(world, kind=BenefitKind.WW, paying_organisation=str(world.uwv.pk))

    response = post_section(login(world.users["coach"]), world.own_client, "benefits", values)

    assert response.status_code == 302
    assert Benefit.objects.filter(client=world.own_client, kind=BenefitKind.WW).exists()
    assert "Uitkeringen toegevoegd" in _system_entries(world.own_client).get().text


def test_editing_one_job_leaves_the_others_alone(world, login, job):
    other = Job.objects.create(
        werkplein=job.werkplein,
        client=job.client,
        employer_name="Gemeente Zutphen",
        position="Groenvoorziening",
        started_on=datetime.date(2020, 1, 1),
    )

    post_section(
        login(world.users["coach"]), world.own_client, "work_history", _job(), version=1, item=job
    )

    other.refresh_from_db()
    assert (other.position, other.version) == ("Groenvoorziening", 1)


def test_an_item_of_another_client_cannot_be_edited_through_this_dossier(world, login, job):
    """The item must belong to the client in the URL, even if the user reaches both."""
    response = post_section(
        login(world.users["coach"]),
        world.teammate_client,
        "work_history",
        _job(position="Gekaapt"),
        version=1,
        item=job,
    )

    assert response.status_code == 404
    job.refresh_from_db()
    assert job.position == "Verkoper"


def _remove_url(client, key: str) -> str:
    return f"/klanten/{client.pk}/onderdelen/{key}/verwijderen/"


def test_remove_asks_for_confirmation_first(world, login, job):
    response = login(world.users["coach"]).get(
        _remove_url(world.own_client, "work_history"), {"item": job.pk}
    )

    assert response.status_code == 200
    assert "Ja, verwijderen" in response.content.decode()
    assert "Bakkerij De Korenbloem" in response.content.decode()
    assert Job.objects.filter(pk=job.pk).exists()


@pytest.mark.parametrize("key", ["work_history", "benefits"])
def test_confirmed_remove_removes_the_item(world, login, item_of, key):
    item = item_of(key)

    response = login(world.users["coach"]).post(
        _remove_url(world.own_client, key), {"item": item.pk, "version": item.version}
    )

    assert response.status_code == 302
    assert not SECTIONS[key].model.objects.filter(pk=item.pk).exists()


def test_removal_is_written_in_the_logbook_with_what_the_line_said(world, login, job):
    login(world.users["coach"]).post(
        _remove_url(world.own_client, "work_history"), {"item": job.pk, "version": 1}
    )

    entry = _system_entries(world.own_client).get()
    assert "Werkervaring verwijderd" in entry.text
    assert "Bakkerij De Korenbloem" in entry.text
    assert "Verkoper" in entry.text


def test_remove_with_a_stale_version_keeps_the_item(world, login, job):
    Job.objects.filter(pk=job.pk).update(position="Bedrijfsleider", version=2)

    login(world.users["coach"]).post(
        _remove_url(world.own_client, "work_history"), {"item": job.pk, "version": 1}
    )

    assert Job.objects.filter(pk=job.pk).exists()
    assert not _system_entries(world.own_client).exists()


def test_one_to_one_sections_cannot_be_removed(world, login):
    response = login(world.users["coach"]).post(
        _remove_url(world.own_client, "education"), {"version": 1}
    )

    assert response.status_code == 404
    assert Education.objects.filter(client=world.own_client).exists()


def test_back_office_may_edit_benefits(world, login, benefit):
    response = post_section(
        login(world.users["back_office"]),
        world.own_client,
        "benefits",
        _benefit(world),
        version=1,
        item=benefit,
    )

    assert response.status_code == 302
    benefit.refresh_from_db()
    assert benefit.monthly_amount_cents == 130000


def test_back_office_may_not_remove_a_job(world, login, job):
    response = login(world.users["back_office"]).post(
        _remove_url(world.own_client, "work_history"), {"item": job.pk, "version": 1}
    )

    assert response.status_code == 403
    assert Job.objects.filter(pk=job.pk).exists()


@pytest.mark.parametrize("key", ["work_history", "benefits"])
def test_list_section_add_form_opens_without_a_version(world, login, key):
    response = login(world.users["coach"]).get(_url(world.own_client, key))

    assert response.status_code == 200
    assert 'name="version"' not in response.content.decode()
    assert "toevoegen" in response.content.decode()


def test_section_card_is_returned_alone_for_htmx(world, login):
    response = login(world.users["coach"]).get(
        f"/klanten/{world.own_client.pk}/onderdelen/education/", headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card section" id="section-education"')
    assert "<html" not in html


def test_section_card_without_htmx_leads_to_the_dossier(world, login):
    response = login(world.users["coach"]).get(
        f"/klanten/{world.own_client.pk}/onderdelen/education/"
    )

    assert response.status_code == 302
    assert response["Location"] == f"/klanten/{world.own_client.pk}/#section-education"
