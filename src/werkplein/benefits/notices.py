"""Notices about benefit applications and ending WW benefits. No personal content: only that
something happened and a link to the page behind the login (ids, never names or amounts)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from werkplein.notifications.models import NotificationKind
from werkplein.notifications.notices import Rendered, notice

DECISION_CLIENT = "benefits.decision_client"
DECISION_COACH = "benefits.decision_coach"
END_SIGNAL_COACH = "benefits.end_signal_coach"
END_SIGNAL_BACK_OFFICE = "benefits.end_signal_back_office"
QUESTION_COACH = "benefits.question_coach"
QUESTION_ANSWERED = "benefits.question_answered"
QUESTION_WITHDRAWN = "benefits.question_withdrawn"

# Staff hear of these by their preference for work waiting for them; without one, by e-mail.
STAFF_KIND = NotificationKind.WORK


def _link(name: str, *args) -> str:
    return settings.WERKPLEIN_BASE_URL + reverse(name, args=args)


@notice(DECISION_CLIENT)
def decision_client(params: dict, channel: str) -> Rendered:
    link = _link("benefits:mine")
    return Rendered(
        subject=_("Er is een besluit over uw aanvraag"),
        text=_("Er is een besluit genomen over uw uitkeringsaanvraag. Lees het op %(link)s")
        % {"link": link},
    )


@notice(DECISION_COACH)
def decision_coach(params: dict, channel: str) -> Rendered:
    link = _link("benefits_dossier:overview", int(params["client_id"]))
    return Rendered(
        subject=_("Besluit over een uitkeringsaanvraag"),
        text=_("Er is een besluit genomen over een aanvraag van een klant van u: %(link)s")
        % {"link": link},
    )


@notice(END_SIGNAL_COACH)
def end_signal_coach(params: dict, channel: str) -> Rendered:
    link = _link("benefits_dossier:overview", int(params["client_id"]))
    return Rendered(
        subject=_("Een WW-uitkering loopt binnenkort af"),
        text=_(
            "De WW-uitkering van een klant van u loopt binnenkort af. Bekijk de overdracht: "
            "%(link)s"
        )
        % {"link": link},
    )


@notice(END_SIGNAL_BACK_OFFICE)
def end_signal_back_office(params: dict, channel: str) -> Rendered:
    link = _link("benefits:signals")
    return Rendered(
        subject=_("Aflopende WW-uitkering"),
        text=_("Een WW-uitkering van een inwoner loopt binnenkort af. Bekijk de lijst: %(link)s")
        % {"link": link},
    )


@notice(QUESTION_COACH)
def question_coach(params: dict, channel: str) -> Rendered:
    link = _link("benefits_dossier:overview", int(params["client_id"]))
    return Rendered(
        subject=_("Vraag van de backoffice over een aanvraag"),
        text=_(
            "De backoffice heeft een vraag over een uitkeringsaanvraag van een klant van u. "
            "Lees en beantwoord de vraag op %(link)s"
        )
        % {"link": link},
    )


@notice(QUESTION_ANSWERED)
def question_answered(params: dict, channel: str) -> Rendered:
    link = _link("benefits:application", int(params["application_id"]))
    return Rendered(
        subject=_("Antwoord van de coach op uw vraag"),
        text=_(
            "De coach heeft uw vraag over een uitkeringsaanvraag beantwoord. De aanvraag staat "
            "weer in de wachtrij: %(link)s"
        )
        % {"link": link},
    )


@notice(QUESTION_WITHDRAWN)
def question_withdrawn(params: dict, channel: str) -> Rendered:
    link = _link("benefits:queue")
    return Rendered(
        subject=_("Aanvraag ingetrokken"),
        text=_(
            "Een uitkeringsaanvraag waarover u de coach een vraag stelde, is ingetrokken. Uw "
            "vraag hoeft niet meer beantwoord te worden. Uw wachtrij: %(link)s"
        )
        % {"link": link},
    )


def _notify_after_commit(user_ids: list[int], kind: str, name: str, params: dict) -> None:
    from werkplein.notifications.services import notify_after_commit

    notify_after_commit(user_ids, kind=kind, notice=name, params=params)


def tell_decision_after_commit(application) -> None:
    """The client (by his preference for logbook entries) and his coach hear of a decision."""
    client = application.client
    _notify_after_commit([client.user_id], NotificationKind.LOGBOOK_ENTRY, DECISION_CLIENT, {})
    _notify_after_commit([client.coach_id], STAFF_KIND, DECISION_COACH, {"client_id": client.pk})


def tell_end_signal_after_commit(signal, back_office_ids: list[int]) -> None:
    """The coach and the municipality's back office hear that a WW benefit ends soon."""
    client = signal.client
    _notify_after_commit([client.coach_id], STAFF_KIND, END_SIGNAL_COACH, {"client_id": client.pk})
    _notify_after_commit(back_office_ids, STAFF_KIND, END_SIGNAL_BACK_OFFICE, {})


def tell_question_after_commit(application) -> None:
    """The client's coach hears that the back office asked a question (by his preference for
    work waiting for him). Nothing of the question itself. A client without a coach yet: who
    started the application (a team lead may), so the question never waits unseen."""
    client = application.client
    _notify_after_commit(
        [client.coach_id or application.started_by_id],
        STAFF_KIND,
        QUESTION_COACH,
        {"client_id": client.pk},
    )


def tell_withdrawal_after_commit(question) -> None:
    """The back office user whose question was still open hears that it need not be answered."""
    _notify_after_commit([question.asked_by_id], STAFF_KIND, QUESTION_WITHDRAWN, {})


def tell_answer_after_commit(application, question) -> None:
    """The back office user who asked the question hears that the coach answered it."""
    _notify_after_commit(
        [question.asked_by_id],
        STAFF_KIND,
        QUESTION_ANSWERED,
        {"application_id": application.pk},
    )
