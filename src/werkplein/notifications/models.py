"""The outbox of e-mail and SMS, and what each person wants to be told, how and when."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Sms")


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    SENDING = "sending", _("Wordt verzonden")
    SENT = "sent", _("Verzonden")
    FAILED = "failed", _("Mislukt")
    DELIVERED = "delivered", _("Afgeleverd")


class OutgoingMessage(models.Model):
    """One e-mail or SMS. The text is rendered from `notice` and `params` when it is sent, so
    no secret (an invitation link) and no personal content is ever stored here."""

    werkplein = models.ForeignKey(
        "core.Werkplein", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=5, choices=Channel.choices)
    recipient = models.CharField(_("ontvanger"), max_length=254)  # e-mail address or E.164
    notice = models.CharField(_("sjabloon"), max_length=60)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Not before this moment: backoff after a failure, or the end of the quiet hours.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A claimed row belongs to one worker until this moment; after it, it is retried.
    lease_until = models.DateTimeField(null=True, blank=True)
    # The claim that holds the row while it is sending: a worker only marks rows it still holds.
    claimed_by = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # The gateway's id of an SMS, for its delivery-status callback.
    gateway_reference = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("uitgaand bericht")
        verbose_name_plural = _("uitgaande berichten")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["status", "lease_until"]),
            models.Index(fields=["gateway_reference"]),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.notice} ({self.status})"


class NotificationKind(models.TextChoices):
    NEW_MESSAGE = "new_message", _("Nieuw bericht")
    APPOINTMENT = "appointment", _("Afspraken: bevestigingen en herinneringen")
    PLAN_CHANGE = "plan_change", _("Wijzigingen in het plan")
    LOGBOOK_ENTRY = "logbook_entry", _("Nieuwe logboekregel van de werkcoach")
    WORK = "work", _("Taken voor u: coachvoorstellen, uitkeringszaken en acties uit casusoverleg")


class NotificationPreference(models.Model):
    """How one person wants to hear of one kind of event: e-mail, SMS or not at all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    channel = models.CharField(max_length=5, choices=[*Channel.choices, ("none", _("Geen"))])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.channel}"


class NotificationSettings(models.Model):
    """A person's mobile number for SMS and his quiet hours, in which no SMS is sent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    mobile = PhoneNumberField(_("mobiel nummer"), blank=True)
    quiet_from = models.TimeField(_("stil vanaf"), default=datetime.time(21, 0))
    quiet_until = models.TimeField(_("stil tot"), default=datetime.time(8, 0))

    def __str__(self) -> str:
        return f"{self.user}"
