"""Small real files for attachment tests, made in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 200, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(name: str = "cv.pdf"):
    return upload(name, pdf_bytes(), "application/pdf")


def png(name: str = "foto.png"):
    return upload(name, png_bytes(), "image/png")


def jpeg(name: str = "foto.jpg"):
    return upload(name, jpeg_bytes(), "image/jpeg")


def use_attachment_root(settings, tmp_path, monkeypatch):
    """A temporary attachment root: the setting and the model field's storage both point at it.
    Call it from a fixture in the test module."""
    from werkplein.messaging.models import Attachment, attachment_storage

    root = tmp_path / "attachments"
    settings.WERKPLEIN_ATTACHMENT_ROOT = root
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", attachment_storage())
    return root


def _extra_urlpatterns():
    from django.urls import include, path

    from werkplein import urls as root

    return [path("", include("werkplein.messaging.urls_extra")), *root.urlpatterns]


def __getattr__(name: str):
    # This module doubles as a URLconf for tests while the root one does not include
    # messaging.urls_extra yet (see use_extra_urls).
    if name == "urlpatterns":
        return _extra_urlpatterns()
    raise AttributeError(name)


def use_extra_urls(settings) -> None:
    """Makes the attachment and absence pages reachable, whether or not the root URLconf
    includes messaging.urls_extra already."""
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("messaging_extra:absences")
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__
