"""The notice of a new message: no content, no name, only a link to the conversation."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from werkplein.notifications.notices import Rendered, notice


@notice("messaging.new_message")
def new_message(params: dict, channel: str) -> Rendered | None:
    conversation_id = params.get("conversation_id")
    if not isinstance(conversation_id, int):
        return None
    name = "portal:conversation" if params.get("portal") else "messaging:conversation"
    link = settings.WERKPLEIN_BASE_URL + reverse(name, args=[conversation_id])
    return Rendered(
        subject=_("U heeft een nieuw bericht"),
        text=_("Er staat een nieuw bericht voor u klaar in Werkplein. Lees het op %(link)s")
        % {"link": link},
    )
