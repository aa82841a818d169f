"""The notice to a client that his coach changed his plan. No personal content: not what
changed, only that something did, and a link to Mijn plan (behind the login)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from werkplein.notifications.models import Channel, NotificationKind
from werkplein.notifications.notices import Rendered, notice

PLAN_CHANGE = "plans.plan_change"


@notice(PLAN_CHANGE)
def plan_change(params: dict, channel: str) -> Rendered | None:
    link = settings.WERKPLEIN_BASE_URL + reverse("portal:plan")
    subject = _("Uw plan is gewijzigd")
    if channel == Channel.SMS:
        return Rendered(
            subject=subject,
            text=_("Werkplein: uw werkcoach heeft uw plan gewijzigd. Bekijk het op %(link)s")
            % {"link": link},
        )
    return Rendered(
        subject=subject,
        text=_(
            "Uw werkcoach heeft uw plan van aanpak gewijzigd. Bekijk wat er veranderde in Mijn "
            "Werkplein: %(link)s"
        )
        % {"link": link},
    )


def tell_client_after_commit(client) -> None:
    """After the change commits, tells the client (if he has an account for Mijn Werkplein)
    that his plan changed, by his preference for plan changes. Call inside the transaction."""
    from werkplein.notifications.services import notify_after_commit

    notify_after_commit(
        [client.user_id], kind=NotificationKind.PLAN_CHANGE, notice=PLAN_CHANGE, params={}
    )
