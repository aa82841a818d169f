"""The task that empties the outbox.

`deliver_outbox` is enqueued after every commit that queued a message, and by `werkplein worker`
when it starts (so rows left by a worker that died are picked up). It drains the due rows for a
time budget; if rows remain due it enqueues itself again at once; if rows wait for a later moment
(backoff, quiet hours, a lease) it enqueues itself for that moment on a backend that can defer
tasks (django_tasks_db's DatabaseBackend). Where the backend cannot, `werkplein send_outbox`
from cron is the safety net.
"""

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from werkplein.notifications import delivery

logger = logging.getLogger(__name__)

BUDGET_SECONDS = 30


def _already_planned(at: datetime.datetime) -> bool:
    """Whether a deliver_outbox task waits in the database backend that runs by `at`: then a
    second one is not needed."""
    backend = deliver_outbox.get_backend()
    if type(backend).__module__.split(".")[0] != "django_tasks_db":
        return False
    from django.db.models import Q
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    # A task without run_after is stored with the largest date and runs as soon as it can.
    return DBTaskResult.objects.filter(
        Q(run_after__lte=at) | Q(run_after=get_date_max()),
        task_path=deliver_outbox.module_path,
        status=TaskResultStatus.READY,
    ).exists()


def schedule_next(now: datetime.datetime | None = None) -> datetime.datetime | None:
    """Enqueues deliver_outbox for when the next waiting row becomes due. Returns that moment, or
    None when nothing waits or the backend cannot defer."""
    now = now or timezone.now()
    at = delivery.next_due()
    if at is None:
        return None
    backend = deliver_outbox.get_backend()
    if _already_planned(max(at, now)):
        return at
    if at <= now:
        deliver_outbox.enqueue()
    elif backend.supports_defer:
        deliver_outbox.using(run_after=at).enqueue()
    else:
        return None
    return at


@task()
def deliver_outbox() -> dict:
    """Sends the due e-mails and SMS messages of the outbox (see notifications.delivery)."""
    result = delivery.drain(budget_seconds=BUDGET_SECONDS)
    if result.sent or result.failed or result.retried:
        logger.info(
            "Outbox: %s sent, %s to retry, %s failed, %s held for quiet hours",
            result.sent,
            result.retried,
            result.failed,
            result.held,
        )
    backend = deliver_outbox.get_backend()
    if backend.supports_defer:  # the immediate backend (tests) would recurse
        schedule_next()
    return {"sent": result.sent, "retried": result.retried, "failed": result.failed}
