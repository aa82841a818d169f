"""Notices to the coach about what his client did in Mijn Werkplein. No personal content in the
e-mail: what kind of thing happened, and a link to the dossier."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from werkplein.portal import selectors

CHANGED = "changed"
CORRECTION = "correction"


@task()
def notify_coach(*, client_id: int, reason: str) -> None:
    coach = selectors.coach_for_notice(client_id)
    if coach is None or not coach.email:
        return
    link = settings.WERKPLEIN_BASE_URL + reverse("clients:dossier", args=[client_id])
    if reason == CORRECTION:
        subject = _("Een klant vraagt om een correctie")
        text = _(
            "Een klant uit uw caseload vraagt in Mijn Werkplein om een correctie van zijn "
            "gegevens. U vindt het verzoek in het logboek van het dossier: %(link)s"
        )
    else:
        subject = _("Een klant heeft zijn gegevens gewijzigd")
        text = _(
            "Een klant uit uw caseload heeft in Mijn Werkplein zijn gegevens gewijzigd. "
            "Wat er veranderde, staat in het logboek van het dossier: %(link)s"
        )
    send_mail(
        subject=subject,
        message=text % {"link": link},
        from_email=None,
        recipient_list=[coach.email],
    )
