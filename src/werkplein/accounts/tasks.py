"""Background work for accounts: the e-mails with a one-time link (invitation, password reset).

Each task makes the secret of its link itself, so the secret is in the e-mail only: never in
the database, and never in the task queue.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task

from werkplein.accounts import selectors, services


@task()
def send_invitation(*, invitation_id: int) -> None:
    """Sends the invitation link; nothing personal in the e-mail but the link itself."""
    invitation = selectors.invitation_for_notice(invitation_id)
    if invitation is None:
        return
    token = services.issue_invitation_token(invitation_id)
    if token is None:
        return  # replaced, used or expired before the e-mail went out
    link = settings.WERKPLEIN_BASE_URL + reverse("accounts:accept_invitation", args=[token])
    body = render_to_string(
        "accounts/invitation_email.txt",
        {"link": link, "days": settings.WERKPLEIN_INVITATION_DAYS},
    )
    send_mail(
        subject=_("Uw account voor Mijn Werkplein"),
        message=body,
        from_email=None,
        recipient_list=[invitation.email],
    )


@task()
def send_password_reset(*, user_id: int) -> None:
    """Sends a password-reset link to an account that has an e-mail address and a password."""
    user = selectors.account_for_notice(user_id)
    if user is None or not user.email or not user.has_usable_password():
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.WERKPLEIN_BASE_URL + reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )
    body = render_to_string(
        "accounts/password_reset_email.txt",
        {"link": link, "minutes": settings.PASSWORD_RESET_TIMEOUT // 60},
    )
    send_mail(
        subject=_("Nieuw wachtwoord voor Werkplein"),
        message=body,
        from_email=None,
        recipient_list=[user.email],
    )
