"""The chat socket in tests: the real ASGI application (werkplein.asgi) driven by Channels'
WebsocketCommunicator over the in-memory channel layer, in one event loop (`run`), against a
committed database. Shared by the socket tests of this folder.

Fixtures (tests/messaging/conftest.py): `in_memory_layer`, which a socket test module uses for
all its tests (`pytestmark = pytest.mark.usefixtures("in_memory_layer")`), and `chat`.
"""

import concurrent.futures
import json
import uuid

from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.db import database_sync_to_async
from django.test import Client as HttpClient

from werkplein.messaging import services
from werkplein.messaging.models import Message

TIMEOUT = 3


class WebsocketCommunicator(ApplicationCommunicator):
    """channels.testing.WebsocketCommunicator, which cannot be imported without daphne.

    The consumer does its database work in pool threads, each with its own connection (closed
    after each call: see the `in_memory_layer` fixture), never on the test's own connection.
    """

    def __init__(self, application, path: str, headers: list) -> None:
        scope = {
            "type": "websocket",
            "path": path,
            "query_string": b"",
            "headers": headers,
            "subprotocols": [],
        }
        super().__init__(application, scope)

    async def connect(self, timeout=1) -> tuple[bool, object]:
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            return False, response.get("code", 1000)
        assert response["type"] == "websocket.accept", response
        return True, response.get("subprotocol")

    async def send_to(self, text_data: str) -> None:
        await self.send_input({"type": "websocket.receive", "text": text_data})

    async def send_json_to(self, data) -> None:
        await self.send_to(json.dumps(data))

    async def receive_from(self, timeout=1) -> str:
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return response["text"]

    async def disconnect(self, code=1000, timeout=1) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


def run(coroutine_function):
    """Runs an async test body in one event loop (pytest-asyncio is not installed).

    In a thread of its own: the browser tests' Playwright keeps an event loop in the main
    thread for the whole session, and async_to_sync refuses to run beside a running loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(async_to_sync(coroutine_function)).result()


def session_of(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return http


def socket(http: HttpClient | None, conversation_id, origin="http://127.0.0.1"):
    from werkplein.asgi import application

    headers = [(b"origin", origin.encode()), (b"host", b"127.0.0.1")]
    if http is not None:
        cookie = http.cookies["sessionid"].value
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    return WebsocketCommunicator(application, f"/ws/gesprekken/{conversation_id}/", headers=headers)


send_message = database_sync_to_async(
    lambda **kwargs: services.send_message(**{"client_token": uuid.uuid4(), **kwargs})
)


async def receive(communicator) -> dict:
    return json.loads(await communicator.receive_from(timeout=TIMEOUT))


async def closed_with(communicator) -> int:
    output = await communicator.receive_output(timeout=TIMEOUT)
    assert output["type"] == "websocket.close", output
    return output.get("code")


async def open_socket(http: HttpClient | None, conversation_id):
    """A socket on the conversation, connected (asserted)."""
    ws = socket(http, conversation_id)
    assert (await ws.connect(timeout=TIMEOUT))[0]
    return ws


def assert_bad_frame_refused_and_socket_kept(http: HttpClient, chat, frame: str, expected: str):
    """A bad frame gets a Dutch error, the socket stays open and still works, and only the
    good message after it is stored."""

    async def body():
        ws = await open_socket(http, chat.pk)
        await ws.send_to(text_data=frame)
        answer = await receive(ws)
        assert answer["type"] == "error"
        assert expected in answer["message"]
        # The socket stays open and still works.
        await ws.send_json_to(
            {"type": "send", "text": "Nog één", "client_token": str(uuid.uuid4())}
        )
        assert (await receive(ws))["type"] == "message"
        await ws.disconnect()

    run(body)
    assert list(Message.objects.filter(conversation=chat).values_list("text", flat=True)) == [
        "Nog één"
    ]
