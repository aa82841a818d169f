"""The "you have a new message" notice, sent by the task worker.

`send_message` enqueues `notify_unread` for every other participant, deferred by two minutes on a
backend that supports deferred tasks (django_tasks_db's DatabaseBackend, used in production), so
someone reading along in the open chat window gets no e-mail or SMS. When the task runs, the
notice goes out only if the recipient has not read the message yet and was not told since he
last read the conversation: one notice per unread stretch, however many messages arrive.
"""

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from werkplein.accounts.models import Role
from werkplein.messaging import selectors
from werkplein.messaging.models import Participant
from werkplein.notifications.models import NotificationKind
from werkplein.notifications.services import notify

NOTICE = "messaging.new_message"


def _claim(participant: Participant) -> bool:
    """Marks him as told, only if nobody did since his last read. True for exactly one task."""
    rows = Participant.objects.filter(pk=participant.pk)
    if participant.last_read_at is None:
        rows = rows.filter(notified_at__isnull=True)
    else:
        rows = rows.filter(
            Q(notified_at__isnull=True) | Q(notified_at__lt=participant.last_read_at)
        )
    return bool(rows.update(notified_at=timezone.now()))


@task()
def notify_unread(*, message_id: int, user_id: int) -> bool:
    """Tells one participant that a message waits for him; True when a notice was queued."""
    target = selectors.notice_target(message_id, user_id)
    if target is None:
        return False
    message, participant = target
    if participant.last_read_at is not None and participant.last_read_at >= message.created_at:
        return False
    if not _claim(participant):
        return False
    notify(
        user=participant.user,
        kind=NotificationKind.NEW_MESSAGE,
        notice=NOTICE,
        params={
            "conversation_id": participant.conversation_id,
            "portal": participant.user.role == Role.CLIENT,
        },
    )
    return True
