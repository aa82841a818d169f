"""The e-mails with a one-time link: the invitation to Mijn Werkplein and the password reset.

Both are always sent by e-mail, whatever the person chose for other notices. The secret of the
link is made here, when the outbox sends the e-mail: it is never stored in the database (the
outbox row holds only the invitation's or account's id) and never in the task queue.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from werkplein.accounts import selectors, services
from werkplein.notifications.notices import Rendered, notice

INVITATION = "accounts.invitation"
PASSWORD_RESET = "accounts.password_reset"  # noqa: S105 (a notice name)


@notice(INVITATION)
def invitation(params: dict, channel: str) -> Rendered | None:
    """The invitation link; nothing personal in the e-mail but the link itself. Issuing the
    token replaces the previous one, so only the link of the last e-mail sent works."""
    invitation_id = params.get("invitation_id")
    if selectors.invitation_for_notice(invitation_id) is None:
        return None
    token = services.issue_invitation_token(invitation_id)
    if token is None:
        return None  # replaced, used or expired before the e-mail went out
    link = settings.WERKPLEIN_BASE_URL + reverse("accounts:accept_invitation", args=[token])
    body = render_to_string(
        "accounts/invitation_email.txt",
        {"link": link, "days": settings.WERKPLEIN_INVITATION_DAYS},
    )
    return Rendered(subject=_("Uw account voor Mijn Werkplein"), text=body)


@notice(PASSWORD_RESET)
def password_reset(params: dict, channel: str) -> Rendered | None:
    """A password-reset link for an active account that has a password."""
    user = selectors.account_for_notice(params.get("user_id"))
    if user is None or not user.email or not user.has_usable_password():
        return None
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.WERKPLEIN_BASE_URL + reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )
    body = render_to_string(
        "accounts/password_reset_email.txt",
        {"link": link, "minutes": settings.PASSWORD_RESET_TIMEOUT // 60},
    )
    return Rendered(subject=_("Nieuw wachtwoord voor Werkplein"), text=body)
