"""Mijn gegevens: he sees his data, changes what is his, and asks for corrections of the rest."""

import pytest
from django.core import mail

from werkplein.clients.models import Benefit, Client, Education, Job, Wishes
from werkplein.logbook.models import LogEntry, Visibility

from ..factories import BenefitFactory

PROFILE = "/mijn/gegevens/"


def _edit(key: str) -> str:
    return f"/mijn/gegevens/{key}/wijzigen/"


def _contact(me, **values):
    data = {
        "contact-phone": str(me.phone or ""),
        "contact-email": me.email,
        "version": me.version,
    }
    data.update(values)
    return data


class TestReading:
    def test_profile_shows_his_data_in_plain_language(self, http, me, world):
        BenefitFactory(client=me, paying_organisation=world.zutphen)

        html = http.get(PROFILE).content.decode()

        assert me.full_name in html
        assert me.bsn in html
        assert "Gemeente Zutphen" in html
        assert "Bijstand" in html
        assert "Klopt er iets niet? Vraag uw coach om een correctie" in html
        for key in ("contact", "address", "education", "skills", "wishes"):
            assert _edit(key) in html
        assert "/mijn/gegevens/werkervaring/nieuw/" in html

    def test_a_section_that_is_not_his_to_change_is_not_found(self, http):
        for key in ("personal", "benefits", "guidance", "financial", "onbekend"):
            assert http.get(_edit(key)).status_code == 404

    def test_query_count_does_not_grow_with_rows(
        self, http, me, world, django_assert_max_num_queries
    ):
        for n in range(8):
            Job.objects.create(
                client=me,
                werkplein=me.werkplein,
                employer_name=f"Werkgever {n}",
                position="Magazijn",
                started_on="2020-01-01",
            )
            BenefitFactory(client=me, paying_organisation=world.zutphen)

        with django_assert_max_num_queries(17):  # 17: the menu counts unread messages
            assert http.get(PROFILE).status_code == 200


class TestChanging:
    def test_a_change_takes_effect_and_is_logged_old_to_new_for_him(
        self, http, me, world, on_commit
    ):
        with on_commit():
            response = http.post(_edit("contact"), _contact(me, **{"contact-phone": "0612345678"}))

        assert response.status_code == 302
        fresh = Client.objects.get(pk=me.pk)
        assert fresh.phone.as_e164 == "+31612345678"
        assert fresh.version == me.version + 1
        entry = LogEntry.objects.filter(client=me).latest("id")
        assert entry.visibility == Visibility.CLIENT
        assert entry.generated
        assert "telefoon: — → 06 12345678" in entry.text
        assert entry.author_id == world.users["client"].pk
        logbook = http.get("/mijn/logboek/").content.decode()
        assert "telefoon: — → 06 12345678" in logbook

    def test_his_coach_is_told_by_e_mail_without_personal_content(self, http, me, world, on_commit):
        with on_commit():
            http.post(
                _edit("address"),
                {
                    "address-street": "Nieuwstad",
                    "address-house_number": "12",
                    "address-postcode": "7201NL",
                    "address-city": "Zutphen",
                    "version": me.version,
                },
            )

        assert Client.objects.get(pk=me.pk).postcode == "7201 NL"
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == [world.users["coach"].email]
        assert f"/klanten/{me.pk}/" in message.body
        for personal in ("Nieuwstad", "7201", me.first_name, me.last_name, me.bsn):
            assert personal not in message.body

    def test_sections_of_their_own_table_change_too(self, http, me, on_commit):
        wishes = Wishes.objects.get(client=me)

        with on_commit():
            response = http.post(
                _edit("wishes"),
                {
                    "wishes-occupations": "Kok",
                    "wishes-hours_per_week": "32",
                    "wishes-region": "Zutphen",
                    "wishes-max_travel_minutes": "45",
                    "wishes-notes": "",
                    "version": wishes.version,
                },
            )

        assert response.status_code == 302
        assert Wishes.objects.get(client=me).occupations == "Kok"
        assert "gewenste beroepen: — → Kok" in LogEntry.objects.filter(client=me).latest("id").text

    def test_a_stale_version_is_refused_with_a_clear_message(self, http, me, on_commit):
        Client.objects.filter(pk=me.pk).update(phone="+31687654321", version=me.version + 1)

        with on_commit():
            response = http.post(_edit("contact"), _contact(me, **{"contact-phone": "0612345678"}))

        assert response.status_code == 409
        assert "Uw coach heeft deze gegevens net gewijzigd" in response.content.decode()
        assert Client.objects.get(pk=me.pk).phone.as_e164 == "+31687654321"
        assert not mail.outbox

    @pytest.mark.parametrize(
        ("key", "field", "value", "message"),
        [
            ("address", "postcode", "12345", "Vul een geldige postcode in"),
            ("contact", "phone", "12", "telefoonnummer"),
            ("contact", "email", "geen-adres", "e-mailadres"),
            ("contact", "email", "", "Vul uw e-mailadres in"),
            ("wishes", "hours_per_week", "90", "Vul een aantal uren tussen 1 en 60 in."),
        ],
    )
    def test_invalid_input_gives_a_dutch_message_and_changes_nothing(
        self, http, me, key, field, value, message, on_commit
    ):
        before_entries = LogEntry.objects.count()
        instance = Wishes.objects.get(client=me) if key == "wishes" else me
        data = {f"{key}-{name}": "" for name in ("street", "house_number", "city", "occupations")}
        data.update(_contact(me) if key == "contact" else {"version": instance.version})
        data[f"{key}-{field}"] = value

        with on_commit():
            response = http.post(_edit(key), data)

        assert response.status_code == 422
        assert message in response.content.decode()
        assert Client.objects.get(pk=me.pk).version == me.version
        assert LogEntry.objects.count() == before_entries
        assert not mail.outbox

    def test_a_crafted_post_cannot_change_what_partners_own(self, http, me, on_commit):
        with on_commit():
            http.post(
                _edit("contact"),
                _contact(
                    me,
                    **{
                        "contact-bsn": "111222333",
                        "contact-last_name": "Anders",
                        "contact-date_of_birth": "2000-01-01",
                        "contact-municipality": "999",
                        "bsn": "111222333",
                        "last_name": "Anders",
                        "contact-phone": "0612345678",
                    },
                ),
            )

        fresh = Client.objects.get(pk=me.pk)
        assert (fresh.bsn, fresh.last_name, fresh.date_of_birth, fresh.municipality_id) == (
            me.bsn,
            me.last_name,
            me.date_of_birth,
            me.municipality_id,
        )

    def test_a_new_e_mail_address_becomes_his_login_name(self, http, me, world, on_commit):
        _logs_in_with_his_address(world, me)
        with on_commit():
            http.post(_edit("contact"), _contact(me, **{"contact-email": "Nieuw@Voorbeeld.NL"}))

        world.users["client"].refresh_from_db()
        assert world.users["client"].username == "nieuw@voorbeeld.nl"
        assert world.users["client"].email == "Nieuw@Voorbeeld.NL"

    def test_an_address_that_is_another_accounts_login_is_refused(self, http, me, world):
        _logs_in_with_his_address(world, me)
        taken = world.users["coach"].username

        world.users["coach"].__class__.objects.filter(pk=world.users["coach"].pk).update(
            username=f"{taken}@x.nl"
        )
        response = http.post(_edit("contact"), _contact(me, **{"contact-email": f"{taken}@x.nl"}))

        assert response.status_code == 422
        assert "hoort al bij een ander account" in response.content.decode()
        assert Client.objects.get(pk=me.pk).email == me.email

    def test_nothing_changed_writes_nothing(self, http, me, on_commit):
        with on_commit():
            response = http.post(_edit("contact"), _contact(me))

        assert response.status_code == 302
        assert Client.objects.get(pk=me.pk).version == me.version
        assert not mail.outbox


def _logs_in_with_his_address(world, me) -> None:
    """As an invitation makes it (decision 0005); a short demo login name would stay."""
    account = world.users["client"]
    account.username, account.email = me.email.lower(), me.email
    account.save(update_fields=["username", "email"])


class TestWorkHistory:
    def test_he_adds_and_removes_a_job_both_logged(self, http, me, on_commit):
        with on_commit():
            http.post(
                "/mijn/gegevens/werkervaring/nieuw/",
                {
                    "work_history-employer_name": "Bakkerij Jansen",
                    "work_history-position": "Verkoper",
                    "work_history-started_on": "2019-03-01",
                    "work_history-ended_on": "2021-06-30",
                },
            )
        job = Job.objects.get(client=me)
        confirm = http.get(f"/mijn/gegevens/werkervaring/{job.pk}/verwijderen/")
        with on_commit():
            http.post(
                f"/mijn/gegevens/werkervaring/{job.pk}/verwijderen/", {"version": job.version}
            )

        assert "Weet u het zeker?" in confirm.content.decode()
        assert not Job.objects.filter(client=me).exists()
        texts = list(
            LogEntry.objects.filter(client=me, visibility="client").values_list("text", flat=True)
        )
        assert any("toegevoegd" in t and "Bakkerij Jansen" in t for t in texts)
        assert any("verwijderd" in t and "Bakkerij Jansen" in t for t in texts)
        assert len(mail.outbox) == 2

    def test_an_end_before_the_start_is_refused(self, http, me):
        response = http.post(
            "/mijn/gegevens/werkervaring/nieuw/",
            {
                "work_history-employer_name": "Bakkerij Jansen",
                "work_history-position": "Verkoper",
                "work_history-started_on": "2021-03-01",
                "work_history-ended_on": "2020-06-30",
            },
        )

        assert response.status_code == 422
        assert "De einddatum ligt voor de begindatum." in response.content.decode()
        assert not Job.objects.exists()

    def test_another_clients_job_is_not_found(self, http, world):
        job = Job.objects.create(
            client=world.own_client,
            werkplein=world.own_client.werkplein,
            employer_name="X",
            position="Y",
            started_on="2020-01-01",
        )

        assert http.get(f"/mijn/gegevens/werkervaring/{job.pk}/verwijderen/").status_code == 404
        assert (
            http.post(
                f"/mijn/gegevens/werkervaring/{job.pk}/verwijderen/", {"version": 1}
            ).status_code
            == 404
        )
        assert Job.objects.filter(pk=job.pk).exists()


class TestCorrection:
    def test_a_correction_request_reaches_logbook_and_coach(self, http, me, world, on_commit):
        with on_commit():
            response = http.post(
                "/mijn/gegevens/correctie/",
                {
                    "subject": "date_of_birth",
                    "text": "Mijn geboortedatum is 3 maart, niet 3 mei.",
                },
            )

        assert response.status_code == 302
        entry = LogEntry.objects.filter(client=me).latest("id")
        assert entry.visibility == Visibility.CLIENT
        assert "Verzoek om correctie: Mijn geboortedatum" in entry.text
        assert "3 maart" in entry.text
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [world.users["coach"].email]
        assert "3 maart" not in mail.outbox[0].body
        assert Client.objects.get(pk=me.pk).date_of_birth == me.date_of_birth

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"subject": "date_of_birth", "text": ""}, "Schrijf wat er niet klopt."),
            ({"subject": "date_of_birth", "text": "x" * 2001}, "Uw tekst is te lang"),
            ({"subject": "iets", "text": "klopt niet"}, "Kies wat er niet klopt."),
        ],
    )
    def test_a_bad_request_is_refused_in_dutch(self, http, me, data, message, on_commit):
        with on_commit():
            response = http.post("/mijn/gegevens/correctie/", data)

        assert response.status_code == 422
        assert message in response.content.decode()
        assert not LogEntry.objects.filter(client=me, text__contains="correctie").exists()
        assert not mail.outbox


def test_unchanged_benefits_and_education_stay_read_only(http, me, world):
    benefit = BenefitFactory(client=me, paying_organisation=world.zutphen)
    http.post(_edit("benefits"), {"benefits-monthly_amount_cents": "1"})

    assert Benefit.objects.get(pk=benefit.pk).monthly_amount_cents == benefit.monthly_amount_cents
    assert Education.objects.filter(client=me).exists()
