"""The one write of a person's notification preferences: channels per kind, mobile number and
quiet hours, saved together or not at all.

Kept apart from notifications.services (the outbox) so the page and the outbox can change
independently; like every service it validates everything itself, whatever the form did.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from werkplein.notifications.models import (
    Channel,
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
)
from werkplein.notifications.sms import mobile_e164

NONE = "none"
CHANNELS = frozenset({Channel.EMAIL.value, Channel.SMS.value, NONE})


def _validated(
    channels: dict[str, str], mobile: str, quiet_from, quiet_until
) -> tuple[dict[str, str], str]:
    errors: dict[str, list[str]] = {}
    clean_channels: dict[str, str] = {}
    for kind, channel in channels.items():
        if kind not in NotificationKind.values:
            errors.setdefault("__all__", []).append(_("Onbekende soort melding."))
        elif channel not in CHANNELS:
            errors[kind] = [_("Kies e-mail, sms of geen melding.")]
        else:
            clean_channels[kind] = channel
    number = ""
    if mobile:
        number = mobile_e164(str(mobile))
        if not number:
            errors["mobile"] = [_("Vul een mobiel nummer in (06...).")]
    if not number and "mobile" not in errors and Channel.SMS in clean_channels.values():
        errors["mobile"] = [
            _(
                "U koos voor sms, maar er is geen mobiel nummer. Vul een mobiel nummer in "
                "(06...), of kies e-mail of geen melding."
            )
        ]
    for field, value in (("quiet_from", quiet_from), ("quiet_until", quiet_until)):
        if not isinstance(value, datetime.time):
            errors[field] = [_("Vul een tijd in als uu:mm, bijvoorbeeld 21:00.")]
    if "quiet_from" not in errors and "quiet_until" not in errors and quiet_from == quiet_until:
        errors["quiet_until"] = [
            _(
                "Het begin en het einde van de stille uren zijn gelijk. Kies twee verschillende "
                "tijden, bijvoorbeeld van 21:00 tot 08:00."
            )
        ]
    if errors:
        raise ValidationError(errors)
    return clean_channels, number


@transaction.atomic
def save_preferences(
    *,
    actor,
    channels: dict[str, str],
    mobile: str,
    quiet_from: datetime.time,
    quiet_until: datetime.time,
) -> NotificationSettings:
    """Saves what `actor` chose for himself. Nothing is saved when anything is wrong (a
    ValidationError with Dutch messages per field)."""
    quiet_from, quiet_until = (
        value.replace(second=0, microsecond=0) if isinstance(value, datetime.time) else value
        for value in (quiet_from, quiet_until)
    )
    clean_channels, number = _validated(channels, mobile, quiet_from, quiet_until)
    found, _created = NotificationSettings.objects.select_for_update().get_or_create(user=actor)
    found.mobile = number
    found.quiet_from = quiet_from
    found.quiet_until = quiet_until
    found.save(update_fields=["mobile", "quiet_from", "quiet_until"])
    for kind, channel in clean_channels.items():
        NotificationPreference.objects.update_or_create(
            user=actor, kind=kind, defaults={"channel": channel}
        )
    return found
