"""Reads of notification preferences and settings, for the person himself and for the outbox."""

from werkplein.notifications.models import (
    Channel,
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
)

DEFAULT_CHANNEL = Channel.EMAIL.value


def preferences_for(user) -> dict[str, str]:
    """Every kind of notice mapped to the chosen channel ("email", "sms" or "none"); kinds the
    person never chose are e-mail."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    return {kind: chosen.get(kind, DEFAULT_CHANNEL) for kind in NotificationKind.values}


def preference_for(user, kind: str) -> str:
    channel = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("channel", flat=True)
        .first()
    )
    return channel or DEFAULT_CHANNEL


def settings_for(user) -> NotificationSettings:
    """The person's settings row, or an unsaved one with the defaults (no mobile number, quiet
    from 21:00 to 08:00)."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found if found is not None else NotificationSettings(user=user)


def mobile_for(user) -> str:
    """The number SMS messages go to, in E.164, or "" if there is none that can take an SMS.
    The number in the person's settings; for a client without settings, the phone number of his
    client record when that is a mobile number."""
    from werkplein.notifications.sms import mobile_e164  # no cycle at import time

    found = NotificationSettings.objects.filter(user=user).first()
    if found is not None:
        return mobile_e164(str(found.mobile)) if found.mobile else ""
    from werkplein.clients.models import Client

    phone = (
        Client.objects.filter(werkplein_id=user.werkplein_id, user=user)
        .values_list("phone", flat=True)
        .first()
    )
    return mobile_e164(str(phone)) if phone else ""
