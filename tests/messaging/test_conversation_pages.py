"""The conversation pages: inbox, conversation, client's list, new conversation, Mijn Werkplein."""

import re
import uuid

import pytest
from django.urls import reverse

from tests.conftest import WORLD_STAFF
from werkplein.audit.models import AccessEvent, Outcome
from werkplein.logbook.models import EntryKind, LogEntry
from werkplein.messaging import selectors
from werkplein.messaging.models import Conversation, Message, Participant

from .conversation_helpers import _fresh_rate_limit, send, start  # noqa: F401

pytestmark = pytest.mark.django_db

STAFF = WORLD_STAFF


def token_of(html: str) -> str:
    return re.search(r'name="client_token" value="([0-9a-f-]+)"', html).group(1)


def test_staff_inbox_lists_with_unread_and_empty_state(world, login):
    http = login(world.users["coach"])
    page = http.get(reverse("messaging:inbox"))
    assert page.status_code == 200
    assert "U doet nog in geen enkel gesprek mee." in page.content.decode()
    conversation = start(world)
    send(conversation, world.users["client"], "Hallo coach")
    html = http.get(reverse("messaging:inbox")).content.decode()
    assert conversation.subject in html
    assert "ongelezen" in html
    assert world.client_user_client.full_name in html


def test_conversation_page_shows_messages_marks_read_and_has_chat_hooks(world, login):
    conversation = start(world)
    send(conversation, world.users["client"], "<script>alert(1)</script>\nregel twee")
    assert selectors.unread_count(world.users["coach"]) == 1
    http = login(world.users["coach"])
    page = http.get(reverse("messaging:conversation", args=[conversation.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>regel twee" in html
    assert "<script>alert(1)" not in html
    assert f'data-chat-socket="/ws/gesprekken/{conversation.pk}/"' in html
    assert 'id="chat-messages"' in html and 'id="chat-form"' in html
    assert 'name="text"' in html and 'name="client_token"' in html
    assert "werkplein/chat.js" in html
    assert selectors.unread_count(world.users["coach"]) == 0


def test_post_without_javascript_redirects_and_double_submit_sends_once(world, login):
    conversation = start(world)
    http = login(world.users["coach"])
    url = reverse("messaging:conversation", args=[conversation.pk])
    token = token_of(http.get(url).content.decode())
    first = http.post(url, {"text": "Kunt u dinsdag?", "client_token": token})
    assert first.status_code == 302
    assert first["Location"].startswith(url + "#message-")
    again = http.post(url, {"text": "Kunt u dinsdag?", "client_token": token})
    assert again["Location"] == first["Location"]
    assert Message.objects.count() == 1
    assert LogEntry.objects.filter(kind=EntryKind.MESSAGE).count() == 1
    # Each page load carries a fresh token.
    assert token_of(http.get(url).content.decode()) != token


@pytest.mark.parametrize(
    ("text", "token", "fragment"),
    [
        ("", None, "Schrijf een bericht"),
        ("   ", None, "Schrijf een bericht"),
        ("x" * 5001, None, "te lang"),
        ("a\x00b", None, "niet is toegestaan"),
        ("Hallo", "geen-uuid", "Laad de pagina opnieuw"),
        ("Hallo", "", "Laad de pagina opnieuw"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_changes_nothing(world, login, text, token, fragment):
    conversation = start(world)
    http = login(world.users["coach"])
    url = reverse("messaging:conversation", args=[conversation.pk])
    page = http.post(
        url, {"text": text, "client_token": token if token is not None else uuid.uuid4()}
    )
    assert page.status_code == 422
    assert fragment in page.content.decode()
    assert not Message.objects.exists()
    assert not LogEntry.objects.filter(kind=EntryKind.MESSAGE).exists()


def test_flood_limit_page(world, login, settings):
    settings.WERKPLEIN_MESSAGE_RATE = "2/m"
    conversation = start(world)
    http = login(world.users["client"])
    url = reverse("portal:conversation", args=[conversation.pk])
    for n in range(2):
        assert (
            http.post(url, {"text": f"Bericht {n}", "client_token": uuid.uuid4()}).status_code
            == 302
        )
    page = http.post(url, {"text": "Nog een", "client_token": uuid.uuid4()})
    assert page.status_code == 429
    html = page.content.decode()
    assert "te veel berichten" in html
    assert "Bericht 0" in html and "Bericht 1" in html
    assert Message.objects.count() == 2


def test_older_messages_link(world, login, settings):
    settings.WERKPLEIN_MESSAGE_RATE = "1000/m"
    conversation = start(world)
    for n in range(selectors.MESSAGES_PER_PAGE + 5):
        send(conversation, world.users["coach"], f"Bericht nummer {n}.")
    http = login(world.users["coach"])
    url = reverse("messaging:conversation", args=[conversation.pk])
    html = http.get(url).content.decode()
    assert "Bericht nummer 4." not in html
    assert f"Bericht nummer {selectors.MESSAGES_PER_PAGE + 4}." in html
    older = re.search(r'href="([^"]*\?voor=\d+)"', html).group(1)
    html = http.get(older).content.decode()
    assert "Bericht nummer 0." in html and "Bericht nummer 4." in html
    assert "Eerdere berichten" not in html
    assert http.get(url + "?voor=abc").status_code == 200


def test_inbox_paginates(world, login):
    for n in range(selectors.CONVERSATIONS_PER_PAGE + 2):
        start(world, subject=f"Onderwerp {n}")
    http = login(world.users["coach"])
    html = http.get(reverse("messaging:inbox")).content.decode()
    assert "Pagina 1 van 2" in html
    assert http.get(reverse("messaging:inbox") + "?page=2").status_code == 200
    assert http.get(reverse("messaging:inbox") + "?page=xyz").status_code == 200


# --- who reaches what ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*STAFF, "client"])
def test_access_matrix(world, login, name):
    """Every role against every page and post, for a conversation of the client account
    (coach and client take part) and one about a client of another team."""
    own = start(world)
    send(own, world.users["coach"], "Eerste bericht")
    foreign = start(
        world,
        client=world.private_team_client,
        actor=world.users["other_coach"],
        subject="Gesprek van een ander team",
    )
    user = world.users[name]
    http = login(user)
    takes_part = name in ("coach", "client")

    staff_page = http.get(reverse("messaging:conversation", args=[own.pk]))
    portal_page = http.get(reverse("portal:conversation", args=[own.pk]))
    if name == "client":
        assert staff_page.status_code == 302
        assert portal_page.status_code == 200
    elif takes_part:
        assert staff_page.status_code == 200
        assert portal_page.status_code == 404
    else:
        assert staff_page.status_code == 404
        assert portal_page.status_code == 404

    foreign_status = {"client": 302, "other_coach": 200}.get(name, 404)
    for conversation in (foreign,):
        assert (
            http.get(reverse("messaging:conversation", args=[conversation.pk])).status_code
            == foreign_status
        )
        assert http.get(reverse("portal:conversation", args=[conversation.pk])).status_code == 404
        post = http.post(
            reverse(
                "portal:conversation" if name == "client" else "messaging:conversation",
                args=[conversation.pk],
            ),
            {"text": "Ingebroken", "client_token": uuid.uuid4()},
        )
        assert post.status_code == (302 if name == "other_coach" else 404)
    before = Message.objects.count()
    post = http.post(
        reverse(
            "portal:conversation" if name == "client" else "messaging:conversation", args=[own.pk]
        ),
        {"text": "Mijn bericht", "client_token": uuid.uuid4()},
    )
    assert post.status_code == (302 if takes_part else 404)
    assert Message.objects.count() == before + (1 if takes_part else 0)

    inbox = http.get(reverse("messaging:inbox"))
    portal_inbox = http.get(reverse("portal:messages"))
    if name == "client":
        assert inbox.status_code == 302 and portal_inbox.status_code == 200
    else:
        assert portal_inbox.status_code == 404
        uses = user.has_perm("messaging.use_messages")
        assert inbox.status_code == (200 if uses else 404)
        if uses:
            assert foreign.subject not in inbox.content.decode() or name == "other_coach"


def test_client_using_another_clients_conversation_gets_404(world, login):
    other = start(world, client=world.own_client, subject="Over een ander")
    http = login(world.users["client"])
    assert http.get(reverse("portal:conversation", args=[other.pk])).status_code == 404
    assert (
        http.post(
            reverse("portal:conversation", args=[other.pk]),
            {"text": "x", "client_token": uuid.uuid4()},
        ).status_code
        == 404
    )
    assert not Message.objects.exists()
    refused = AccessEvent.objects.filter(user=world.users["client"], outcome=Outcome.REFUSED)
    assert refused.exists()


def test_participant_who_lost_reach_gets_404(world, login):
    conversation = start(world, participants=[world.users["teammate"]])
    http = login(world.users["teammate"])
    url = reverse("messaging:conversation", args=[conversation.pk])
    assert http.get(url).status_code == 200
    world.team_shared.members.remove(world.users["teammate"])
    assert http.get(url).status_code == 404
    assert http.post(url, {"text": "x", "client_token": uuid.uuid4()}).status_code == 404
    assert selectors.unread_count(world.users["teammate"]) == 0


def test_reading_is_logged(world, login):
    conversation = start(world)
    login(world.users["coach"]).get(reverse("messaging:conversation", args=[conversation.pk]))
    event = AccessEvent.objects.filter(user=world.users["coach"]).latest("pk")
    assert event.client == world.client_user_client
    assert event.outcome == Outcome.ALLOWED
    assert event.purpose == "guidance"
    assert event.relation == "own_caseload"
    assert event.action == "read"
    login(world.users["client"]).get(reverse("portal:conversation", args=[conversation.pk]))
    event = AccessEvent.objects.filter(user=world.users["client"]).latest("pk")
    assert (event.client, event.purpose, event.relation) == (
        world.client_user_client,
        "own_dossier",
        "self",
    )


# --- from the dossier ----------------------------------------------------------------------------


def test_dossier_card_and_first_conversation(world, login):
    http = login(world.users["coach"])
    client = world.client_user_client
    dossier = http.get(reverse("clients:dossier", args=[client.pk])).content.decode()
    assert reverse("dossier_messages:list", args=[client.pk]) in dossier
    page = http.get(reverse("dossier_messages:list", args=[client.pk]))
    assert page.status_code == 200
    assert Conversation.objects.filter(client=client).count() == 1
    http.get(reverse("dossier_messages:list", args=[client.pk]))
    assert Conversation.objects.filter(client=client).count() == 1


def test_start_conversation_from_dossier(world, login):
    http = login(world.users["coach"])
    client = world.own_client
    url = reverse("dossier_messages:new", args=[client.pk])
    form = http.get(url)
    assert form.status_code == 200
    token = token_of(form.content.decode())
    data = {
        "subject": "Overleg",
        "participants": [world.users["teammate"].pk],
        "text": "Even overleggen",
        "client_token": token,
    }
    page = http.post(url, data)
    assert page.status_code == 302
    again = http.post(url, data)
    assert again["Location"] == page["Location"]
    conversation = Conversation.objects.get()
    assert set(conversation.participants.values_list("user__username", flat=True)) == {
        "coach",
        "teammate",
    }
    assert Message.objects.count() == 1


def test_start_conversation_bad_input(world, login):
    http = login(world.users["coach"])
    url = reverse("dossier_messages:new", args=[world.own_client.pk])
    page = http.post(url, {"subject": "", "text": "", "client_token": uuid.uuid4()})
    assert page.status_code == 422
    html = page.content.decode()
    assert "Geef het gesprek een onderwerp." in html
    assert "Schrijf een bericht." in html
    page = http.post(
        url,
        {
            "subject": "Overleg",
            "text": "Hallo",
            "client_token": uuid.uuid4(),
            "participants": [world.users["other_coach"].pk, "abc"],
        },
    )
    assert page.status_code == 422
    assert not Conversation.objects.exists()


@pytest.mark.parametrize("name", ["other_coach", "back_office_uwv", "provider_staff", "client"])
def test_dossier_conversations_outside_reach(world, login, name):
    http = login(world.users[name])
    for url in (
        reverse("dossier_messages:list", args=[world.own_client.pk]),
        reverse("dossier_messages:new", args=[world.own_client.pk]),
    ):
        assert http.get(url).status_code == 404
    assert (
        http.post(
            reverse("dossier_messages:new", args=[world.own_client.pk]),
            {"subject": "x", "text": "y", "client_token": uuid.uuid4()},
        ).status_code
        == 404
    )
    assert not Conversation.objects.exists()


# --- Mijn Werkplein ------------------------------------------------------------------------------


def test_client_first_visit_starts_conversation_with_coach(world, login):
    http = login(world.users["client"])
    page = http.get(reverse("portal:messages"))
    assert page.status_code == 200
    conversation = Conversation.objects.get()
    assert set(conversation.participants.values_list("user__username", flat=True)) == {
        "coach",
        "client",
    }
    html = http.get(reverse("portal:conversation", args=[conversation.pk])).content.decode()
    assert "data-chat-socket" in html


def test_client_sees_stand_in_notice(world, login):
    import datetime

    from django.utils import timezone

    from werkplein.messaging.models import Absence

    coach = world.users["coach"]
    today = timezone.localdate()
    Absence.objects.create(
        werkplein_id=coach.werkplein_id,
        coach=coach,
        stand_in=world.users["teammate"],
        starts_on=today,
        ends_on=today + datetime.timedelta(days=2),
        created_by=coach,
    )
    http = login(world.users["client"])
    html = http.get(reverse("portal:messages")).content.decode()
    assert "Uw werkcoach is afwezig tot en met" in html
    assert world.users["teammate"].get_full_name() in html
    conversation = Conversation.objects.get()
    http.post(
        reverse("portal:conversation", args=[conversation.pk]),
        {"text": "Hallo", "client_token": uuid.uuid4()},
    )
    assert Participant.objects.filter(
        conversation=conversation, user=world.users["teammate"], standing_in_for=coach
    ).exists()


# --- unread in the menu, query counts -------------------------------------------------------------


def test_unread_count_in_nav(world, login):
    conversation = start(world)
    send(conversation, world.users["client"], "Een")
    send(conversation, world.users["client"], "Twee")
    html = login(world.users["coach"]).get(reverse("clients:caseload")).content.decode()
    assert re.search(
        r"Berichten <span class=\"badge badge-unread\">2<span class=\"visually-hidden\"> ongelezen",
        html,
    )
    send(conversation, world.users["coach"], "Drie")
    html = login(world.users["client"]).get(reverse("portal:home")).content.decode()
    assert re.search(r"Berichten <span class=\"badge badge-unread\">1<", html)


def _busy(world, conversations: int, messages: int):
    made = []
    for n in range(conversations):
        conversation = start(world, subject=f"Gesprek {n}", participants=[world.users["teammate"]])
        for m in range(messages):
            send(conversation, world.users["client"] if m % 2 else world.users["teammate"], f"B{m}")
        made.append(conversation)
    return made


def test_inbox_query_count_does_not_grow(world, login, django_assert_max_num_queries, settings):
    settings.WERKPLEIN_MESSAGE_RATE = "1000/m"
    _busy(world, 3, 2)
    http = login(world.users["coach"])
    with django_assert_max_num_queries(20) as few:
        http.get(reverse("messaging:inbox"))
    _busy(world, 15, 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        http.get(reverse("messaging:inbox"))


def test_conversation_query_count_does_not_grow(
    world, login, django_assert_max_num_queries, settings
):
    settings.WERKPLEIN_MESSAGE_RATE = "1000/m"
    (conversation,) = _busy(world, 1, 2)
    http = login(world.users["coach"])
    url = reverse("messaging:conversation", args=[conversation.pk])
    with django_assert_max_num_queries(30) as few:
        http.get(url)
    for m in range(20):
        send(conversation, world.users["client"] if m % 2 else world.users["teammate"], f"C{m}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        http.get(url)


# --- files on a message (helper E's attachments) --------------------------------------------------


def test_message_with_files_shows_download_links(world, login, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .attachment_files import pdf_bytes, png_bytes

    settings.WERKPLEIN_ATTACHMENT_ROOT = tmp_path
    conversation = start(world)
    http = login(world.users["client"])
    url = reverse("portal:conversation", args=[conversation.pk])
    files = [
        SimpleUploadedFile("cv.pdf", pdf_bytes(), "application/pdf"),
        SimpleUploadedFile("foto.png", png_bytes(), "image/png"),
    ]
    page = http.post(url, {"text": "", "client_token": uuid.uuid4(), "files": files})
    assert page.status_code == 302
    message = Message.objects.get()
    assert message.attachments.count() == 2
    html = (
        login(world.users["coach"])
        .get(reverse("messaging:conversation", args=[conversation.pk]))
        .content.decode()
    )
    assert "cv.pdf" in html and "foto.png" in html
    assert "/bijlagen/" in html


def test_message_with_a_wrong_file_is_refused(world, login, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.WERKPLEIN_ATTACHMENT_ROOT = tmp_path
    conversation = start(world)
    http = login(world.users["client"])
    url = reverse("portal:conversation", args=[conversation.pk])
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    page = http.post(url, {"text": "Mijn cv", "client_token": uuid.uuid4(), "files": [fake]})
    assert page.status_code == 422
    assert "Mijn cv" in page.content.decode()  # his text stays in the form
    assert not Message.objects.exists()
    assert not LogEntry.objects.filter(kind=EntryKind.MESSAGE).exists()


@pytest.mark.parametrize(
    "pk", ["0", "2147483648", "9223372036854775808", "99999999999999999999999"]
)
def test_unknown_ids_are_404(world, login, pk):
    start(world)
    coach = login(world.users["coach"])
    client = login(world.users["client"])
    assert coach.get(f"/berichten/{pk}/").status_code == 404
    assert coach.post(f"/berichten/{pk}/", {"text": "x"}).status_code == 404
    assert client.get(f"/mijn/berichten/{pk}/").status_code == 404
    assert coach.get(f"/klanten/{pk}/gesprekken/").status_code == 404
    assert coach.get(f"/klanten/{pk}/gesprekken/nieuw/").status_code == 404
    assert not Message.objects.exists()


def test_stated_purpose_is_logged_and_checked(world, login):
    lead = world.users["team_lead"]
    conversation = start(world, participants=[lead])
    http = login(lead)
    url = reverse("messaging:conversation", args=[conversation.pk])
    assert http.get(url + "?doel=guidance").status_code == 200
    event = AccessEvent.objects.filter(user=lead).latest("pk")
    assert (event.purpose, event.outcome) == ("guidance", Outcome.ALLOWED)
    assert http.get(url).status_code == 200
    assert AccessEvent.objects.filter(user=lead).latest("pk").purpose == "team_management"
    assert http.get(url + "?doel=benefit").status_code == 404
    assert http.get(url + "?doel=<script>").status_code == 404
    event = AccessEvent.objects.filter(user=lead).latest("pk")
    assert event.outcome == Outcome.REFUSED
    posted = http.post(url, {"text": "Met doel", "client_token": uuid.uuid4(), "doel": "benefit"})
    assert posted.status_code == 404
    assert not Message.objects.exists()


def test_menu_links_to_messages_absence_documents_and_notices(world, login):
    html = login(world.users["coach"]).get(reverse("messaging:inbox")).content.decode()
    for url in ("/berichten/", "/afwezigheid/", "/meldingen/"):
        assert f'href="{url}"' in html
    html = login(world.users["client"]).get(reverse("portal:home")).content.decode()
    for url in ("/mijn/berichten/", "/mijn/bijlagen/", "/mijn/meldingen/"):
        assert f'href="{url}"' in html
    assert 'href="/berichten/"' not in html
    html = login(world.users["security_officer"]).get(reverse("audit:access_log")).content.decode()
    assert 'href="/berichten/"' not in html and 'href="/afwezigheid/"' not in html
    assert login(world.users["client"]).get("/mijn/meldingen/").status_code == 200
    assert login(world.users["coach"]).get("/mijn/meldingen/").status_code == 404


BAD_POSTS = [
    {"text": ""},
    {"text": "   \n\t "},
    {"text": "x" * 100_000},
    {"text": "a\x00b"},
    {"text": "Hallo", "client_token": "geen-uuid"},
    {"text": "Hallo", "client_token": "\x00"},
    {"text": "Hallo", "client_token": "9" * 5000},
    {"text": ["een", "twee"], "client_token": ""},
]


@pytest.mark.parametrize("name", ["coach", "client"])
@pytest.mark.parametrize("data", BAD_POSTS, ids=range(len(BAD_POSTS)))
def test_bad_posts_are_refused_in_dutch_and_change_nothing(world, login, name, data):
    from ..bad_input import assert_page_refused, assert_unchanged, snapshot

    conversation = start(world)
    page = "portal:conversation" if name == "client" else "messaging:conversation"
    url = reverse(page, args=[conversation.pk])
    data = {"client_token": str(uuid.uuid4()), **data}
    http = login(world.users[name])
    before = snapshot()
    response = http.post(url, data)
    assert response.status_code == 422
    assert_page_refused(response)
    assert_unchanged(before)
    assert not Message.objects.exists()


def test_bad_new_conversation_is_refused_in_dutch(world, login):
    from ..bad_input import HUGE_TEXT, NUL, assert_page_refused

    http = login(world.users["coach"])
    url = reverse("dossier_messages:new", args=[world.own_client.pk])
    for data in (
        {"subject": HUGE_TEXT, "text": "x"},
        {"subject": NUL, "text": "x"},
        {"subject": "Onderwerp", "text": NUL},
        {"subject": "Onderwerp", "text": "x", "client_token": "stuk"},
        {"subject": "Onderwerp", "text": "x", "participants": ["abc"]},
        {"subject": "Onderwerp", "text": "x", "participants": [world.users["provider_staff"].pk]},
    ):
        data.setdefault("client_token", str(uuid.uuid4()))
        assert_page_refused(http.post(url, data))
    assert not Conversation.objects.exists()
    assert not Message.objects.exists()
