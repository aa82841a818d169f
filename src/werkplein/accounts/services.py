"""Accounts: two-factor enrolment and verification (TOTP through django-otp), and the
invitation by which a client gets his Mijn Werkplein account."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkplein.accounts.models import Invitation, Role, User
from werkplein.clients.models import Client
from werkplein.core.tokens import hash_token
from werkplein.logbook import services as logbook_services
from werkplein.logbook.models import EntryKind


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device a user is enrolling with; one is made when there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def verify_token(*, request, user: User, token: str) -> bool:
    """Checks a code; on the first good code the pending device becomes the user's device."""
    devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    enrolling = not devices.exists()
    if enrolling:
        devices = TOTPDevice.objects.filter(user=user, confirmed=False)
    for device in devices.select_for_update():
        if device.verify_token(token):
            if enrolling:
                TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
                device.confirmed = True
            otp_login(request, device)
            return True
    return False


# --- Mijn Werkplein accounts for clients ---------------------------------------------------------


class InvitationRefused(Exception):
    """An invitation link that cannot be used (any more); `reason` says why, for the page."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def invitation_refusal(invitation: Invitation | None, now: datetime.datetime) -> str | None:
    """Why an invitation cannot be used at `now`; None when it still works."""
    if invitation is None:
        return InvitationRefused.UNKNOWN
    if invitation.used_at is not None:
        return InvitationRefused.USED
    if invitation.revoked_at is not None:
        return InvitationRefused.REVOKED
    if invitation.expires_at <= now:
        return InvitationRefused.EXPIRED
    return None


def _client_username(email: str) -> str:
    return email.strip().lower()


def _account_for(client: Client, email: str) -> User:
    """The client's account: made once, with an unusable password until he accepts.

    The username is his e-mail address. If another account already uses that address as its
    username, the invitation is refused: two people must never share a login name.
    """
    username = _client_username(email)
    taken = User.objects.filter(username__iexact=username)
    if client.user_id is not None:
        user = User.objects.select_for_update().get(pk=client.user_id)
        if user.role != Role.CLIENT:
            raise ValidationError(
                _("Aan dit dossier hangt een account dat geen klantaccount is. Vraag de beheerder.")
            )
        if not user.has_usable_password() and user.username != username:
            # Not activated yet: follow the address now in the dossier.
            if taken.exclude(pk=user.pk).exists():
                raise ValidationError(_USERNAME_TAKEN)
            user.username = username
        user.email = email
        user.save(update_fields=["username", "email"])
        return user
    if taken.exists():
        raise ValidationError(_USERNAME_TAKEN)
    user = User(
        username=username,
        email=email,
        first_name=client.first_name,
        last_name=" ".join(p for p in (client.name_prefix, client.last_name) if p),
        role=Role.CLIENT,
        werkplein_id=client.werkplein_id,
        organisation_id=client.municipality_id,
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # the same username taken at the same moment
        raise ValidationError(_USERNAME_TAKEN) from exc
    Client.objects.filter(pk=client.pk).update(user=user)
    client.user = user
    return user


_USERNAME_TAKEN = gettext_lazy(
    "Dit e-mailadres wordt al gebruikt als inlognaam van een ander account. "
    "Vraag de klant om een eigen e-mailadres en zet dat in het dossier."
)


@transaction.atomic
def invite_client(*, actor: User, client: Client) -> Invitation:
    """Invites the client to Mijn Werkplein: his account (made once), a new invitation that
    replaces any open one, and after commit an e-mail with the one-time link.

    The caller reached the client through clients.selectors.dossier_for_change.
    """
    if not actor.has_perm("accounts.invite_client") or actor.werkplein_id != client.werkplein_id:
        raise PermissionDenied
    email = (client.email or "").strip()
    if not email:
        raise ValidationError(
            _(
                "Er staat geen e-mailadres in het dossier. Vul eerst het e-mailadres van de klant "
                "in bij Persoonsgegevens."
            )
        )
    user = _account_for(client, email)
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    invitation = Invitation.objects.create(
        user=user,
        invited_by=actor,
        email=email,
        # A hash of a secret nobody keeps: the link works only once the e-mail task has made
        # the real secret (see tasks.send_invitation).
        token_hash=hash_token(secrets.token_urlsafe(32)),
        expires_at=now + datetime.timedelta(days=settings.WERKPLEIN_INVITATION_DAYS),
    )
    logbook_services.record_event(
        actor=actor,
        client=client,
        text=_("Uitnodiging voor Mijn Werkplein verstuurd."),
        kind=EntryKind.SYSTEM,
    )
    from werkplein.accounts.tasks import send_invitation

    transaction.on_commit(lambda: send_invitation.enqueue(invitation_id=invitation.pk))
    return invitation


def issue_invitation_token(invitation_id: int) -> str | None:
    """Makes the secret of the link of a still-open invitation and stores its hash.

    Returns the secret, or None when the invitation is no longer open. Called by the task that
    sends the e-mail, so the secret exists only in that e-mail: never in the database or queue.
    """
    token = secrets.token_urlsafe(32)
    updated = Invitation.objects.filter(
        pk=invitation_id,
        used_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).update(token_hash=hash_token(token))
    return token if updated else None


def check_invitation(token: str) -> Invitation:
    """The open invitation of a link, or InvitationRefused with the reason."""
    invitation = (
        Invitation.objects.filter(token_hash=hash_token(token)).select_related("user").first()
    )
    reason = invitation_refusal(invitation, timezone.now())
    if reason:
        raise InvitationRefused(reason)
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> User:
    """Uses an invitation once: sets the chosen password and writes the logbook.

    The invitation is marked used by one conditional UPDATE, so of two requests at the same
    moment exactly one wins; the other gets InvitationRefused and changes nothing.
    """
    invitation = check_invitation(token)
    user = invitation.user
    password_validation.validate_password(password, user)
    now = timezone.now()
    won = Invitation.objects.filter(
        pk=invitation.pk,
        used_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
    ).update(used_at=now)
    if not won:
        invitation.refresh_from_db()
        raise InvitationRefused(invitation_refusal(invitation, now) or InvitationRefused.USED)
    user.set_password(password)
    user.save(update_fields=["password"])
    client = Client.objects.filter(werkplein_id=user.werkplein_id, user=user).first()
    if client is not None:
        logbook_services.record_event(
            actor=user,
            client=client,
            text=_("Account voor Mijn Werkplein geactiveerd"),
            kind=EntryKind.SYSTEM,
        )
    return user


# --- optional two-factor login for clients -------------------------------------------------------


@transaction.atomic
def disable_two_factor(*, user: User) -> None:
    """Removes every authenticator device of the user; the caller checked his password."""
    TOTPDevice.objects.filter(user=user).delete()


def follow_email_change(
    *, account: User, old_email: str, new_email: str, taken_message: str
) -> None:
    """Keeps a client's account in step with the e-mail address in his dossier. His login name
    is his address (decision 0005), so it moves along, unless it was never his address (the demo
    accounts). Another account's address is refused with `taken_message` on the e-mail field."""
    new_username = new_email.strip().lower()
    follows = account.username.lower() == (old_email or "").strip().lower()
    if (
        follows
        and User.objects.filter(username__iexact=new_username).exclude(pk=account.pk).exists()
    ):
        raise ValidationError({"email": [taken_message]})
    changes = {"email": new_email}
    if follows:
        changes["username"] = new_username
    User.objects.filter(pk=account.pk).update(**changes)
    for name, value in changes.items():
        setattr(account, name, value)
