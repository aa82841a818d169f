"""Reads about accounts."""

from django.utils import timezone

from werkplein.accounts.models import Invitation, User
from werkplein.clients.models import Client


def portal_account_card(user: User, client: Client) -> dict:
    """The client's Mijn Werkplein account as the staff dossier page shows it: an account, an
    open invitation, or nothing yet; and whether this user may (re-)invite him.

    For a client the user already reached through clients.selectors.dossier_for.
    """
    account = None
    invitation = None
    if client.user_id is not None:
        account = User.objects.filter(pk=client.user_id).first()
        invitation = (
            Invitation.objects.filter(user_id=client.user_id).order_by("-created_at", "-id").first()
        )
    now = timezone.now()
    activated = account is not None and account.has_usable_password()
    open_invitation = (
        invitation
        if invitation is not None
        and invitation.used_at is None
        and invitation.revoked_at is None
        and invitation.expires_at > now
        else None
    )
    expired_invitation = (
        invitation
        if invitation is not None
        and open_invitation is None
        and invitation.used_at is None
        and invitation.revoked_at is None
        else None
    )
    return {
        "portal_account": {
            "activated": activated,
            "username": account.username if activated else "",
            "invitation": open_invitation,
            "expired_invitation": expired_invitation,
            "has_email": bool((client.email or "").strip()),
            "may_invite": user.has_perm("accounts.invite_client"),
        }
    }


# --- notices (the task worker: no user acts) ----------------------------------------------------


def invitation_for_notice(invitation_id: int) -> Invitation | None:
    """The invitation an e-mail task sends, for its address; None once it is gone."""
    return Invitation.objects.filter(pk=invitation_id).first()


def account_for_notice(user_id: int) -> User | None:
    """The active account an e-mail task writes to, for its address; None otherwise."""
    return User.objects.filter(pk=user_id, is_active=True).first()
