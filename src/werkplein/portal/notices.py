"""Notices to the coach about what his client did in Mijn Werkplein. No personal content: what
kind of thing happened, and a link to the dossier."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from werkplein.notifications.notices import Rendered, notice

COACH_NOTICE = "portal.coach_notice"
CHANGED = "changed"
CORRECTION = "correction"


@notice(COACH_NOTICE)
def coach_notice(params: dict, channel: str) -> Rendered | None:
    client_id = params.get("client_id")
    if not isinstance(client_id, int):
        return None
    link = settings.WERKPLEIN_BASE_URL + reverse("clients:dossier", args=[client_id])
    if params.get("reason") == CORRECTION:
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
    return Rendered(subject=subject, text=text % {"link": link})
