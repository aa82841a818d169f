"""Writes of the outbox: every e-mail and SMS is queued as a row and sent by the task worker.

`queue_email` / `queue_sms` write one row and, after the surrounding transaction commits, enqueue
the `deliver_outbox` task (once per transaction, however many rows it queued). `notify` picks the
channel from the person's preference for that kind of notice.

The row holds the notice's name and its parameters, never its text: the text is rendered when it
is sent (notifications.notices). Parameters are ids and plain values; a secret (an invitation or
reset link, a token, a password) must never be a parameter: it is made at send time by the
notice. Keys that look like one are refused.
"""

import json
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils.translation import gettext as _

from werkplein.notifications import selectors
from werkplein.notifications.models import Channel, NotificationKind, OutboxStatus, OutgoingMessage
from werkplein.notifications.notices import is_registered
from werkplein.notifications.sms import validated_mobile

# Parameter names that would put a secret in the outbox table.
SECRET_KEYS = ("token", "password", "secret", "link", "url", "uidb64")


def _check(notice: str, params: dict) -> dict:
    if not is_registered(notice):
        raise ValueError(f"Unknown notice {notice!r}: register it with @notice in a notices.py.")
    if not isinstance(params, dict):
        raise TypeError("params must be a dict")
    for key in params:
        lowered = str(key).lower()
        if any(lowered == bad or lowered.endswith("_" + bad) for bad in SECRET_KEYS):
            raise ValueError(
                f"Parameter {key!r} looks like a secret: render links at send time instead."
            )
    json.dumps(params)  # TypeError now rather than at the worker
    return params


# The run_on_commit list of the transaction whose commit will enqueue a delivery, per connection.
# Django starts a new list at every commit and rollback (and when a savepoint rolls back), so a
# stale marker never matches; the callback clears it when it runs.
_PENDING = "_werkplein_outbox_delivery_pending"


def _enqueue_delivery() -> None:
    from werkplein.notifications.tasks import deliver_outbox

    setattr(connection, _PENDING, None)
    deliver_outbox.enqueue()


def _deliver_after_commit() -> None:
    """Enqueues one delivery task when the transaction commits (immediately outside one).

    Once per transaction: the first row queued in it registers the task and marks the
    transaction's list of commit callbacks; later rows see the mark and add none. The mark is
    the list itself, so a rollback (a new list) forgets it and the next transaction registers
    its own task; the task clears it when it runs (also when a test runs the captured
    callbacks of a transaction that never commits). A savepoint rolled back inside the
    transaction may make a second task: a spare task finds nothing to send, so delivery stays
    at least once."""
    if connection.in_atomic_block and getattr(connection, _PENDING, None) is (
        connection.run_on_commit
    ):
        return
    if connection.in_atomic_block:
        setattr(connection, _PENDING, connection.run_on_commit)
    transaction.on_commit(_enqueue_delivery, robust=True)


def _queue(*, channel: str, to: str, notice: str, params: dict, user=None) -> OutgoingMessage:
    message = OutgoingMessage.objects.create(
        werkplein_id=getattr(user, "werkplein_id", None),
        recipient_user=user,
        channel=channel,
        recipient=to,
        notice=notice,
        params=params,
        status=OutboxStatus.QUEUED,
    )
    _deliver_after_commit()
    return message


def queue_email(*, to: str, notice: str, params: dict, user=None) -> OutgoingMessage:
    """Queues an e-mail with `notice` to the address `to`. ValidationError (Dutch) for an invalid
    address; ValueError for an unknown notice or a secret among the parameters."""
    params = _check(notice, params)
    address = (to or "").strip()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(_("Dit is geen geldig e-mailadres."), code="invalid_email") from None
    return _queue(channel=Channel.EMAIL, to=address, notice=notice, params=params, user=user)


def queue_sms(*, to: str, notice: str, params: dict, user=None) -> OutgoingMessage:
    """Queues an SMS with `notice` to the mobile number `to` (Dutch numbers may omit +31).
    ValidationError (Dutch) for an invalid or non-mobile number: nothing is queued."""
    params = _check(notice, params)
    number = validated_mobile(to)
    return _queue(channel=Channel.SMS, to=number, notice=notice, params=params, user=user)


def notify(
    *, user, kind: NotificationKind | str, notice: str, params: dict
) -> OutgoingMessage | None:
    """Tells `user` by the channel he chose for this kind of notice: e-mail (the default), SMS
    (to his mobile number; e-mail when he has none) or nothing. None when nothing is queued: he
    chose none, his account is inactive, or he has no address for the channel."""
    _check(notice, params)
    if user is None or not user.is_active:
        return None
    channel = selectors.preference_for(user, str(kind))
    if channel == "none":
        return None
    if channel == Channel.SMS:
        mobile = selectors.mobile_for(user)
        if mobile:
            return queue_sms(to=mobile, notice=notice, params=params, user=user)
    if not user.email:
        return None
    try:
        return queue_email(to=user.email, notice=notice, params=params, user=user)
    except ValidationError:
        return None


def notify_after_commit(
    user_ids: Iterable[int | None], *, kind: NotificationKind | str, notice: str, params: dict
) -> None:
    """After the caller's transaction commits, tells each of these users (see notify): nothing
    is sent for a change that rolled back. Call inside the transaction."""
    ids = sorted({pk for pk in user_ids if pk})
    if not ids:
        return

    def send() -> None:
        from werkplein.accounts.models import User

        for user in User.objects.filter(pk__in=ids).order_by("pk"):
            notify(user=user, kind=kind, notice=notice, params=params)

    transaction.on_commit(send, robust=True)
