"""Notices to the coach about what his client did in Mijn Werkplein, queued in the outbox by
e-mail. What they say is in portal/notices.py (no personal content)."""

from django.core.exceptions import ValidationError
from django_tasks import task

from werkplein.notifications.services import queue_email
from werkplein.portal import notices, selectors

CHANGED = notices.CHANGED
CORRECTION = notices.CORRECTION


@task()
def notify_coach(*, client_id: int, reason: str) -> None:
    coach = selectors.coach_for_notice(client_id)
    if coach is None or not coach.email:
        return
    reason = CORRECTION if reason == CORRECTION else CHANGED
    try:
        queue_email(
            to=coach.email,
            notice=notices.COACH_NOTICE,
            params={"client_id": client_id, "reason": reason},
            user=coach,
        )
    except ValidationError:
        return
