"""Background work for accounts: the e-mails with a one-time link (invitation, password reset).

The tasks put the e-mail in the outbox (notifications); the notice (accounts/notices.py) makes
the secret of the link when the outbox sends it, so the secret is in the e-mail only: never in
the database, and never in the task queue. Always e-mail, whatever the person's preferences.
"""

from django.core.exceptions import ValidationError
from django_tasks import task

from werkplein.accounts import notices, selectors
from werkplein.notifications.services import queue_email


@task()
def send_invitation(*, invitation_id: int) -> None:
    """Queues the invitation e-mail to the address the invitation was made for."""
    invitation = selectors.invitation_for_notice(invitation_id)
    if invitation is None or not invitation.email:
        return
    try:
        queue_email(
            to=invitation.email,
            notice=notices.INVITATION,
            params={"invitation_id": invitation.pk},
            user=invitation.user,
        )
    except ValidationError:
        return  # no valid address: nothing to send to


@task()
def send_password_reset(*, user_id: int) -> None:
    """Queues a password-reset e-mail to an account that has an e-mail address and a password."""
    user = selectors.account_for_notice(user_id)
    if user is None or not user.email or not user.has_usable_password():
        return
    try:
        queue_email(
            to=user.email,
            notice=notices.PASSWORD_RESET,
            params={"user_id": user.pk},
            user=user,
        )
    except ValidationError:
        return
