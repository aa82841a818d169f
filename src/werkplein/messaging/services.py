"""Writing conversations and messages. Every write in one transaction; the chat windows and the
unread notices hear of a message only after it is committed.

The caller reached the conversation through `selectors.conversation_for` (the client through a
dossier selector for `start_conversation`); these functions check participation again, so a
missed check in a view or socket cannot let a message through.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from werkplein.accounts.models import Role, User
from werkplein.clients.models import Client
from werkplein.core.access import ClientNotFound, reachable_clients
from werkplein.logbook.models import EntryKind, Visibility
from werkplein.logbook.services import record_event
from werkplein.messaging import attachments, realtime, tasks
from werkplein.messaging.absences import stand_in_for
from werkplein.messaging.models import Conversation, Message, Participant

SUBJECT_MAX_LENGTH = Conversation._meta.get_field("subject").max_length
# A notice by e-mail or SMS waits this long: whoever reads the message in the open chat window
# in the meantime gets none.
NOTIFY_AFTER = datetime.timedelta(minutes=2)
RATE_GROUP = "werkplein.messaging.send"

logger = logging.getLogger(__name__)


class TooManyMessages(ValidationError):
    """The sender hit the flood limit. What he sent before stays sent."""


def _reaches(user: User, client: Client) -> bool:
    if user.role == Role.CLIENT:
        return client.user_id == user.pk and client.werkplein_id == user.werkplein_id
    # A case conference lets its participants read the client, not talk about him afterwards.
    return reachable_clients(user, with_conference=False).filter(pk=client.pk).exists()


def _participant_errors(actor: User, client: Client, people) -> list[str]:
    errors = []
    for person in people:
        if person.role == Role.PROVIDER_STAFF:
            errors.append(
                _(
                    "%(name)s werkt bij een re-integratiebedrijf. Dat kan pas meedoen als er "
                    "een verwijzing is; die is er nog niet."
                )
                % {"name": person}
            )
        elif (
            person.werkplein_id != client.werkplein_id
            or not actor.has_perm("messaging.start_conversation")
            or not person.has_perm("messaging.take_part")
            or not _reaches(person, client)
        ):
            errors.append(
                _("%(name)s kan niet meedoen: hij of zij werkt niet met deze klant.")
                % {"name": person}
            )
    return errors


@transaction.atomic
def start_conversation(
    *, actor: User, client: Client, subject: str, participants=()
) -> Conversation:
    """A new conversation in the client's dossier: the actor, the client (if he has an account),
    his coach, and any other staff of the Werkplein who reach the client themselves."""
    if not actor.has_perm("messaging.start_conversation") or not _reaches(actor, client):
        raise ClientNotFound()
    raw = str(subject or "")
    subject = " ".join(raw.split())
    errors: dict[str, list[str]] = {}
    if "\x00" in raw:
        errors["subject"] = [_("Het onderwerp bevat een teken dat niet is toegestaan.")]
    elif not subject:
        errors["subject"] = [_("Geef het gesprek een onderwerp.")]
    elif len(subject) > SUBJECT_MAX_LENGTH:
        errors["subject"] = [
            _("Het onderwerp is te lang: maximaal %(max)s tekens.") % {"max": SUBJECT_MAX_LENGTH}
        ]
    extra = [p for p in participants if p.pk != actor.pk]
    if actor.role == Role.CLIENT and extra:
        errors["participants"] = [_("U kunt alleen een gesprek met uw werkcoach beginnen.")]
    elif problems := _participant_errors(actor, client, extra):
        errors["participants"] = problems
    if errors:
        raise ValidationError(errors)
    conversation = Conversation.objects.create(
        werkplein_id=client.werkplein_id, client=client, subject=subject, started_by=actor
    )
    people = {actor.pk: actor}
    if client.user_id:
        people.setdefault(client.user_id, client.user)
    if client.coach_id:
        people.setdefault(client.coach_id, client.coach)
    for person in extra:
        people.setdefault(person.pk, person)
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user_id=pk) for pk in people]
    )
    return conversation


def first_conversation(*, actor: User, client: Client) -> Conversation | None:
    """The client's conversation with his coach, started the first time either of them opens
    "Berichten". None when it is someone else who opens it, or the client has no account or
    no coach (then there is no one to talk with)."""
    if (
        not client.user_id
        or not client.coach_id
        or actor.pk not in (client.user_id, client.coach_id)
    ):
        return None
    with transaction.atomic():
        # One at a time per client, so two first visits at once make one conversation.
        Client.objects.select_for_update().filter(pk=client.pk).first()
        existing = (
            Conversation.objects.filter(werkplein_id=client.werkplein_id, client=client)
            .filter(participants__user_id=client.user_id)
            .filter(participants__user_id=client.coach_id)
            .first()
        )
        if existing is not None:
            return None
        return start_conversation(actor=actor, client=client, subject=_("Contact met de werkcoach"))


def _token(value) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise ValidationError(
            {
                "client_token": [
                    _(
                        "Het formulier is verlopen of beschadigd. Laad de pagina opnieuw en "
                        "probeer het nog eens."
                    )
                ]
            }
        ) from None


def _storable(text: str) -> bool:
    """Whether the text is valid Unicode: a lone surrogate (possible in JSON from the socket)
    cannot be stored."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _clean_text(text, has_files: bool) -> str:
    text = text if isinstance(text, str) else ""
    limit = settings.WERKPLEIN_MESSAGE_MAX_LENGTH
    if "\x00" in text or not _storable(text):
        raise ValidationError({"text": [_("Het bericht bevat een teken dat niet is toegestaan.")]})
    text = text.strip()
    if not text and not has_files:
        raise ValidationError({"text": [_("Schrijf een bericht.")]})
    if len(text) > limit:
        raise ValidationError(
            {
                "text": [
                    _("Het bericht is te lang: maximaal %(max)s tekens, dit zijn er %(count)s.")
                    % {"max": limit, "count": len(text)}
                ]
            }
        )
    return text


def _check_rate(actor: User) -> None:
    usage = get_usage(
        None,
        group=RATE_GROUP,
        key=lambda group, request: str(actor.pk),
        rate=settings.WERKPLEIN_MESSAGE_RATE,
        increment=True,
    )
    if usage is not None and usage["should_limit"]:
        raise TooManyMessages(
            {
                "text": [
                    _(
                        "U stuurt te veel berichten kort na elkaar. Wacht een minuut en probeer "
                        "het dan opnieuw. Uw eerdere berichten zijn wel verstuurd."
                    )
                ]
            }
        )


def _existing(conversation: Conversation, author: User, token: uuid.UUID) -> Message | None:
    return Message.objects.filter(
        conversation=conversation, author=author, client_token=token
    ).first()


def _ensure_stand_in(conversation: Conversation) -> None:
    """When the client's coach takes part and is absent today, his stand-in takes part too."""
    coach = conversation.client.coach
    if coach is None or not conversation.participants.filter(user=coach).exists():
        return
    stand_in = stand_in_for(coach)
    if stand_in is None:
        return
    Participant.objects.get_or_create(
        conversation=conversation, user=stand_in, defaults={"standing_in_for": coach}
    )


def _log_line(message: Message, conversation: Conversation, client_takes_part: bool):
    author = message.author
    name = author.get_full_name() or author.username
    return record_event(
        actor=author,
        client=conversation.client,
        kind=EntryKind.MESSAGE,
        visibility=Visibility.CLIENT if client_takes_part else Visibility.INTERNAL,
        text=_("Bericht van %(name)s in gesprek '%(subject)s'")
        % {"name": name, "subject": conversation.subject},
    )


def _after_commit(message: Message, recipients: list[int]) -> None:
    try:
        realtime.broadcast_message(message)
    except Exception:  # the channel layer (Redis) is down: the message is stored all the same
        logger.exception("Open chat windows not told of message %s", message.pk)
    backend = tasks.notify_unread.get_backend()
    job = tasks.notify_unread
    if backend.supports_defer:
        job = job.using(run_after=timezone.now() + NOTIFY_AFTER)
    for user_id in recipients:
        job.enqueue(message_id=message.pk, user_id=user_id)


def send_message(
    *, actor: User, conversation: Conversation, text: str, client_token, files=()
) -> Message:
    """Sends a message. A second call with the same token (a double click, a retried post)
    returns the first message: no second row, logbook entry or notice."""
    files = list(files or ())
    token = _token(client_token)
    text = _clean_text(text, bool(files))
    if not Participant.objects.filter(conversation=conversation, user=actor).exists():
        raise ClientNotFound()
    if (existing := _existing(conversation, actor, token)) is not None:
        return existing
    uploads = attachments.validated_uploads(files) if files else []
    _check_rate(actor)
    with transaction.atomic():
        client = conversation.client
        client_takes_part = bool(
            client.user_id
            and Participant.objects.filter(
                conversation=conversation, user_id=client.user_id
            ).exists()
        )
        try:
            with transaction.atomic():
                message = Message(
                    werkplein_id=conversation.werkplein_id,
                    conversation=conversation,
                    author=actor,
                    text=text,
                    client_token=token,
                )
                message.log_entry = _log_line(message, conversation, client_takes_part)
                message.save()
        except IntegrityError:
            existing = _existing(conversation, actor, token)
            if existing is None:
                raise
            return existing
        for upload in uploads:
            # A message's files are seen by everyone in the conversation.
            attachments.save_attachment(
                actor=actor,
                client=client,
                upload=upload,
                visibility=Visibility.CLIENT,
                message=message,
            )
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
        conversation.last_message_at = message.created_at
        Participant.objects.filter(conversation=conversation, user=actor).filter(
            Q(last_read_at__isnull=True) | Q(last_read_at__lt=message.created_at)
        ).update(last_read_at=message.created_at)
        _ensure_stand_in(conversation)
        recipients = list(
            Participant.objects.filter(conversation=conversation)
            .exclude(user=actor)
            .values_list("user_id", flat=True)
        )
        transaction.on_commit(lambda: _after_commit(message, recipients))
    return message


@transaction.atomic
def start_with_message(
    *, actor: User, client: Client, subject: str, participants=(), text: str, client_token
) -> Conversation:
    """A new conversation and its first message. The form's token makes a double submit start
    one conversation: the second returns the first."""
    token = _token(client_token)
    earlier = (
        Message.objects.filter(
            werkplein_id=client.werkplein_id,
            conversation__client=client,
            author=actor,
            client_token=token,
        )
        .select_related("conversation")
        .first()
    )
    if earlier is not None:
        return earlier.conversation
    errors: dict[str, list[str]] = {}
    try:
        _clean_text(text, has_files=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        conversation = start_conversation(
            actor=actor, client=client, subject=subject, participants=participants
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    send_message(actor=actor, conversation=conversation, text=text, client_token=token)
    return conversation


def mark_read(*, user: User, conversation: Conversation) -> None:
    """The user has seen everything in the conversation up to now."""
    now = timezone.now()
    Participant.objects.filter(conversation=conversation, user=user).filter(
        Q(last_read_at__isnull=True) | Q(last_read_at__lt=now)
    ).update(last_read_at=now)
