"""Notices about clients to staff. No personal data: a link to the dossier."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from werkplein.notifications.notices import Rendered, notice

NEW_COACH = "clients.new_coach"


@notice(NEW_COACH)
def new_coach(params: dict, channel: str) -> Rendered | None:
    """Tells a coach that a client was handed to him."""
    client_id = params.get("client_id")
    if not isinstance(client_id, int):
        return None
    link = settings.WERKPLEIN_BASE_URL + reverse("clients:dossier", args=[client_id])
    return Rendered(
        subject=_("Er is een klant aan u toegewezen"),
        text=_("Er is een klant aan uw caseload toegevoegd. Bekijk het dossier: %(link)s")
        % {"link": link},
    )
