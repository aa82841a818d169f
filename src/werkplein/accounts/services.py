"""Two-factor enrolment and verification for staff (TOTP through django-otp)."""

from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkplein.accounts.models import User


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
