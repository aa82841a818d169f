"""The notice to a client that his coach wrote a new entry in his logbook that he may read.
No personal content: not the text, only that there is one, and a link to his logbook."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from werkplein.logbook.models import AuthorKind, EntryKind, LogEntry, Visibility
from werkplein.notifications.models import Channel, NotificationKind
from werkplein.notifications.notices import Rendered, notice

NEW_ENTRY = "logbook.new_entry"


@notice(NEW_ENTRY)
def new_entry(params: dict, channel: str) -> Rendered | None:
    # Made internal again before the notice went out: nothing to tell.
    if not LogEntry.objects.filter(
        pk=params.get("entry_id"), visibility=Visibility.CLIENT
    ).exists():
        return None
    link = settings.WERKPLEIN_BASE_URL + reverse("portal:logbook")
    subject = _("Nieuw in uw logboek")
    if channel == Channel.SMS:
        text = _("Werkplein: uw werkcoach schreef iets nieuws in uw logboek. Lees het op %(link)s")
    else:
        text = _(
            "Uw werkcoach heeft een nieuwe regel in uw logboek gezet. U leest hem in Mijn "
            "Werkplein: %(link)s"
        )
    return Rendered(subject=subject, text=text % {"link": link})


def tells_client(entry: LogEntry) -> bool:
    """A new entry is news for the client when staff wrote it for him to read. Not his own
    entries, not internal ones, not generated ones (the change that made them has its own
    notice), not messages (a conversation has its own notice)."""
    return (
        entry.author_kind == AuthorKind.STAFF
        and entry.visibility == Visibility.CLIENT
        and not entry.generated
        and entry.kind != EntryKind.MESSAGE
        and entry.client.user_id is not None
    )


def tell_client_after_commit(entry: LogEntry) -> None:
    """After the entry commits, tells the client by his preference for logbook entries, if the
    entry is news for him (see tells_client). Call inside the transaction."""
    if not tells_client(entry):
        return
    from werkplein.notifications.services import notify_after_commit

    notify_after_commit(
        [entry.client.user_id],
        kind=NotificationKind.LOGBOOK_ENTRY,
        notice=NEW_ENTRY,
        params={"entry_id": entry.pk},
    )
