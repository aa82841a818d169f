"""Conversations in a client's dossier, their messages and attachments, and coaches' absences."""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkplein.clients.models import Client
from werkplein.core.models import TenantModel
from werkplein.logbook.models import LogEntry, Visibility


class PrivateFileStorage(FileSystemStorage):
    """Files outside the web root, without a URL: only the download view serves them, after
    the access checks. Asking for a URL is a programming error, not a link to a file."""

    def url(self, name: str | None) -> str:
        raise ValueError("Attachments have no URL; link to the download view instead.")


def attachment_storage() -> FileSystemStorage:
    return PrivateFileStorage(location=settings.WERKPLEIN_ATTACHMENT_ROOT)


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name never carries the uploaded name, which may hold personal data.
    return f"{instance.werkplein_id}/{instance.client_id}/{uuid.uuid4().hex}"


class Conversation(TenantModel):
    """A conversation in one client's dossier."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="conversations")
    subject = models.CharField(_("onderwerp"), max_length=120)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")
        indexes = [models.Index(fields=["werkplein", "client", "-last_message_at"])]

    def __str__(self) -> str:
        return self.subject


class Participant(models.Model):
    """A person in a conversation, and how far he has read it."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conversation_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    last_read_at = models.DateTimeField(null=True, blank=True)
    # When the last "you have an unread message" notice went out; none again until he reads.
    notified_at = models.DateTimeField(null=True, blank=True)
    # Set when he takes part as the stand-in of an absent coach.
    standing_in_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="one_participation")
        ]
        indexes = [models.Index(fields=["user", "conversation"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.conversation_id}"


class Message(TenantModel):
    """One message. `client_token` is made by the sending form or socket: a double click that
    posts the same token twice makes one message."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.PROTECT, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="messages_written"
    )
    text = models.TextField(_("bericht"))
    client_token = models.UUIDField()
    log_entry = models.OneToOneField(
        LogEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="message"
    )

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "author", "client_token"], name="message_sent_once"
            )
        ]
        indexes = [models.Index(fields=["conversation", "created_at"])]


class AttachmentType(models.TextChoices):
    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"


class Attachment(TenantModel):
    """A PDF or image in a client's dossier, on a message or on its own."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="attachments")
    message = models.ForeignKey(
        Message, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(storage=attachment_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(max_length=40, choices=AttachmentType.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    visibility = models.CharField(
        _("zichtbaarheid"), max_length=10, choices=Visibility.choices, default=Visibility.CLIENT
    )

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        indexes = [models.Index(fields=["werkplein", "client", "-created_at"])]


class Absence(TenantModel):
    """A coach's leave: from `starts_on` to `ends_on` inclusive his stand-in takes his messages."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="absences"
    )
    stand_in = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="stand_in_absences"
    )
    starts_on = models.DateField(_("eerste dag"))
    ends_on = models.DateField(_("laatste dag"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("afwezigheid")
        verbose_name_plural = _("afwezigheden")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="absence_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(stand_in=F("coach")), name="absence_stand_in_is_someone_else"
            ),
        ]
        indexes = [models.Index(fields=["werkplein", "coach", "ends_on"])]
