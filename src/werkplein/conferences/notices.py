"""The notice to the owner of a follow-up action agreed in a case conference. No personal
content: only that an action waits for him, and a link to the conference (behind the login)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from werkplein.notifications.notices import Rendered, notice

FOLLOW_UP = "conferences.follow_up"


@notice(FOLLOW_UP)
def follow_up(params: dict, channel: str) -> Rendered | None:
    link = settings.WERKPLEIN_BASE_URL + reverse("conferences:detail", args=[params["conference"]])
    return Rendered(
        subject=_("Nieuwe actie uit het casusoverleg"),
        text=_(
            "In een casusoverleg is een vervolgactie aan u toegewezen. Bekijk hem in Werkplein: "
            "%(link)s"
        )
        % {"link": link},
    )
