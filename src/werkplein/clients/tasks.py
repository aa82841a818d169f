"""Background work for clients: notices that go out after a change has been committed, queued
in the outbox (notifications). What they say is in clients/notices.py."""

from django.core.exceptions import ValidationError
from django_tasks import task

from werkplein.accounts.models import User
from werkplein.clients import notices
from werkplein.notifications.services import queue_email


@task()
def notify_new_coach(*, client_id: int, coach_id: int) -> None:
    """Tells a coach that a client was handed to him. No personal data in the e-mail: a link."""
    coach = User.objects.filter(pk=coach_id).first()
    if coach is None or not coach.email:
        return
    try:
        queue_email(
            to=coach.email,
            notice=notices.NEW_COACH,
            params={"client_id": client_id},
            user=coach,
        )
    except ValidationError:
        return
