"""Who may download which attachment, how it is served, and the pages around it."""

import pytest
from django.conf import settings as django_settings

from tests.conftest import WORLD_USERS
from werkplein.audit.models import AccessEvent, Action, Outcome, Relation
from werkplein.logbook.models import EntryKind, LogEntry, Visibility
from werkplein.messaging.attachments import save_attachment
from werkplein.messaging.models import Attachment, Conversation, Message, Participant
from werkplein.messaging.selectors import attachments_for

from .attachment_files import pdf, pdf_bytes, png, upload, use_attachment_root, use_extra_urls


@pytest.fixture(autouse=True)
def attachment_root(settings, tmp_path, monkeypatch):
    use_extra_urls(settings)
    return use_attachment_root(settings, tmp_path, monkeypatch)


def _document(world, client_key="own_client", visibility=Visibility.CLIENT, by="coach"):
    client = getattr(world, client_key)
    uploader = world.users[by]
    return save_attachment(
        actor=uploader, client=client, upload=pdf("Cv Jan.pdf"), visibility=visibility
    )


ROLES = WORLD_USERS
# Who downloads a document of the coach's own client (bijstand paid by Zutphen).
SHARED = {"coach", "teammate", "team_lead", "back_office"}
INTERNAL = {"coach", "teammate", "team_lead"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("visibility", "allowed"),
    [(Visibility.CLIENT, SHARED), (Visibility.INTERNAL, INTERNAL)],
    ids=["client", "internal"],
)
def test_download_matrix_for_a_staff_clients_document(world, login, role, visibility, allowed):
    attachment = _document(world, visibility=visibility)
    user = world.users[role]
    before = AccessEvent.objects.count()

    response = login(user).get(f"/bijlagen/{attachment.pk}/")

    event = AccessEvent.objects.filter(user=user).latest("id")
    assert AccessEvent.objects.count() == before + 1
    assert event.action == Action.DOWNLOAD
    if role in allowed:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == pdf_bytes()
        assert event.outcome == Outcome.ALLOWED
        assert event.client_id == world.own_client.pk
    else:
        assert response.status_code == 404
        assert event.outcome == Outcome.REFUSED
        assert event.client_id is None  # a refusal does not say whose file it was


@pytest.mark.parametrize(
    ("visibility", "status"), [(Visibility.CLIENT, 200), (Visibility.INTERNAL, 404)]
)
def test_a_client_downloads_his_own_document_but_never_an_internal_one(
    world, login, visibility, status
):
    attachment = _document(world, "client_user_client", visibility=visibility)
    response = login(world.users["client"]).get(f"/bijlagen/{attachment.pk}/")
    assert response.status_code == status
    event = AccessEvent.objects.filter(user=world.users["client"]).latest("id")
    assert event.outcome == (Outcome.ALLOWED if status == 200 else Outcome.REFUSED)
    if status == 200:
        assert event.relation == Relation.SELF


def test_the_quality_officer_downloads_from_his_sample(world, login):
    attachment = _document(world, "sampled_client", visibility=Visibility.INTERNAL)
    response = login(world.users["quality_officer"]).get(f"/bijlagen/{attachment.pk}/")
    assert response.status_code == 200
    assert AccessEvent.objects.latest("id").relation == Relation.SAMPLE


@pytest.mark.parametrize("role", ROLES)
def test_another_werkpleins_document_is_404_for_everyone(world, login, role):
    foreign = world.foreign_client
    attachment = save_attachment(
        actor=foreign.coach, client=foreign, upload=pdf(), visibility=Visibility.CLIENT
    )
    assert login(world.users[role]).get(f"/bijlagen/{attachment.pk}/").status_code == 404


@pytest.mark.parametrize("attachment_id", ["999999", "0", "abc", "1x"])
def test_unknown_ids_are_404(world, login, attachment_id):
    response = login(world.users["coach"]).get(f"/bijlagen/{attachment_id}/")
    assert response.status_code == 404


def test_anonymous_download_goes_to_login(world, client):
    attachment = _document(world)
    response = client.get(f"/bijlagen/{attachment.pk}/")
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_the_file_is_served_as_an_attachment_with_its_checked_type(world, login):
    attachment = save_attachment(
        actor=world.users["coach"],
        client=world.own_client,
        upload=png('../Réfé"rence\r\nX-Evil: 1.png'),
        visibility=Visibility.CLIENT,
    )
    response = login(world.users["coach"]).get(f"/bijlagen/{attachment.pk}/")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition
    assert "\r" not in disposition and "\n" not in disposition
    assert "X-Evil" not in response.headers or response.headers.get("X-Evil") is None
    assert "no-store" in response["Cache-Control"]


def test_the_stored_file_is_outside_static_dirs_and_has_no_url(world, attachment_root, login):
    attachment = _document(world)
    assert str(attachment.file.path).startswith(str(attachment_root))
    # The storage has no URL at all: only the download view, behind the checks, serves it.
    with pytest.raises(ValueError, match="no URL"):
        attachment.file.url  # noqa: B018
    # And the configured root, wherever it is, is not a folder the web server serves.
    from pathlib import Path

    root = Path(django_settings.WERKPLEIN_ATTACHMENT_ROOT).resolve()
    served = [Path(django_settings.STATIC_ROOT), *map(Path, django_settings.STATICFILES_DIRS)]
    for folder in served:
        folder = folder.resolve()
        assert folder != root and folder not in root.parents and root not in folder.parents
    media_root = getattr(django_settings, "MEDIA_ROOT", "")
    if media_root:
        assert Path(media_root).resolve() not in [root, *root.parents]


def test_the_default_root_is_outside_the_web_root():
    from pathlib import Path

    from werkplein import settings as project_settings

    root = Path(project_settings.WERKPLEIN_ATTACHMENT_ROOT).resolve()
    for folder in [Path(project_settings.STATIC_ROOT), *project_settings.STATICFILES_DIRS]:
        folder = Path(folder).resolve()
        assert folder not in [root, *root.parents]
        assert root not in folder.parents


# --- a message's files ---------------------------------------------------------------------------


def _message(world, *, with_client: bool):
    client = world.client_user_client
    conversation = Conversation.objects.create(
        werkplein=client.werkplein, client=client, subject="Cv", started_by=world.users["coach"]
    )
    people = [world.users["coach"]] + ([world.users["client"]] if with_client else [])
    for person in people:
        Participant.objects.create(conversation=conversation, user=person)
    import uuid

    message = Message.objects.create(
        werkplein=client.werkplein,
        conversation=conversation,
        author=world.users["coach"],
        text="Zie bijlage",
        client_token=uuid.uuid4(),
    )
    attachment = save_attachment(
        actor=world.users["coach"],
        client=client,
        upload=pdf(),
        visibility=Visibility.CLIENT,
        message=message,
    )
    return attachment


def test_a_message_file_adds_no_logbook_line_of_its_own(world):
    _message(world, with_client=True)
    assert not LogEntry.objects.filter(kind=EntryKind.DOCUMENT).exists()


@pytest.mark.parametrize(
    ("with_client", "role", "status"),
    [
        (True, "client", 200),
        (False, "client", 404),  # a staff-only conversation about him stays among staff
        (True, "back_office", 200),
        (False, "back_office", 404),
        (False, "teammate", 200),  # reads internal entries of the shared team
        (True, "other_coach", 404),
    ],
)
def test_who_downloads_a_message_file(world, login, with_client, role, status):
    from ..factories import BenefitFactory

    BenefitFactory(client=world.client_user_client, paying_organisation=world.zutphen)
    attachment = _message(world, with_client=with_client)
    response = login(world.users[role]).get(f"/bijlagen/{attachment.pk}/")
    assert response.status_code == status
    if role != "other_coach":  # the list is for a client the user already reached
        listed = attachments_for(world.users[role], world.client_user_client)
        assert listed.filter(pk=attachment.pk).exists() == (status == 200)


# --- the pages -----------------------------------------------------------------------------------


def test_the_coach_adds_an_internal_document_and_the_back_office_does_not_see_it(world, login):
    http = login(world.users["coach"])
    url = f"/klanten/{world.own_client.pk}/bijlagen/"
    response = http.post(url, {"file": pdf("Verslag.pdf"), "visibility": "internal"})
    assert response.status_code == 302
    assert Attachment.objects.get().visibility == Visibility.INTERNAL
    page = http.get(url).content.decode()
    assert "Verslag.pdf" in page and "Intern" in page
    back_office = login(world.users["back_office"]).get(url)
    assert back_office.status_code == 200
    assert "Verslag.pdf" not in back_office.content.decode()
    assert "Er staan nog geen documenten" in back_office.content.decode()


def test_the_back_office_cannot_choose_internal(world, login):
    http = login(world.users["back_office"])
    url = f"/klanten/{world.own_client.pk}/bijlagen/"
    assert 'name="visibility"' not in http.get(url).content.decode()
    response = http.post(url, {"file": pdf(), "visibility": "internal"})
    assert response.status_code == 302
    assert Attachment.objects.get().visibility == Visibility.CLIENT


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (lambda: upload("cv.pdf", b"<html><script>alert(1)</script>"), "Alleen PDF, JPEG of PNG"),
        (lambda: upload("leeg.pdf", b""), "Het bestand is leeg."),
        (lambda: upload("foto.png", png_bytes_truncated()), "beschadigd"),
    ],
    ids=["html-as-pdf", "empty", "corrupt-png"],
)
def test_a_refused_upload_says_why_and_changes_nothing(
    world, login, attachment_root, file, message
):
    from tests.bad_input import assert_page_refused, assert_unchanged, snapshot

    http = login(world.users["coach"])
    before = snapshot()
    response = http.post(
        f"/klanten/{world.own_client.pk}/bijlagen/", {"file": file(), "visibility": "client"}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert_page_refused(response)
    assert not Attachment.objects.exists()
    assert not [p for p in attachment_root.rglob("*") if p.is_file()]
    assert_unchanged(before)


def png_bytes_truncated() -> bytes:
    from .attachment_files import png_bytes

    content = png_bytes((64, 64))
    return content[: len(content) // 2]


def test_a_page_without_a_file_says_choose_one(world, login):
    response = login(world.users["coach"]).post(
        f"/klanten/{world.own_client.pk}/bijlagen/", {"visibility": "client"}
    )
    assert response.status_code == 422
    assert "Kies een bestand." in response.content.decode()


@pytest.mark.parametrize("role", ["quality_officer", "security_officer", "provider_staff"])
def test_who_may_not_add_documents_cannot(world, login, role):
    client = world.sampled_client if role == "quality_officer" else world.own_client
    response = login(world.users[role]).post(
        f"/klanten/{client.pk}/bijlagen/", {"file": pdf(), "visibility": "client"}
    )
    assert response.status_code in (403, 404)
    assert not Attachment.objects.exists()


def test_a_foreign_clients_documents_page_is_404(world, login):
    response = login(world.users["coach"]).get(f"/klanten/{world.foreign_client.pk}/bijlagen/")
    assert response.status_code == 404


def test_the_client_uploads_for_his_coach_and_sees_only_what_he_may(world, login):
    _document(world, "client_user_client", visibility=Visibility.INTERNAL)
    http = login(world.users["client"])
    response = http.post("/mijn/bijlagen/", {"file": png("Diploma.png")})
    assert response.status_code == 302
    mine = Attachment.objects.get(uploaded_by=world.users["client"])
    assert mine.client == world.client_user_client
    assert mine.visibility == Visibility.CLIENT
    page = http.get("/mijn/bijlagen/").content.decode()
    assert "Diploma.png" in page
    assert "Cv Jan.pdf" not in page  # the internal one
    coach_page = login(world.users["coach"]).get(
        f"/klanten/{world.client_user_client.pk}/bijlagen/"
    )
    assert "Diploma.png" in coach_page.content.decode()
    entry = LogEntry.objects.get(kind=EntryKind.DOCUMENT, author=world.users["client"])
    assert entry.visibility == Visibility.CLIENT


def test_the_client_cannot_make_his_upload_internal(world, login):
    http = login(world.users["client"])
    http.post("/mijn/bijlagen/", {"file": pdf(), "visibility": "internal"})
    assert Attachment.objects.get().visibility == Visibility.CLIENT


@pytest.mark.parametrize("role", ["coach", "back_office"])
def test_staff_do_not_reach_the_portal_page(world, login, role):
    assert login(world.users[role]).get("/mijn/bijlagen/").status_code == 404


def test_the_documents_page_does_not_grow_in_queries(world, login, django_assert_max_num_queries):
    for _ in range(3):
        _document(world)
    http = login(world.users["coach"])
    url = f"/klanten/{world.own_client.pk}/bijlagen/"
    http.get(url)
    with django_assert_max_num_queries(20) as few:
        http.get(url)
    count = len(few.captured_queries)
    for _ in range(10):
        _document(world, by="teammate")
    with django_assert_max_num_queries(count):
        http.get(url)


@pytest.mark.parametrize("role", ROLES)
def test_the_documents_page_is_there_for_whoever_reaches_the_client(world, login, role):
    response = login(world.users[role]).get(f"/klanten/{world.own_client.pk}/bijlagen/")
    reaches = SHARED
    assert response.status_code == (200 if role in reaches else 404)


def test_the_portal_page_does_not_grow_in_queries(world, login, django_assert_max_num_queries):
    http = login(world.users["client"])
    http.post("/mijn/bijlagen/", {"file": pdf()})
    http.get("/mijn/bijlagen/")
    with django_assert_max_num_queries(25) as few:
        http.get("/mijn/bijlagen/")
    count = len(few.captured_queries)
    for _ in range(8):
        _document(world, "client_user_client")
    with django_assert_max_num_queries(count):
        response = http.get("/mijn/bijlagen/")
    assert response.content.decode().count("/bijlagen/") >= 9
