"""The back office sends a question back to the coach instead of refusing: the application is
"returned" (still open, out of the decision), the coach answers and it is back in the queue.

world.own_client: coach's client, bijstand to Gemeente Zutphen (back_office). The teammate's
client gets WW applications to UWV (back_office_uwv), who reaches him only through them.
"""

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.bad_input import (
    BAD_VERSIONS,
    HUGE_TEXT,
    NUL,
    assert_page_refused,
    assert_unchanged,
    snapshot,
)
from werkplein.benefits import services
from werkplein.benefits.models import (
    ApplicationQuestion,
    ApplicationStatus,
    BenefitApplication,
    BenefitEndSignal,
)
from werkplein.clients.models import BenefitKind, Client
from werkplein.core.access import reachable_clients
from werkplein.logbook.models import LogEntry, Visibility
from werkplein.notifications.models import (
    Channel,
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
    OutgoingMessage,
)
from werkplein.notifications.notices import render

from .conftest import (
    complete_for_bijstand,
    complete_for_ww,
    days,
    make_application,
    make_period,
    make_question,
    make_ww_benefit,
)

QUESTION = "Klopt het dat de klant per 1 maart bij zijn moeder woont? Graag een huurcontract."
ANSWER = "Ja, sinds 1 maart. Het huurcontract staat nu in het dossier."
BAD_IDS = ["abc", "-1", "0", str(2**63), "9" * 40, "1.5", "%00"]


def _ask_url(application):
    return reverse("benefits:ask", args=[application.pk])


def _answer_url(application):
    return reverse("benefits_dossier:answer", args=[application.client_id, application.pk])


def _ask(http, application, **data):
    values = {"question": QUESTION, "version": application.version}
    values.update(data)
    return http.post(_ask_url(application), values)


def _answer(http, application, **data):
    values = {"answer": ANSWER, "version": application.version}
    values.update(data)
    return http.post(_answer_url(application), values)


def _returned(application, by, question=QUESTION):
    """The application as the back office `by` left it after asking (through the service)."""
    with transaction.atomic():
        return services.ask_coach(
            actor=by, application=application, question=question, version=application.version
        )


def _snapshot():
    rows = snapshot()
    for model in apps.get_app_config("benefits").get_models():
        rows[model._meta.label] = list(model._default_manager.order_by("pk").values())
    rows["notifications.OutgoingMessage"] = list(OutgoingMessage.objects.values())
    return rows


@pytest.fixture
def uwv_application(world):
    """A submitted, complete WW application of the teammate's client to UWV."""
    complete_for_ww(world.teammate_client)
    return make_application(world.teammate_client, kind=BenefitKind.WW, organisation=world.uwv)


class TestAsk:
    def test_ask_returns_the_application_logs_internally_and_tells_the_coach(
        self, world, login, bijstand_application, django_capture_on_commit_callbacks
    ):
        client = world.own_client
        coach = world.users["coach"]
        # The coach chose SMS for work waiting for him: the notice is of kind "work".
        NotificationPreference.objects.create(
            user=coach, kind=NotificationKind.WORK, channel=Channel.SMS
        )
        NotificationSettings.objects.create(user=coach, mobile="+31612345678")
        http = login(world.users["back_office"])
        with django_capture_on_commit_callbacks(execute=True):
            response = _ask(http, bijstand_application)
        assert response.status_code == 302 and response["Location"] == reverse("benefits:queue")
        application = BenefitApplication.objects.get()
        assert application.status == ApplicationStatus.RETURNED and application.version == 2
        question = ApplicationQuestion.objects.get()
        assert (question.application, question.werkplein) == (application, client.werkplein)
        assert question.question == QUESTION
        assert question.asked_by == world.users["back_office"]
        assert question.asked_at is not None
        assert (question.answer, question.answered_by, question.answered_at) == ("", None, None)
        entry = LogEntry.objects.get(client=client)
        assert entry.visibility == Visibility.INTERNAL
        assert entry.text == (
            "De backoffice van Gemeente Zutphen heeft de coach een vraag gesteld over de "
            "aanvraag Bijstand."
        )
        assert "huurcontract" not in entry.text
        message = OutgoingMessage.objects.get()
        assert (message.recipient_user, message.notice, message.channel) == (
            coach,
            "benefits.question_coach",
            Channel.SMS,
        )
        rendered = render(message.notice, message.params, message.channel)
        for personal in (client.last_name, client.first_name, "huurcontract", "Zutphen"):
            assert personal not in rendered.text and personal not in rendered.subject
        assert reverse("benefits_dossier:overview", args=[client.pk]) in rendered.text

    def test_without_a_coach_whoever_started_the_application_is_told(
        self, world, django_capture_on_commit_callbacks
    ):
        client = world.own_client
        complete_for_bijstand(client)
        lead = world.users["team_lead"]
        application = make_application(client, organisation=world.zutphen, by=lead)
        Client.objects.filter(pk=client.pk).update(coach=None)
        with django_capture_on_commit_callbacks(execute=True):
            _returned(application, world.users["back_office"])
        message = OutgoingMessage.objects.get()
        assert (message.recipient_user, message.notice) == (lead, "benefits.question_coach")

    def test_only_the_paying_back_office_may_ask(self, world, bijstand_application):
        for name in ("back_office_uwv", "coach", "team_lead"):
            with pytest.raises(PermissionDenied):
                services.ask_coach(
                    actor=world.users[name],
                    application=bijstand_application,
                    question=QUESTION,
                    version=1,
                )
        assert BenefitApplication.objects.get().status == ApplicationStatus.SUBMITTED

    @pytest.mark.parametrize("status", ["returned", "granted", "refused", "withdrawn"])
    def test_only_a_submitted_application(self, world, status):
        application = make_application(world.own_client, status=status)
        with pytest.raises(services.StaleVersion):
            services.ask_coach(
                actor=world.users["back_office"],
                application=application,
                question=QUESTION,
                version=application.version,
            )
        assert BenefitApplication.objects.get().status == status
        assert not LogEntry.objects.exists()

    def test_double_submit_asks_once(
        self, world, login, bijstand_application, django_capture_on_commit_callbacks
    ):
        http = login(world.users["back_office"])
        with django_capture_on_commit_callbacks(execute=True):
            assert _ask(http, bijstand_application).status_code == 302
            again = _ask(http, bijstand_application, question="Nog een vraag")
        assert again.status_code == 409
        assert_page_refused(again)
        application = BenefitApplication.objects.get()
        assert application.version == 2
        assert list(ApplicationQuestion.objects.values_list("question", flat=True)) == [QUESTION]
        assert LogEntry.objects.count() == 1 and OutgoingMessage.objects.count() == 1

    def test_the_page_offers_the_question_form_next_to_the_decision(
        self, world, login, bijstand_application
    ):
        page = login(world.users["back_office"]).get(
            reverse("benefits:application", args=[bijstand_application.pk])
        )
        content = page.content.decode()
        assert "Vraag stellen aan de coach" in content and "Besluit vastleggen" in content
        assert f'action="{_ask_url(bijstand_application)}"' in content


class TestWhileReturned:
    def test_decide_is_refused_and_changes_nothing(self, world, login, bijstand_application):
        back_office = world.users["back_office"]
        application = _returned(bijstand_application, back_office)
        with pytest.raises(services.AwaitingCoach):
            services.decide(
                actor=back_office,
                application=application,
                decision=services.Decision.REFUSED,
                expected_version=application.version,
                reason="Nee",
            )
        http = login(back_office)
        before = _snapshot()
        response = http.post(
            reverse("benefits:application", args=[application.pk]),
            {"decision": "refused", "reason": "Nee", "version": application.version},
        )
        assert response.status_code == 409
        assert any("wacht op antwoord van de coach" in t for t in assert_page_refused(response))
        assert_unchanged(before, _snapshot())
        assert BenefitApplication.objects.get().status == ApplicationStatus.RETURNED

    def test_the_page_says_it_waits_for_the_coach_and_offers_no_decision(
        self, world, login, bijstand_application
    ):
        back_office = world.users["back_office"]
        _returned(bijstand_application, back_office)
        page = login(back_office).get(
            reverse("benefits:application", args=[bijstand_application.pk])
        )
        content = page.content.decode()
        assert page.status_code == 200
        assert "wacht op antwoord van de coach" in content
        assert "huurcontract" in content and str(back_office) in content
        assert "Besluit vastleggen" not in content and "Vraag versturen" not in content

    def test_queue_shows_it_marked(self, world, login, bijstand_application):
        from tests.factories import ClientFactory

        other = make_application(
            ClientFactory(
                werkplein=world.own_client.werkplein,
                municipality=world.zutphen,
                coach=world.users["coach"],
            ),
            organisation=world.zutphen,
        )
        _returned(bijstand_application, world.users["back_office"])
        page = login(world.users["back_office"]).get(reverse("benefits:queue"))
        assert [a.pk for a in page.context["page"]] == [bijstand_application.pk, other.pk]
        assert page.content.decode().count("Wacht op de coach") == 1

    def test_the_back_office_keeps_reaching_the_client(self, world, login, uwv_application):
        """UWV reaches the teammate's client only through the WW application."""
        back_office = world.users["back_office_uwv"]
        client = world.teammate_client
        assert reachable_clients(back_office).filter(pk=client.pk).exists()
        application = _returned(uwv_application, back_office)
        assert reachable_clients(back_office).filter(pk=client.pk).exists()
        page = login(back_office).get(reverse("benefits:application", args=[application.pk]))
        assert page.status_code == 200
        services.withdraw_application(
            actor=client.coach, application=application, expected_version=application.version
        )
        assert not reachable_clients(back_office).filter(pk=client.pk).exists()

    def test_still_one_open_application_per_kind(self, world, bijstand_application):
        _returned(bijstand_application, world.users["back_office"])
        with pytest.raises(ValidationError, match="Er loopt al een aanvraag Bijstand"):
            services.start_application(
                actor=world.users["coach"],
                client=world.own_client,
                kind=BenefitKind.BIJSTAND,
                desired_start_on=days(3),
            )
        with pytest.raises(IntegrityError), transaction.atomic():
            make_application(world.own_client, organisation=world.zutphen)
        assert BenefitApplication.objects.count() == 1

    def test_no_hand_over_next_to_a_returned_bijstand_application(self, world):
        client = world.own_client
        application = make_application(client, organisation=world.zutphen)
        _returned(application, world.users["back_office"])
        make_period(client, starts_on=days(-60))  # ended long ago: no hold
        benefit = make_ww_benefit(client, world, ends_in=20)
        signal = BenefitEndSignal.objects.create(
            werkplein=client.werkplein,
            benefit=benefit,
            client=client,
            expected_end_on=benefit.expected_end_on,
            municipality=world.zutphen,
        )
        with pytest.raises(ValidationError, match="Er loopt al een aanvraag Bijstand"):
            services.hand_over_to_bijstand(
                actor=world.users["coach"], signal=signal, desired_start_on=days(21)
            )
        signal.refresh_from_db()
        assert signal.closed_at is None and BenefitApplication.objects.count() == 1

    def test_the_coach_may_withdraw_it(
        self, world, login, bijstand_application, django_capture_on_commit_callbacks
    ):
        application = _returned(bijstand_application, world.users["back_office"])
        http = login(world.users["coach"])
        url = reverse("benefits_dossier:withdraw", args=[world.own_client.pk, application.pk])
        overview = http.get(reverse("benefits_dossier:overview", args=[world.own_client.pk]))
        assert url in overview.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            assert http.post(url, {"version": application.version}).status_code == 302
        application.refresh_from_db()
        assert application.status == ApplicationStatus.WITHDRAWN
        # The one who asked hears that his open question need not be answered any more.
        message = OutgoingMessage.objects.get(notice="benefits.question_withdrawn")
        assert message.recipient_user == world.users["back_office"]
        assert message.params == {}

    def test_the_coach_sees_the_question_on_the_overview_and_the_card(
        self, world, login, bijstand_application
    ):
        _returned(bijstand_application, world.users["back_office"])
        http = login(world.users["coach"])
        client = world.own_client
        overview = http.get(reverse("benefits_dossier:overview", args=[client.pk]))
        content = overview.content.decode()
        assert "huurcontract" in content and "Antwoord en opnieuw indienen" in content
        assert f'action="{_answer_url(bijstand_application)}"' in content
        card = http.get(reverse("clients:dossier", args=[client.pk])).content.decode()
        assert "huurcontract" in card and "Vraag beantwoorden" in card

    def test_the_card_stays_within_its_queries(self, world, login):
        client = world.own_client
        http = login(world.users["coach"])
        first = make_application(client, kind=BenefitKind.WW, organisation=world.uwv)
        back_office_uwv = world.users["back_office_uwv"]
        first = _returned(first, back_office_uwv)
        first = services.answer_question(
            actor=world.users["coach"], application=first, answer=ANSWER, version=2
        )
        url = reverse("clients:dossier", args=[client.pk])
        http.get(url)
        with CaptureQueriesContext(connection) as none:  # an answered question, none open
            http.get(url)
        # the open question is joined into the applications' query: not one query more
        _returned(first, back_office_uwv, question="En de uren?")
        with CaptureQueriesContext(connection) as few:
            http.get(url)
        assert len(few) == len(none)
        for kind in (BenefitKind.WIA, BenefitKind.BIJSTAND):
            application = make_application(client, kind=kind)
            by = world.users["back_office" if kind == BenefitKind.BIJSTAND else "back_office_uwv"]
            application.paying_organisation = by.organisation
            application.save()
            _returned(application, by)
        with CaptureQueriesContext(connection) as many:
            page = http.get(url)
        assert page.content.decode().count("Vraag van de backoffice") == 3
        assert len(many) == len(few)

    def test_the_client_never_sees_the_question(self, world, login):
        client = world.client_user_client
        application = make_application(client, organisation=world.zutphen)
        _returned(application, world.users["back_office"])
        page = login(world.users["client"]).get(reverse("benefits:mine"))
        content = page.content.decode()
        assert page.status_code == 200
        assert "in behandeling" in content
        assert "huurcontract" not in content
        assert "Vraag aan de coach" not in content and "vraag aan de coach" not in content
        assert "backoffice" not in content.lower()


class TestAnswer:
    def test_answer_puts_it_back_in_its_place_and_tells_the_asker(
        self, world, login, bijstand_application, django_capture_on_commit_callbacks
    ):
        from tests.factories import ClientFactory

        back_office = world.users["back_office"]
        newer = make_application(
            ClientFactory(
                werkplein=world.own_client.werkplein,
                municipality=world.zutphen,
                coach=world.users["coach"],
            ),
            organisation=world.zutphen,
        )
        application = _returned(bijstand_application, back_office)
        LogEntry.objects.all().delete()
        http = login(world.users["teammate"])  # shares the coach's caseload
        with django_capture_on_commit_callbacks(execute=True):
            response = _answer(http, application)
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SUBMITTED
        assert application.version == 3
        question = ApplicationQuestion.objects.get()
        assert (question.question, question.answer) == (QUESTION, ANSWER)
        assert question.answered_by == world.users["teammate"]
        assert question.answered_at is not None
        entry = LogEntry.objects.get()
        assert entry.visibility == Visibility.INTERNAL and "huurcontract" not in entry.text
        assert entry.text.startswith(f"{world.users['teammate'].get_full_name()} heeft de vraag")
        queue = login(back_office).get(reverse("benefits:queue"))
        assert [a.pk for a in queue.context["page"]] == [application.pk, newer.pk]
        assert "Wacht op de coach" not in queue.content.decode()
        message = OutgoingMessage.objects.get()
        assert (message.recipient_user, message.notice) == (
            back_office,
            "benefits.question_answered",
        )
        rendered = render(message.notice, message.params, message.channel)
        client = world.own_client
        for personal in (client.last_name, client.first_name, "huurcontract"):
            assert personal not in rendered.text and personal not in rendered.subject
        assert reverse("benefits:application", args=[application.pk]) in rendered.text
        # the back office reads question and answer, and may decide again
        page = login(back_office).get(reverse("benefits:application", args=[application.pk]))
        content = page.content.decode()
        assert "huurcontract" in content and "Het huurcontract staat nu" in content
        assert "Besluit vastleggen" in content

    def test_only_coach_like_roles_may_answer(self, world, bijstand_application):
        application = _returned(bijstand_application, world.users["back_office"])
        for name in ("back_office", "back_office_uwv", "quality_officer", "client"):
            with pytest.raises(PermissionDenied):
                services.answer_question(
                    actor=world.users[name],
                    application=application,
                    answer=ANSWER,
                    version=application.version,
                )
        assert BenefitApplication.objects.get().status == ApplicationStatus.RETURNED

    @pytest.mark.parametrize("status", ["submitted", "granted", "refused", "withdrawn"])
    def test_only_a_returned_application(self, world, login, status):
        application = make_application(world.own_client, status=status)
        http = login(world.users["coach"])
        before = _snapshot()
        response = _answer(http, application)
        assert response.status_code == 409
        assert_page_refused(response)
        assert_unchanged(before, _snapshot())

    def test_double_submit_answers_once(
        self, world, login, bijstand_application, django_capture_on_commit_callbacks
    ):
        application = _returned(bijstand_application, world.users["back_office"])
        http = login(world.users["coach"])
        with django_capture_on_commit_callbacks(execute=True):
            assert _answer(http, application).status_code == 302
            again = _answer(http, application, answer="Tweede antwoord")
        assert again.status_code == 409
        assert_page_refused(again)
        application.refresh_from_db()
        assert application.version == 3
        assert list(ApplicationQuestion.objects.values_list("answer", flat=True)) == [ANSWER]
        assert OutgoingMessage.objects.filter(notice="benefits.question_answered").count() == 1


SECOND_QUESTION = "En het inkomen van de moeder? Graag haar loonstrook."
SECOND_ANSWER = "Zij heeft AOW; de loonstrook staat nu ook in het dossier."


def _two_rounds(world, application, answer_second=True):
    """The back office asks, the teammate answers; it asks again and the coach answers (or not)."""
    back_office = world.users["back_office"]
    application = _returned(application, back_office)
    application = services.answer_question(
        actor=world.users["teammate"], application=application, answer=ANSWER, version=2
    )
    application = _returned(application, back_office, question=SECOND_QUESTION)
    if answer_second:
        application = services.answer_question(
            actor=world.users["coach"], application=application, answer=SECOND_ANSWER, version=4
        )
    return application


def _in_order(content, *texts):
    """Each text occurs after the one before it (names may occur elsewhere, e.g. the header)."""
    place = 0
    for text in texts:
        place = content.find(text, place)
        assert place >= 0, text
        place += len(text)


class TestHistory:
    def test_a_second_question_keeps_the_first_and_its_answer(self, world, bijstand_application):
        application = _two_rounds(world, bijstand_application, answer_second=False)
        assert application.status == ApplicationStatus.RETURNED and application.version == 4
        first, second = application.questions.order_by("asked_at", "id")
        back_office = world.users["back_office"]
        assert (first.question, first.asked_by, first.answer) == (QUESTION, back_office, ANSWER)
        assert first.answered_by == world.users["teammate"] and first.answered_at is not None
        assert (second.question, second.asked_by) == (SECOND_QUESTION, back_office)
        assert (second.answer, second.answered_by, second.answered_at) == ("", None, None)
        services.answer_question(
            actor=world.users["coach"], application=application, answer=SECOND_ANSWER, version=4
        )
        first_again, second = application.questions.order_by("asked_at", "id")
        assert (first_again.answer, first_again.answered_by) == (ANSWER, world.users["teammate"])
        assert first_again.answered_at == first.answered_at
        assert (second.answer, second.answered_by) == (SECOND_ANSWER, world.users["coach"])
        assert BenefitApplication.objects.get().status == ApplicationStatus.SUBMITTED

    def test_at_most_one_open_question(self, world, bijstand_application):
        back_office = world.users["back_office"]
        application = _returned(bijstand_application, back_office)
        # A second ask while one is open: refused, as the application is not submitted.
        with pytest.raises(services.StaleVersion):
            services.ask_coach(
                actor=back_office,
                application=application,
                question=SECOND_QUESTION,
                version=application.version,
            )
        assert ApplicationQuestion.objects.count() == 1
        # The database refuses a second open question too.
        with pytest.raises(IntegrityError), transaction.atomic():
            make_question(application, back_office, question=SECOND_QUESTION)
        assert list(ApplicationQuestion.objects.values_list("question", flat=True)) == [QUESTION]
        # An answered question does not count: a new open one is allowed next to it.
        ApplicationQuestion.objects.update(answered_at=timezone.now())
        make_question(application, back_office, question=SECOND_QUESTION)
        assert ApplicationQuestion.objects.count() == 2

    def test_the_back_office_page_shows_every_round_in_order(
        self, world, login, bijstand_application
    ):
        _two_rounds(world, bijstand_application, answer_second=False)
        http = login(world.users["back_office"])
        url = reverse("benefits:application", args=[bijstand_application.pk])
        content = http.get(url).content.decode()
        back_office, teammate = escape(world.users["back_office"]), escape(world.users["teammate"])
        _in_order(
            content,
            *("Vraag van de backoffice", back_office, QUESTION),
            *("Antwoord van de coach", teammate, ANSWER),
            *("Vraag van de backoffice", back_office, SECOND_QUESTION),
        )
        assert content.count("Vraag van de backoffice") == 2
        assert content.count("Antwoord van de coach") == 1
        assert "wacht op antwoord van de coach" in content
        services.answer_question(
            actor=world.users["coach"],
            application=BenefitApplication.objects.get(),
            answer=SECOND_ANSWER,
            version=4,
        )
        content = http.get(url).content.decode()
        _in_order(content, QUESTION, ANSWER, SECOND_QUESTION, SECOND_ANSWER)
        _in_order(content, ANSWER, escape(world.users["coach"]), SECOND_ANSWER)
        assert content.count("Antwoord van de coach") == 2 and "Besluit vastleggen" in content

    def test_the_coach_overview_shows_every_round_and_the_card_only_the_open_one(
        self, world, login, bijstand_application
    ):
        _two_rounds(world, bijstand_application, answer_second=False)
        http = login(world.users["coach"])
        client = world.own_client
        overview_url = reverse("benefits_dossier:overview", args=[client.pk])
        content = http.get(overview_url).content.decode()
        back_office, teammate = escape(world.users["back_office"]), escape(world.users["teammate"])
        _in_order(
            content,
            *("Vraag van de backoffice", back_office, QUESTION),
            *("Antwoord van de coach", teammate, ANSWER),
            *("Vraag van de backoffice", back_office, SECOND_QUESTION),
        )
        assert "Antwoord en opnieuw indienen" in content
        card = http.get(reverse("clients:dossier", args=[client.pk])).content.decode()
        assert SECOND_QUESTION in card and QUESTION not in card and ANSWER not in card
        # answered: the history stays on the overview, the card shows no question
        services.answer_question(
            actor=world.users["coach"],
            application=BenefitApplication.objects.get(),
            answer=SECOND_ANSWER,
            version=4,
        )
        content = http.get(overview_url).content.decode()
        _in_order(content, QUESTION, ANSWER, SECOND_QUESTION, SECOND_ANSWER)
        assert "Antwoord en opnieuw indienen" not in content
        card = http.get(reverse("clients:dossier", args=[client.pk])).content.decode()
        assert "Vraag van de backoffice" not in card and SECOND_QUESTION not in card

    def test_the_overview_reads_the_history_in_one_query(self, world, login):
        client = world.own_client
        http = login(world.users["coach"])
        url = reverse("benefits_dossier:overview", args=[client.pk])
        first = make_application(client, kind=BenefitKind.WW, organisation=world.uwv)
        _returned(first, world.users["back_office_uwv"])
        http.get(url)
        with CaptureQueriesContext(connection) as few:
            http.get(url)
        second = make_application(client, organisation=world.zutphen)
        _two_rounds(world, second)
        with CaptureQueriesContext(connection) as many:
            page = http.get(url)
        assert page.content.decode().count("Vraag van de backoffice") == 3
        assert len(many) == len(few)


class TestBadInput:
    @pytest.fixture
    def back_office(self, world, login):
        return login(world.users["back_office"])

    @pytest.fixture
    def coach(self, world, login):
        return login(world.users["coach"])

    @pytest.mark.parametrize("value", ["", "   ", NUL, HUGE_TEXT, "x" * 2001])
    def test_question(self, back_office, bijstand_application, value):
        before = _snapshot()
        response = _ask(back_office, bijstand_application, question=value)
        assert response.status_code == 422
        assert_page_refused(response)
        assert_unchanged(before, _snapshot())

    def test_missing_question(self, back_office, bijstand_application):
        before = _snapshot()
        response = back_office.post(_ask_url(bijstand_application), {"version": 1})
        assert response.status_code == 422
        assert any("vraag" in t for t in assert_page_refused(response))
        assert_unchanged(before, _snapshot())

    @pytest.mark.parametrize("value", [*BAD_VERSIONS, "2", "0"])
    def test_ask_version(self, back_office, bijstand_application, value):
        before = _snapshot()
        response = _ask(back_office, bijstand_application, version=value)
        assert response.status_code == 409
        assert_page_refused(response)
        assert_unchanged(before, _snapshot())

    def test_ask_without_version(self, back_office, bijstand_application):
        before = _snapshot()
        response = back_office.post(_ask_url(bijstand_application), {"question": QUESTION})
        assert response.status_code == 409
        assert_page_refused(response)
        assert_unchanged(before, _snapshot())

    @pytest.mark.parametrize("value", ["", "   ", NUL, HUGE_TEXT, "x" * 2001])
    def test_answer(self, world, coach, bijstand_application, value):
        application = _returned(bijstand_application, world.users["back_office"])
        before = _snapshot()
        response = _answer(coach, application, answer=value)
        assert response.status_code == 422
        assert_page_refused(response)
        assert_unchanged(before, _snapshot())

    @pytest.mark.parametrize("value", [*BAD_VERSIONS, "1", "3"])
    def test_answer_version(self, world, coach, bijstand_application, value):
        application = _returned(bijstand_application, world.users["back_office"])
        before = _snapshot()
        response = _answer(coach, application, version=value)
        assert response.status_code == 409
        assert_page_refused(response)
        assert_unchanged(before, _snapshot())

    def test_answer_without_anything(self, world, coach, bijstand_application):
        application = _returned(bijstand_application, world.users["back_office"])
        before = _snapshot()
        response = coach.post(_answer_url(application), {})
        assert response.status_code == 422
        assert_page_refused(response)
        assert_unchanged(before, _snapshot())

    @pytest.mark.parametrize("value", BAD_IDS)
    def test_malformed_ids_are_404(self, world, back_office, coach, value):
        before = _snapshot()
        pk = world.own_client.pk
        ask = f"/aanvragen/{value}/vraag/"
        answer = f"/klanten/{pk}/uitkering/aanvragen/{value}/antwoord/"
        assert back_office.post(ask, {"question": QUESTION, "version": 1}).status_code == 404
        assert coach.post(answer, {"answer": ANSWER, "version": 1}).status_code == 404
        assert_unchanged(before, _snapshot())

    def test_unknown_and_foreign_ids_are_404(self, world, login, back_office, coach):
        foreign_app = make_application(world.foreign_client)
        foreign_app.status = ApplicationStatus.RETURNED
        foreign_app.save()
        other_client_app = make_application(
            world.private_team_client, organisation=world.lochem, status="returned"
        )
        before = _snapshot()
        assert _ask(back_office, foreign_app).status_code == 404
        assert _ask(back_office, other_client_app).status_code == 404  # Lochem's, not Zutphen's
        unknown = BenefitApplication(pk=99_999, client=world.own_client, version=1)
        assert _ask(back_office, unknown).status_code == 404
        assert _answer(coach, unknown).status_code == 404
        # an application of another client, posted under the coach's own client
        wrong = (
            f"/klanten/{world.own_client.pk}/uitkering/aanvragen/{other_client_app.pk}/antwoord/"
        )
        assert coach.post(wrong, {"answer": ANSWER, "version": 1}).status_code == 404
        # the foreign client's dossier itself
        assert _answer(coach, foreign_app).status_code == 404
        assert_unchanged(before, _snapshot())

    def test_get_on_post_endpoints(self, world, back_office, coach, bijstand_application):
        application = _returned(bijstand_application, world.users["back_office"])
        before = _snapshot()
        assert back_office.get(_ask_url(application)).status_code == 405
        assert coach.get(_answer_url(application)).status_code == 405
        assert_unchanged(before, _snapshot())
