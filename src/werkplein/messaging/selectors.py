"""Every read of conversations and messages. Each takes the acting user first.

A user reaches a conversation only when he takes part in it (a Participant row) and may still
reach its client: staff through `core.access.reachable_clients`, a client only his own dossier
through `core.access.own_client`. Anything else is ClientNotFound, a 404 that looks exactly like a
conversation that does not exist. Opening a conversation is logged as a read of the dossier.
"""

import contextlib
import datetime
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from werkplein.accounts.models import Role, User
from werkplein.audit.models import Action, Outcome, Purpose, Relation
from werkplein.audit.services import record_access
from werkplein.clients.models import Client
from werkplein.core.access import (
    ClientNotFound,
    allowed_purposes,
    default_purpose,
    reach_condition,
    reachable_clients,
    relation_to,
)
from werkplein.core.pagination import paginate
from werkplein.logbook.models import Visibility
from werkplein.messaging.models import Attachment, Conversation, Message, Participant

MESSAGES_PER_PAGE = 30
CONVERSATIONS_PER_PAGE = 20
# Newest activity first; conversations without a message yet last (PostgreSQL sorts NULL first).
NEWEST_FIRST = (F("last_message_at").desc(nulls_last=True), "-pk")


def _client_condition(user: User, prefix: str = "") -> Q | None:
    """The condition on a row's client that the user may reach; None means nothing."""
    if not user.is_authenticated or not user.is_active or user.werkplein_id is None:
        return None
    if user.role == Role.CLIENT:
        return Q(**{f"{prefix}client__user": user})
    return Q(**{f"{prefix}client__in": reachable_clients(user).values("pk")})


def _visible_conversations(user: User) -> QuerySet[Conversation]:
    """The conversations the user takes part in and whose client he still reaches."""
    condition = _client_condition(user)
    if condition is None:
        return Conversation.objects.none()
    return (
        Conversation.objects.filter(werkplein_id=user.werkplein_id)
        .filter(condition)
        .filter(Exists(Participant.objects.filter(conversation=OuterRef("pk"), user=user)))
    )


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _unread_after(user: User, last_read: OuterRef | F, conversation: OuterRef) -> Coalesce:
    """Messages by others in the conversation after the last read (all of them when never read)."""
    unread = (
        Message.objects.filter(conversation=conversation)
        .exclude(author=user)
        .filter(created_at__gt=Coalesce(last_read, Value(EPOCH)))
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), 0)


def _with_unread(user: User, conversations: QuerySet[Conversation]) -> QuerySet[Conversation]:
    my_read = Participant.objects.filter(conversation=OuterRef("pk"), user=user)
    return conversations.annotate(
        my_last_read=Subquery(my_read.values("last_read_at")[:1])
    ).annotate(unread=_unread_after(user, OuterRef("my_last_read"), OuterRef("pk")))


def _purpose(user: User, stated: str | None = None) -> str:
    """The purpose of the read as other dossier reads state it: the one the user chose (the
    page's "doel"), else his role's default; a client always reads his own dossier."""
    if user.role == Role.CLIENT:
        return Purpose.OWN_DOSSIER
    return stated or default_purpose(user) or ""


def conversation_for(
    user: User,
    conversation_id: int | str,
    purpose: str | None = None,
    *,
    action: Action = Action.READ,
) -> Conversation:
    """The conversation, if the user takes part and may reach its client, for a purpose his
    role allows; the read is logged. Anything else is ClientNotFound (a 404), logged as refused.
    """
    purpose = _purpose(user, purpose)
    try:
        pk = int(conversation_id)
    except (TypeError, ValueError):
        pk = None
    conversation = None
    allowed = user.role == Role.CLIENT or purpose in allowed_purposes(user)
    if pk is not None and allowed:
        conversation = (
            _visible_conversations(user)
            .select_related("client", "client__coach", "client__team", "client__user")
            .filter(pk=pk)
            .first()
        )
    if conversation is None:
        if user.is_authenticated:
            reason = "buiten bereik of onbekend"
            if not allowed:
                reason = "doel niet toegestaan voor deze rol"
            record_access(
                user=user,
                action=action,
                outcome=Outcome.REFUSED,
                relation=Relation.NONE,
                purpose=purpose,
                detail=f"gesprek {str(conversation_id)[:40]}: {reason}",
            )
        raise ClientNotFound()
    relation = Relation.SELF if user.role == Role.CLIENT else relation_to(user, conversation.client)
    record_access(
        user=user,
        client=conversation.client,
        action=action,
        outcome=Outcome.ALLOWED,
        relation=relation,
        purpose=purpose,
        detail=f"gesprek {conversation.pk}",
    )
    return conversation


def conversations_for_client(user: User, client: Client) -> QuerySet[Conversation]:
    """The conversations of a client (already reached through a dossier selector) that the user
    takes part in, newest activity first, each with `unread` for this user."""
    return _with_unread(
        user, _visible_conversations(user).filter(client=client).order_by(*NEWEST_FIRST)
    )


def inbox_for(user: User, page_number: str | int | None = None) -> Page:
    """A page of the user's conversations, newest activity first, each with `unread`."""
    conversations = _visible_conversations(user).select_related("client").order_by(*NEWEST_FIRST)
    conversations = _with_unread(user, conversations)
    return paginate(conversations, page_number, CONVERSATIONS_PER_PAGE)


def participants_of(conversation: Conversation) -> QuerySet[Participant]:
    """Who takes part in a conversation the user already reached through conversation_for."""
    return conversation.participants.select_related("user", "standing_in_for").order_by(
        "joined_at", "pk"
    )


def _with_details(messages: QuerySet[Message]) -> QuerySet[Message]:
    return messages.select_related("author").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
    )


def message_for(user: User, message_id: int | str) -> Message:
    """One message, if the user may read its conversation (as in conversation_for); else a 404.

    Used by the chat socket for every delivery: it checks access each time but is not logged
    again; the read of the conversation was logged when the page or socket opened it.
    """
    try:
        pk = int(message_id)
    except (TypeError, ValueError):
        raise ClientNotFound() from None
    condition = _client_condition(user, prefix="conversation__")
    if condition is None:
        raise ClientNotFound()
    message = (
        _with_details(
            Message.objects.filter(werkplein_id=user.werkplein_id, pk=pk)
            .filter(condition)
            .filter(
                Exists(Participant.objects.filter(conversation=OuterRef("conversation"), user=user))
            )
        )
        .select_related("conversation")
        .first()
    )
    if message is None:
        raise ClientNotFound()
    return message


@dataclass(frozen=True)
class MessagesPage:
    messages: list[Message]  # oldest first
    older_than: int | None  # the id to ask for the page before this one; None at the start


def messages_page(
    user: User, conversation: Conversation, before: int | str | None = None
) -> MessagesPage:
    """The newest messages of a conversation the user reached (or those before message id
    `before`), oldest first, with the cursor for "eerdere berichten"."""
    messages = Message.objects.filter(
        werkplein_id=conversation.werkplein_id, conversation=conversation
    )
    if before not in (None, ""):
        with contextlib.suppress(TypeError, ValueError):
            messages = messages.filter(pk__lt=int(before))
    rows = list(_with_details(messages).order_by("-pk")[: MESSAGES_PER_PAGE + 1])
    older = len(rows) > MESSAGES_PER_PAGE
    rows = rows[:MESSAGES_PER_PAGE]
    rows.reverse()
    return MessagesPage(messages=rows, older_than=rows[0].pk if older and rows else None)


def unread_count(user: User) -> int:
    """All messages by others the user has not read, in the conversations he reaches.

    Every page shows this number, so it starts from the user's own participations (a few rows,
    by index) and asks his reach only of the conversations with unread messages: one query when
    nothing is unread, two otherwise. Asking the reach first costs a scan of every client he
    may reach, on every page, even for a team lead who takes part in no conversation."""
    if not user.is_authenticated or not user.is_active or user.werkplein_id is None:
        return 0
    unread = dict(
        Participant.objects.filter(user=user, conversation__werkplein_id=user.werkplein_id)
        .annotate(unread=_unread_after(user, OuterRef("last_read_at"), OuterRef("conversation")))
        .filter(unread__gt=0)
        .values_list("conversation_id", "unread")
    )
    condition = _client_condition(user) if unread else None
    if condition is None:
        return 0
    reached = Conversation.objects.filter(
        werkplein_id=user.werkplein_id, pk__in=list(unread)
    ).filter(condition)
    return sum(unread[pk] for pk in reached.values_list("pk", flat=True))


def notice_target(message_id: int, user_id: int) -> tuple[Message, Participant] | None:
    """For the unread-notice task (no user acts): the message and the recipient's participation,
    if he still takes part and still reaches the conversation's client; else None."""
    participant = (
        Participant.objects.filter(user_id=user_id, conversation__messages__pk=message_id)
        .select_related("user", "conversation")
        .first()
    )
    if participant is None or not participant.user.is_active:
        return None
    user = participant.user
    if not _visible_conversations(user).filter(pk=participant.conversation_id).exists():
        return None
    message = Message.objects.filter(pk=message_id).only("pk", "created_at", "author_id").first()
    if message is None:
        return None
    return message, participant


def possible_participants(user: User, client: Client) -> QuerySet[User]:
    """Staff the user may add to a new conversation about a client he reached: the coaches and
    team leads of the client's team, and his coach. (The service checks each one's reach.)"""
    people = User.objects.filter(
        werkplein_id=client.werkplein_id,
        is_active=True,
        role__in=[Role.COACH, Role.TEAM_LEAD],
    )
    team_people = Q(pk=client.coach_id) if client.coach_id else Q(pk__in=[])
    if client.team_id:
        team_people |= Q(teams__pk=client.team_id, teams__shares_caseloads=True) | Q(
            led_teams__pk=client.team_id
        )
    return (
        people.filter(team_people)
        .exclude(pk=user.pk)
        .exclude(pk=client.coach_id or 0)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def may_see_internal(user: User) -> bool:
    """Whether the user reads internal logbook entries, and so internal attachments."""
    return user.has_perm("logbook.view_internal")


# --- attachments: one way in ----------------------------------------------------------------


def _takes_part(user_id) -> Exists:
    """The conversation of the attachment's message has this person (an id or an OuterRef)."""
    return Exists(
        Participant.objects.filter(
            conversation_id=OuterRef("message__conversation_id"), user_id=user_id
        )
    )


def _visible_to(user: User, rows: QuerySet[Attachment]) -> QuerySet[Attachment]:
    """The rows this user may see, once he reaches their client (staff) or is their client.

    The client: only his own, never internal ones, and a message's files only from a
    conversation he takes part in. Staff who do not read internal logbook entries: no internal
    files (unless they uploaded them), and no files of a conversation the client is not part of
    (its messages are internal in the logbook) unless they take part in it themselves.
    """
    if user.role == Role.CLIENT:
        return rows.filter(client__user=user, visibility=Visibility.CLIENT).filter(
            Q(message__isnull=True) | Q(_takes_part(user.pk))
        )
    if may_see_internal(user):
        return rows
    return rows.filter(Q(visibility=Visibility.CLIENT) | Q(uploaded_by=user)).filter(
        Q(message__isnull=True)
        | Q(_takes_part(OuterRef("client__user_id")))
        | Q(_takes_part(user.pk))
    )


def attachments_for(user: User, client: Client) -> QuerySet[Attachment]:
    """Attachments of a client the user reached through clients.selectors.dossier_for (staff)
    or portal.selectors.own_dossier (the client), newest first, as `_visible_to` allows."""
    rows = Attachment.objects.filter(werkplein_id=client.werkplein_id, client=client)
    return _visible_to(user, rows).select_related("uploaded_by").order_by("-created_at", "-id")


def _refused(user: User, attachment_id, client: Client | None = None) -> ClientNotFound:
    record_access(
        user=user,
        client=client,
        action=Action.DOWNLOAD,
        outcome=Outcome.REFUSED,
        relation=Relation.NONE,
        purpose=default_purpose(user) or "",
        detail=f"bijlage {str(attachment_id)[:40]}",
    )
    return ClientNotFound()


def _reaches(user: User, client: Client) -> bool:
    condition = reach_condition(user)
    if condition is None:
        return False
    clients = Client.objects.filter(werkplein_id=user.werkplein_id, pk=client.pk)
    return clients.filter(condition).exists()


def attachment_for(user: User, attachment_id: int | str) -> Attachment:
    """The attachment if the user may download it; the download is logged. Anything else, an
    unknown id or another Werkplein's file alike, is ClientNotFound (a 404), logged as refused.

    The client: only his own, never internal ones. Staff: only of a client they reach, and
    internal ones only if they read internal entries (or uploaded it). See `_visible_to`.
    """
    if not user.is_authenticated or not user.is_active or user.werkplein_id is None:
        raise ClientNotFound()
    try:
        pk = int(attachment_id)
    except (TypeError, ValueError):
        raise _refused(user, attachment_id) from None
    attachment = (
        Attachment.objects.filter(werkplein_id=user.werkplein_id, pk=pk)
        .select_related("client", "client__team", "message")
        .first()
    )
    if attachment is None:
        raise _refused(user, pk)
    client = attachment.client
    one = Attachment.objects.filter(pk=attachment.pk)
    if user.role == Role.CLIENT:
        allowed = _visible_to(user, one).exists()
        relation, purpose = Relation.SELF, Purpose.OWN_DOSSIER
    else:
        # Like a conversation (messaging.selectors): staff always need to reach the client.
        allowed = _reaches(user, client) and _visible_to(user, one).exists()
        relation = relation_to(user, client) if allowed else Relation.NONE
        purpose = default_purpose(user) or ""
    if not allowed:
        raise _refused(user, pk)
    record_access(
        user=user,
        client=client,
        action=Action.DOWNLOAD,
        outcome=Outcome.ALLOWED,
        relation=relation,
        purpose=purpose,
        detail=f"bijlage {attachment.pk}",
    )
    return attachment
