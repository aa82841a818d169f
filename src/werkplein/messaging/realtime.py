"""Pushing events to open chat windows through the channel layer.

Services call `broadcast_message` after commit; each open socket of the conversation then renders
the message for its own user (through the selectors, so access is checked per viewer). The layer
is Redis when REDIS_URL is set (several server processes share it), else in-memory (one process).

A logged-out session drops its sockets: `user_logged_out` sends "session.closed" to the session's
group, and every socket re-checks its session at each event anyway (revoked sessions).
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

logger = logging.getLogger(__name__)


def conversation_group(conversation_id: int) -> str:
    return f"conversation.{conversation_id}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def session_group(session_key: str) -> str:
    return f"session.{session_key}"


def _send(group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(group, event)


def broadcast_message(message) -> None:
    """Tells every open window of the message's conversation that it exists (only its id)."""
    _send(
        conversation_group(message.conversation_id),
        {"type": "chat.message", "message_id": message.pk},
    )


def drop_user_sockets(user_id: int) -> None:
    """Closes every chat socket of a user (deactivated, all sessions ended)."""
    _send(user_group(user_id), {"type": "session.closed"})


def drop_session_sockets(session_key: str) -> None:
    """Closes the chat sockets opened with one session (that session logged out)."""
    _send(session_group(session_key), {"type": "session.closed"})


@receiver(user_logged_out, dispatch_uid="werkplein.messaging.realtime.logged_out")
def _close_sockets_on_logout(sender, request, user, **kwargs) -> None:
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    try:
        if session_key:
            drop_session_sockets(session_key)
        elif user is not None:
            drop_user_sockets(user.pk)
    except Exception:  # the channel layer is down: the logout goes on; sockets re-check anyway
        logger.exception("Chat sockets not told of a logout")
