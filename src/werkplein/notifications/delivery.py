"""The worker side of the outbox: claim due rows, render them, hand them over, mark them.

Life cycle of a row (docs/notifications.md has the full story):

    queued --claim--> sending --hand-over ok--> sent --(SMS callback)--> delivered / failed
                         |--error--> queued (backoff) ... --> failed after MAX_ATTEMPTS
                         |--worker dies--> (lease runs out) claimed again by the next worker

Claiming is one conditional UPDATE over a list of ids: it sets status=sending, a lease and a claim
token, and adds one to `attempts`; only rows whose token is ours afterwards are ours, so two
workers never send the same row while a lease runs. Each row is marked sent in its own commit
right after its hand-over, so a row that was handed over and marked is never sent again. Only a
message whose hand-over succeeded in the instant before the worker died can go out twice; it
carries the same Message-ID (e-mail) or reference (SMS) both times.

Errors come in two sorts:
- the gateway is down (the SMTP connection cannot be opened or drops, the SMS gateway cannot be
  reached or answers 5xx): the row waits with backoff and is never given up: messages wait for
  the gateway to return, however long that takes;
- the message itself is refused or cannot be rendered: the row waits with backoff and is marked
  failed after WERKPLEIN_OUTBOX_MAX_ATTEMPTS attempts.
"""

import contextlib
import datetime
import logging
import smtplib
import threading
import time
import uuid
import zoneinfo
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, connections
from django.db.models import F, Min, Q
from django.utils import timezone

from werkplein.notifications import notices, sms
from werkplein.notifications.models import (
    Channel,
    NotificationSettings,
    OutboxStatus,
    OutgoingMessage,
)

logger = logging.getLogger(__name__)

LOCAL_TZ = zoneinfo.ZoneInfo("Europe/Amsterdam")
DEFAULT_QUIET_FROM = datetime.time(21, 0)
DEFAULT_QUIET_UNTIL = datetime.time(8, 0)
NO_LONGER_RELEVANT = "niet meer van toepassing"


def _setting(name: str, default):
    return getattr(settings, name, default)


def backoff_seconds(attempts: int) -> int:
    """Seconds to wait after the `attempts`-th failed attempt: base * 2**(attempts-1), at most
    the maximum. 30, 60, 120, ... 3600 with the defaults."""
    base = _setting("WERKPLEIN_OUTBOX_BACKOFF_SECONDS", 30)
    most = _setting("WERKPLEIN_OUTBOX_BACKOFF_MAX_SECONDS", 3600)
    exponent = max(0, min(attempts - 1, 30))
    return int(min(base * 2**exponent, most))


def in_quiet_hours(local: datetime.time, quiet_from: datetime.time, quiet_until: datetime.time):
    """Whether `local` falls in [quiet_from, quiet_until), which may span midnight. Equal
    bounds mean no quiet hours."""
    if quiet_from == quiet_until:
        return False
    if quiet_from < quiet_until:
        return quiet_from <= local < quiet_until
    return local >= quiet_from or local < quiet_until


def quiet_hours_end(
    now: datetime.datetime, quiet_from: datetime.time, quiet_until: datetime.time
) -> datetime.datetime | None:
    """The end of the quiet hours `now` falls in (in UTC), or None when `now` is not in them."""
    local = now.astimezone(LOCAL_TZ)
    if not in_quiet_hours(local.time(), quiet_from, quiet_until):
        return None
    day = local.date()
    if local.time() >= quiet_until:
        day += datetime.timedelta(days=1)
    end = datetime.datetime.combine(day, quiet_until, tzinfo=LOCAL_TZ)
    return end.astimezone(datetime.UTC)


class GatewayDown(Exception):
    """The gateway cannot be reached: not the message's fault; the row waits, never fails."""


class MessageRefused(Exception):
    """This message could not be sent; it counts towards the maximum number of attempts."""


def message_id(row_id: int) -> str:
    """The stable Message-ID of an outbox row: a receiver recognises a second copy by it."""
    host = urlsplit(settings.WERKPLEIN_BASE_URL).hostname or "werkplein"
    return f"<outbox-{row_id}@{host}>"


def _short(error: BaseException) -> str:
    """An error for `last_error`: its kind and code, never the server's text (which may quote
    the address)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _msg in error.recipients.values()})
        return f"SMTP ontvanger geweigerd {codes}"[:500]
    if isinstance(error, smtplib.SMTPResponseException):
        return f"SMTP {error.smtp_code} ({type(error).__name__})"
    if isinstance(error, sms.SmsError | GatewayDown | MessageRefused):
        return str(error)[:500]
    return type(error).__name__[:500]


@dataclass
class DrainResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    held: int = 0  # SMS held back by quiet hours
    released: int = 0  # claimed but not tried (batch stopped), back in the queue
    batches: int = 0
    errors: list[str] = field(default_factory=list)
    down: dict[str, str] = field(default_factory=dict)  # channel -> error: its gateway is down

    def add(self, other: "DrainResult") -> None:
        for name in ("sent", "retried", "failed", "held", "released", "batches"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)
        self.down.update(other.down)


def _due(now: datetime.datetime) -> Q:
    return Q(status=OutboxStatus.QUEUED, next_attempt_at__lte=now) | Q(
        status=OutboxStatus.SENDING, lease_until__lt=now
    )


def claim(
    now: datetime.datetime, batch_size: int, token: str, skip_channels=()
) -> list[OutgoingMessage]:
    """Claims up to `batch_size` due rows for this worker: the ids first, then one conditional
    UPDATE that only changes rows still due. Rows whose token is ours afterwards are ours.
    `skip_channels`: channels whose gateway was found down in this round."""
    ids = list(
        OutgoingMessage.objects.filter(_due(now))
        .exclude(channel__in=list(skip_channels))
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:batch_size]
    )
    if not ids:
        return []
    lease = datetime.timedelta(seconds=_setting("WERKPLEIN_OUTBOX_LEASE_SECONDS", 60))
    OutgoingMessage.objects.filter(_due(now), id__in=ids).update(
        status=OutboxStatus.SENDING,
        lease_until=now + lease,
        attempts=F("attempts") + 1,
        claimed_by=token,
    )
    return list(
        OutgoingMessage.objects.filter(
            id__in=ids, claimed_by=token, status=OutboxStatus.SENDING
        ).order_by("id")
    )


def _mine(row: OutgoingMessage, token: str):
    return OutgoingMessage.objects.filter(pk=row.pk, claimed_by=token, status=OutboxStatus.SENDING)


_MARK_SENT_SQL = (
    "UPDATE {table} SET status = %s, sent_at = %s, lease_until = NULL, last_error = '', "
    "gateway_reference = %s WHERE id = %s AND claimed_by = %s AND status = %s"
)


def _mark_sent(row: OutgoingMessage, token: str, now: datetime.datetime, reference: str = ""):
    """One short UPDATE, committed at once (the hot path: plain SQL, not the ORM's query
    building), only while the row is still ours."""
    table = connection.ops.quote_name(OutgoingMessage._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            _MARK_SENT_SQL.format(table=table),
            [
                OutboxStatus.SENT.value,
                connection.ops.adapt_datetimefield_value(now),
                reference or row.gateway_reference,
                row.pk,
                token,
                OutboxStatus.SENDING.value,
            ],
        )


def _retry_later(
    row: OutgoingMessage, token: str, now: datetime.datetime, error: str, *, gateway_down: bool
) -> bool:
    """Puts the row back with backoff; after the maximum number of attempts a refused message
    is marked failed. True when it failed for good."""
    give_up = not gateway_down and row.attempts >= _setting("WERKPLEIN_OUTBOX_MAX_ATTEMPTS", 10)
    if give_up:
        _mine(row, token).update(status=OutboxStatus.FAILED, lease_until=None, last_error=error)
        return True
    _mine(row, token).update(
        status=OutboxStatus.QUEUED,
        lease_until=None,
        last_error=error,
        next_attempt_at=now + datetime.timedelta(seconds=backoff_seconds(row.attempts)),
    )
    return False


def _release(rows: list[OutgoingMessage], token: str) -> int:
    """Gives claimed rows back untried: the claim's attempt is not counted."""
    if not rows:
        return 0
    return OutgoingMessage.objects.filter(
        id__in=[r.pk for r in rows], claimed_by=token, status=OutboxStatus.SENDING
    ).update(status=OutboxStatus.QUEUED, lease_until=None, attempts=F("attempts") - 1)


def _hold_for_quiet_hours(row: OutgoingMessage, token: str, until: datetime.datetime) -> None:
    _mine(row, token).update(
        status=OutboxStatus.QUEUED,
        lease_until=None,
        next_attempt_at=until,
        attempts=F("attempts") - 1,
    )


def _quiet_hours(rows: list[OutgoingMessage]) -> dict[int, tuple[datetime.time, datetime.time]]:
    user_ids = {r.recipient_user_id for r in rows if r.recipient_user_id}
    found = NotificationSettings.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "quiet_from", "quiet_until"
    )
    return {user_id: (start, end) for user_id, start, end in found}


def _render(row: OutgoingMessage) -> notices.Rendered | None:
    try:
        return notices.render(row.notice, row.params or {}, row.channel)
    except notices.UnknownNotice:
        raise MessageRefused("onbekend sjabloon") from None
    except Exception as error:  # a notice's bug or a lost record: retried, then failed
        logger.exception("Outbox %s: notice %s could not be rendered", row.pk, row.notice)
        raise MessageRefused(f"sjabloon niet te maken ({type(error).__name__})") from None


class _Mailer:
    """One SMTP connection for the e-mails of one batch, opened when the first is sent."""

    def __init__(self) -> None:
        self.connection = None

    def send(self, row: OutgoingMessage, rendered: notices.Rendered) -> None:
        if self.connection is None:
            connection = get_connection(timeout=_setting("EMAIL_TIMEOUT", None) or 30)
            try:
                connection.open()
            except (smtplib.SMTPResponseException, OSError) as error:
                raise GatewayDown(f"SMTP niet bereikbaar ({_short(error)})") from None
            self.connection = connection
        email = EmailMessage(
            subject=rendered.subject,
            body=rendered.text,
            to=[row.recipient],
            headers={"Message-ID": message_id(row.pk), "Auto-Submitted": "auto-generated"},
            connection=self.connection,
        )
        try:
            sent = self.connection.send_messages([email])
        except (
            smtplib.SMTPRecipientsRefused,
            smtplib.SMTPSenderRefused,
            smtplib.SMTPDataError,
        ) as error:
            if isinstance(error, smtplib.SMTPResponseException) and error.smtp_code == 421:
                self.close()
                raise GatewayDown(_short(error)) from None
            raise MessageRefused(_short(error)) from None
        except (smtplib.SMTPException, OSError) as error:  # the connection dropped or timed out
            self.close()
            raise GatewayDown(f"SMTP verbinding verbroken ({_short(error)})") from None
        if not sent:
            self.close()
            raise GatewayDown("SMTP verbinding verbroken")

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):  # closing a broken connection
                self.connection.close()
            self.connection = None


def _send_sms(backend: sms.BaseSmsBackend, row: OutgoingMessage, text: str) -> str:
    try:
        return backend.send(to=row.recipient, text=text, reference=str(row.pk))
    except sms.SmsError as error:
        if error.gateway_down:
            raise GatewayDown(str(error)) from None
        raise MessageRefused(str(error)) from None


def deliver_batch(rows: list[OutgoingMessage], token: str, now=None) -> DrainResult:
    """Renders and hands over claimed rows, marking each one as soon as it is handed over.

    With WERKPLEIN_OUTBOX_SENDERS > 1 the batch is split over that many threads, each with its
    own SMTP connection and database connection, so the round trips to the SMTP server overlap.
    Inside a transaction (tests) everything runs in this thread, on this connection."""
    started = time.monotonic()
    quiet = _quiet_hours([r for r in rows if r.channel == Channel.SMS])
    down: dict[str, str] = {}
    senders = max(1, min(_setting("WERKPLEIN_OUTBOX_SENDERS", 4), len(rows)))
    if senders == 1 or connection.in_atomic_block:
        result = _deliver_slice(rows, token, now, quiet, down, started)
    else:
        results: list[DrainResult] = [DrainResult() for _ in range(senders)]

        def run(index: int) -> None:
            try:
                results[index] = _deliver_slice(
                    rows[index::senders], token, now, quiet, down, started
                )
            except Exception:
                logger.exception("Outbox sender thread failed; its rows wait for the lease")
            finally:
                connections.close_all()  # this thread's connections only

        threads = [threading.Thread(target=run, args=(i,)) for i in range(senders)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result = DrainResult()
        for part in results:
            result.add(part)
    result.batches = 1
    result.down = down
    return result


def _deliver_slice(
    rows: list[OutgoingMessage],
    token: str,
    now: datetime.datetime | None,
    quiet: dict,
    down: dict[str, str],
    started: float,
) -> DrainResult:
    result = DrainResult()
    fixed_now = now
    clock = (lambda: fixed_now) if fixed_now is not None else timezone.now
    lease = _setting("WERKPLEIN_OUTBOX_LEASE_SECONDS", 60)
    mailer = _Mailer()
    sms_backend = None
    try:
        for index, row in enumerate(rows):
            if time.monotonic() - started > lease / 2:
                # Our lease is running out: give the rest back rather than risk a second sender.
                result.released += _release(rows[index:], token)
                break
            if row.channel in down:
                # Its gateway is down: this row waits too, with the same backoff.
                _retry_later(row, token, clock(), down[row.channel], gateway_down=True)
                result.retried += 1
                continue
            moment = clock()
            if row.channel == Channel.SMS:
                quiet_from, quiet_until = quiet.get(
                    row.recipient_user_id, (DEFAULT_QUIET_FROM, DEFAULT_QUIET_UNTIL)
                )
                until = quiet_hours_end(moment, quiet_from, quiet_until)
                if until is not None:
                    _hold_for_quiet_hours(row, token, until)
                    result.held += 1
                    continue
            try:
                rendered = _render(row)
                if rendered is None:
                    _mine(row, token).update(
                        status=OutboxStatus.FAILED, lease_until=None, last_error=NO_LONGER_RELEVANT
                    )
                    result.failed += 1
                    continue
                if row.channel == Channel.EMAIL:
                    mailer.send(row, rendered)
                    reference = ""
                else:
                    sms_backend = sms_backend or sms.get_backend()
                    reference = _send_sms(sms_backend, row, rendered.text)
            except GatewayDown as error:
                down[row.channel] = _short(error)
                _retry_later(row, token, clock(), _short(error), gateway_down=True)
                result.retried += 1
                result.errors.append(_short(error))
                continue
            except MessageRefused as error:
                if _retry_later(row, token, clock(), _short(error), gateway_down=False):
                    result.failed += 1
                else:
                    result.retried += 1
                result.errors.append(_short(error))
                continue
            _mark_sent(row, token, clock(), reference)
            result.sent += 1
    finally:
        mailer.close()
    return result


def drain(
    *, budget_seconds: float = 30, now: datetime.datetime | None = None, batch_size=None
) -> DrainResult:
    """Delivers due rows in batches until none are due or the time budget is spent. `now` fixes
    the clock (tests)."""
    batch_size = batch_size or _setting("WERKPLEIN_OUTBOX_BATCH_SIZE", 100)
    started = time.monotonic()
    total = DrainResult()
    while True:
        token = uuid.uuid4().hex
        rows = claim(now or timezone.now(), batch_size, token, skip_channels=set(total.down))
        if not rows:
            break
        total.add(deliver_batch(rows, token, now=now))
        if time.monotonic() - started > budget_seconds:
            break
    return total


def rows_due(now: datetime.datetime | None = None) -> bool:
    return OutgoingMessage.objects.filter(_due(now or timezone.now())).exists()


def next_due() -> datetime.datetime | None:
    """When the next waiting row becomes due: its next attempt, or the end of a lease."""
    queued = OutgoingMessage.objects.filter(status=OutboxStatus.QUEUED).aggregate(
        at=Min("next_attempt_at")
    )["at"]
    leased = OutgoingMessage.objects.filter(status=OutboxStatus.SENDING).aggregate(
        at=Min("lease_until")
    )["at"]
    moments = [m for m in (queued, leased) if m is not None]
    return min(moments) if moments else None
