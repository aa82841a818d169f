"""The chat socket: /ws/gesprekken/<conversation_id>/.

Access is decided exactly as on the pages: the socket opens only for a logged-in, active user
(past his second step where that is required) whom `selectors.conversation_for` lets into the
conversation; every delivery goes through `selectors.message_for`, which checks access again for
this user. Before every event and every message from the browser the socket checks that its
session still exists for this user (logged out elsewhere, revoked, expired, password changed):
if not, it closes. A logout closes it at once through the "session.closed" event.

The browser sends {"type": "send", "text": ..., "client_token": <uuid>}; the socket answers
{"type": "message", "id": ..., "html": ...} for every message of the conversation (the html is
messaging/_message.html rendered for this user) and {"type": "error", "message": ...} in Dutch.

Close codes: 4401 the session ended, 4403 no (longer) access.
"""

import asyncio
import contextlib
import json
import logging
import weakref
from importlib import import_module
from types import SimpleNamespace

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from werkplein.accounts.models import User
from werkplein.audit.models import Action
from werkplein.messaging import realtime, selectors, services

logger = logging.getLogger(__name__)

CLOSE_SESSION_ENDED = 4401
CLOSE_NO_ACCESS = 4403
MAX_FRAME = 64 * 1024  # far above a 5,000-character message in JSON
# Channel-layer calls (joining and leaving groups) at once per process: a thousand windows
# reconnecting together after a restart would otherwise exhaust the Redis connection pool.
LAYER_SLOTS = 32
_layer_slots: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = (
    weakref.WeakKeyDictionary()
)


def _layer_slot() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    slot = _layer_slots.get(loop)
    if slot is None:
        slot = _layer_slots[loop] = asyncio.Semaphore(LAYER_SLOTS)
    return slot


def _in_thread(function):
    """Database work off the event loop, in the thread pool: the sockets of one process do
    not queue behind each other's queries (Django's single "thread-sensitive" thread would
    serialise them)."""
    return database_sync_to_async(function, thread_sensitive=False)


class Gone(Exception):
    """The session or the access ended; the socket closes with `code`."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _session_user(session_key: str | None, user_id: int) -> User:
    """The user, reloaded, if his session still exists and still belongs to him."""
    if not session_key:
        raise Gone(CLOSE_SESSION_ENDED)
    engine = import_module(settings.SESSION_ENGINE)
    data = engine.SessionStore(session_key).load()  # {} when deleted or expired
    if str(data.get(SESSION_KEY)) != str(user_id):
        raise Gone(CLOSE_SESSION_ENDED)
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.is_active:
        raise Gone(CLOSE_NO_ACCESS)
    session_hash = data.get(HASH_SESSION_KEY)
    if not session_hash or not constant_time_compare(session_hash, user.get_session_auth_hash()):
        raise Gone(CLOSE_SESSION_ENDED)  # the password changed: every session ends
    return user


def _past_second_step(user: User, session) -> bool:
    """Whether the session passed the second step where one is required (as the pages ask)."""
    from django_otp.middleware import OTPMiddleware

    from werkplein.accounts.middleware import needs_second_factor

    OTPMiddleware(lambda request: None)._verify_user_sync(SimpleNamespace(session=session), user)
    return not needs_second_factor(user)


def _language(scope) -> str:
    """The language the pages would speak: the language cookie, else Accept-Language."""
    headers = dict(scope.get("headers") or [])
    cookie = (scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME)
    candidates = [cookie] if cookie else []
    accept = headers.get(b"accept-language", b"").decode("latin-1")
    candidates += [code for code, _q in translation.trans_real.parse_accept_lang_header(accept)]
    for code in candidates:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def _errors_text(error: ValidationError) -> str:
    return " ".join(error.messages)


class ChatConsumer(AsyncWebsocketConsumer):
    conversation_id: int
    user_id: int
    session_key: str | None
    language: str

    async def connect(self) -> None:
        user = self.scope.get("user")
        self.conversation_id = int(self.scope["url_route"]["kwargs"]["conversation_id"])
        session = self.scope.get("session")
        self.session_key = getattr(session, "session_key", None)
        self.language = _language(self.scope)
        self.groups_joined: list[str] = []
        self.sent_ids: set[int] = set()
        self.read_task: asyncio.Future | None = None
        self.read_again = False
        self.read_conversation = None
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=CLOSE_SESSION_ENDED)
            return
        self.user_id = user.pk
        if not await _in_thread(self._may_open)(session):
            await self.close(code=CLOSE_NO_ACCESS)
            return
        for group in (
            realtime.conversation_group(self.conversation_id),
            realtime.user_group(self.user_id),
            realtime.session_group(self.session_key),
        ):
            async with _layer_slot():
                await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        await self.accept()

    def _may_open(self, session) -> bool:
        try:
            user = _session_user(self.session_key, self.user_id)
        except Gone:
            return False
        if not _past_second_step(user, session):
            return False
        try:
            # Logs the read of the dossier's conversation, as opening the page does.
            selectors.conversation_for(user, self.conversation_id)
        except Http404:
            return False
        return True

    async def disconnect(self, code) -> None:
        for group in getattr(self, "groups_joined", []):
            async with _layer_slot():
                await self.channel_layer.group_discard(group, self.channel_name)
        if getattr(self, "read_task", None) is not None:
            with contextlib.suppress(Exception):
                await self.read_task

    async def _send_json(self, payload: dict) -> None:
        await self.send(text_data=json.dumps(payload))

    async def _error(self, message: str) -> None:
        await self._send_json({"type": "error", "message": message})

    # Events from the channel layer.

    async def chat_message(self, event: dict) -> None:
        message_id = event.get("message_id")
        if message_id in self.sent_ids:
            self.sent_ids.discard(message_id)  # this socket sent it and has shown it already
            return
        try:
            payload = await _in_thread(self._deliver)(message_id)
        except Gone as gone:
            await self.close(code=gone.code)
            return
        if payload is not None:
            await self._send_json(payload)
            self._mark_read_soon()

    def _deliver(self, message_id) -> dict | None:
        """Reads only: the frame goes out before the read mark is written."""
        user = _session_user(self.session_key, self.user_id)
        try:
            message = selectors.message_for(user, message_id)
        except Http404:
            raise Gone(CLOSE_NO_ACCESS) from None
        if message.conversation_id != self.conversation_id:
            return None
        self.read_conversation, self.read_user = message.conversation, user
        return self._render(message, user)

    def _mark_read_soon(self) -> None:
        """The window is open, so he has seen it: no "unread" notice for it. One write at a
        time per socket; a burst of messages makes at most two."""
        if self.read_task is not None and not self.read_task.done():
            self.read_again = True
            return
        self.read_task = asyncio.ensure_future(self._mark_read())

    async def _mark_read(self) -> None:
        while True:
            self.read_again = False
            try:
                await _in_thread(self._mark_read_now)()
            except Exception:
                logger.exception("Marking conversation %s read failed", self.conversation_id)
                return
            if not self.read_again:
                return

    def _mark_read_now(self) -> None:
        if self.read_conversation is not None:
            services.mark_read(user=self.read_user, conversation=self.read_conversation)

    def _render(self, message, user: User) -> dict:
        with translation.override(self.language):
            html = render_to_string("messaging/_message.html", {"message": message, "viewer": user})
        return {"type": "message", "id": message.pk, "html": html}

    async def session_closed(self, event: dict) -> None:
        await self.close(code=CLOSE_SESSION_ENDED)

    # Frames from the browser.

    async def receive(self, text_data=None, bytes_data=None) -> None:
        with translation.override(self.language):
            try:
                payload = (
                    json.loads(text_data) if text_data and len(text_data) < MAX_FRAME else None
                )
            except (ValueError, RecursionError):  # RecursionError: nested too deep
                payload = None
            if not isinstance(payload, dict):
                await self._error(_("Dit bericht kon niet worden gelezen. Probeer het opnieuw."))
                return
            if payload.get("type") != "send":
                await self._error(_("Onbekende opdracht."))
                return
            try:
                answer = await _in_thread(self._send_message)(
                    payload.get("text"), payload.get("client_token")
                )
            except Gone as gone:
                await self.close(code=gone.code)
                return
            await self._send_json(answer)

    def _send_message(self, text, client_token) -> dict:
        user = _session_user(self.session_key, self.user_id)
        with translation.override(self.language):
            try:
                # A message is a change, logged as a post of the page form is.
                conversation = selectors.conversation_for(
                    user, self.conversation_id, action=Action.UPDATE
                )
            except Http404:
                raise Gone(CLOSE_NO_ACCESS) from None
            try:
                message = services.send_message(
                    actor=user,
                    conversation=conversation,
                    text=text if isinstance(text, str) else "",
                    client_token=client_token,
                )
            except ValidationError as error:
                return {"type": "error", "message": _errors_text(error)}
            except Http404:
                raise Gone(CLOSE_NO_ACCESS) from None
            message = selectors.message_for(user, message.pk)
            answer = self._render(message, user)
        self.sent_ids.add(message.pk)
        answer["client_token"] = str(message.client_token)
        return answer
