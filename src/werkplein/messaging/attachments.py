"""Attachments: PDF, JPEG and PNG files in a client's dossier, on a message or on their own.

The type is judged from the content (never from the name or the browser's claim); images are
also opened and checked by Pillow. Files are stored outside the web root under opaque names and
are served only by the download view, through `selectors.attachment_for`, which checks access
and logs.
"""

import hashlib
import os
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from werkplein.accounts.models import Role, User
from werkplein.clients.models import Client
from werkplein.logbook.models import EntryKind, Visibility
from werkplein.logbook.services import record_event
from werkplein.messaging.models import Attachment, AttachmentType, Message
from werkplein.messaging.selectors import may_see_internal

MAX_FILES_PER_MESSAGE = 5
MAX_NAME_LENGTH = 120
# Larger images are refused before Pillow decodes them (a "decompression bomb").
MAX_IMAGE_PIXELS = 40_000_000
HEADER_BYTES = 8192
EXTENSIONS = {AttachmentType.PDF: ".pdf", AttachmentType.JPEG: ".jpg", AttachmentType.PNG: ".png"}
# What the name may end in for each type; another ending gets the type's own added.
NAME_ENDINGS = {
    AttachmentType.PDF: (".pdf",),
    AttachmentType.JPEG: (".jpg", ".jpeg"),
    AttachmentType.PNG: (".png",),
}
# Who may add a document to a dossier he reaches (messages: whoever takes part may attach).
DOSSIER_UPLOADERS = frozenset({Role.COACH, Role.TEAM_LEAD, Role.BACK_OFFICE, Role.CLIENT})


@dataclass(frozen=True)
class ValidatedUpload:
    """An upload whose content was checked; `name` is only for display, never for storage."""

    upload: UploadedFile
    name: str
    content_type: str
    size: int
    sha256: str


def _file_error(message: str, code: str) -> ValidationError:
    return ValidationError({"file": [ValidationError(message, code=code)]})


def _max_megabytes() -> int:
    return settings.WERKPLEIN_ATTACHMENT_MAX_BYTES // (1024 * 1024)


def _too_large() -> ValidationError:
    return _file_error(
        _("Het bestand is te groot: maximaal %(max)s MB.") % {"max": _max_megabytes()}, "too_large"
    )


def _wrong_type() -> ValidationError:
    return _file_error(
        _("Alleen PDF, JPEG of PNG is toegestaan. Dit bestand is van een ander soort."),
        "wrong_type",
    )


def clean_name(name: str, content_type: str) -> str:
    """The uploaded name fit for display and a download header: no folders, no control
    characters, not too long, and ending in the extension of its real type."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    base, ext = os.path.splitext(name)
    if ext.lower() not in NAME_ENDINGS[content_type]:
        base, ext = name, EXTENSIONS[content_type]
    base = base[: MAX_NAME_LENGTH - len(ext)].rstrip(" .") or _("bijlage")
    return base + ext


def _check_image(upload: UploadedFile) -> None:
    """Opens the image with Pillow: a corrupt, truncated or enormous image is refused."""
    broken = _file_error(
        _("Het bestand is beschadigd of onvolledig en kan niet worden geopend."), "corrupt"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise _file_error(
                        _("De afbeelding is te groot: maximaal %(max)s miljoen beeldpunten.")
                        % {"max": MAX_IMAGE_PIXELS // 1_000_000},
                        "too_many_pixels",
                    )
                image.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()  # verify() misses a truncated image; decoding it does not
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ):
        raise broken from None
    finally:
        upload.seek(0)


def validated_upload(upload: UploadedFile) -> ValidatedUpload:
    """Checks one uploaded file: not empty, not too large, a real PDF, JPEG or PNG.

    Raises ValidationError({"file": [...]}) with a Dutch message; reads the file once, in chunks.
    """
    if upload is None:
        raise _file_error(_("Kies een bestand."), "required")
    maximum = settings.WERKPLEIN_ATTACHMENT_MAX_BYTES
    if upload.size is not None and upload.size > maximum:
        raise _too_large()
    digest = hashlib.sha256()
    header = b""
    size = 0
    upload.seek(0)
    for chunk in upload.chunks():
        size += len(chunk)
        if size > maximum:
            raise _too_large()
        if len(header) < HEADER_BYTES:
            header += chunk[: HEADER_BYTES - len(header)]
        digest.update(chunk)
    upload.seek(0)
    if size == 0:
        raise _file_error(_("Het bestand is leeg."), "empty")
    kind = filetype.guess(header)
    content_type = kind.mime if kind is not None else ""
    if content_type not in AttachmentType.values:
        raise _wrong_type()
    if content_type != AttachmentType.PDF:
        _check_image(upload)
    return ValidatedUpload(
        upload=upload,
        name=clean_name(upload.name, content_type),
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
    )


def validated_uploads(uploads: Iterable[UploadedFile]) -> list[ValidatedUpload]:
    """Checks the files of one message: at most MAX_FILES_PER_MESSAGE, each by validated_upload."""
    uploads = [upload for upload in uploads if upload is not None]
    if len(uploads) > MAX_FILES_PER_MESSAGE:
        raise _file_error(
            _("U kunt maximaal %(max)s bestanden per bericht meesturen.")
            % {"max": MAX_FILES_PER_MESSAGE},
            "too_many",
        )
    return [validated_upload(upload) for upload in uploads]


def may_add_documents(user: User) -> bool:
    return user.is_authenticated and user.role in DOSSIER_UPLOADERS


def _checked_visibility(actor: User, client: Client, visibility: str, message) -> str:
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": [_("Kies wie de bijlage mag zien.")]})
    if visibility == Visibility.INTERNAL:
        if message is not None or actor.role == Role.CLIENT:
            raise ValidationError(
                {"visibility": [_("Deze bijlage is altijd zichtbaar voor de klant.")]}
            )
        if not may_see_internal(actor):
            raise ValidationError({"visibility": [_("U kunt geen interne bijlagen toevoegen.")]})
    return visibility


def save_attachment(
    *,
    actor: User,
    client: Client,
    upload: UploadedFile | ValidatedUpload,
    visibility: str = Visibility.CLIENT,
    message: Message | None = None,
) -> Attachment:
    """Stores a checked file for a client the actor reached through a selector.

    A dossier document (no message) adds a DOCUMENT logbook entry; a message's files are covered
    by the message's own entry. Runs inside the caller's transaction: if this write fails the
    stored file is removed at once. If the caller's transaction rolls back later, the file stays
    behind without a row: `sweep_orphans` removes such files.
    """
    if message is None and not may_add_documents(actor):
        raise PermissionDenied
    if actor.role == Role.CLIENT and client.user_id != actor.pk:
        raise PermissionDenied
    if message is not None and (
        message.conversation.client_id != client.pk or message.werkplein_id != client.werkplein_id
    ):
        raise PermissionDenied
    checked = upload if isinstance(upload, ValidatedUpload) else validated_upload(upload)
    visibility = _checked_visibility(actor, client, visibility, message)
    attachment = Attachment(
        werkplein_id=client.werkplein_id,
        client=client,
        message=message,
        uploaded_by=actor,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        visibility=visibility,
    )
    checked.upload.seek(0)
    attachment.file.save(checked.name, checked.upload, save=False)
    try:
        with transaction.atomic():
            attachment.save()
            if message is None:
                record_event(
                    actor=actor,
                    client=client,
                    text=_("Document toegevoegd: %(name)s (%(size)s)")
                    % {"name": checked.name, "size": filesizeformat(checked.size)},
                    kind=EntryKind.DOCUMENT,
                    visibility=visibility,
                )
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


def sweep_orphans(older_than_seconds: int = 3600) -> int:
    """Removes stored files that no attachment row names (left by a rolled-back transaction).

    Only files older than `older_than_seconds`, so a file being saved right now is never touched.
    Returns the number of files removed.
    """
    import time

    storage = Attachment._meta.get_field("file").storage
    root = storage.location
    if not os.path.isdir(root):
        return 0
    known = set(Attachment.objects.values_list("file", flat=True))
    cutoff = time.time() - older_than_seconds
    removed = 0
    for folder, _dirs, files in os.walk(root):
        for filename in files:
            full = os.path.join(folder, filename)
            relative = os.path.relpath(full, root).replace(os.sep, "/")
            if relative not in known and os.path.getmtime(full) < cutoff:
                os.remove(full)
                removed += 1
    return removed
