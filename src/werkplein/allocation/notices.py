"""Notices of the allocation app to staff. No personal data: a link behind the login."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from werkplein.notifications.notices import Rendered, notice

PROPOSAL_WAITING = "allocation.proposal_waiting"


@notice(PROPOSAL_WAITING)
def proposal_waiting(params: dict, channel: str) -> Rendered | None:
    """Tells a team lead that a coach proposal for a new client waits for his decision."""
    proposal_id = params.get("proposal_id")
    if not isinstance(proposal_id, int):
        return None
    link = settings.WERKPLEIN_BASE_URL + reverse("allocation:proposal", args=[proposal_id])
    return Rendered(
        subject=_("Een coachvoorstel wacht op uw besluit"),
        text=_(
            "Voor een nieuwe klant in uw team is een werkcoach voorgesteld. Bevestig het voorstel "
            "of kies een andere coach: %(link)s"
        )
        % {"link": link},
    )
