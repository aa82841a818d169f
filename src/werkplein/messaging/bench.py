"""Benchmark of the chat box: many open chat windows, and how fast a message reaches one.

`bench_websockets` works on the database this process uses (the bench database of `make bench`,
SQLite or PostgreSQL) and on the scale Werkplein (`werkplein seed --clients N`):

1. takes `connections` clients of the scale Werkplein, gives those without one a portal account,
   and finds or starts each one's conversation with his coach (services.first_conversation);
2. logs each client in by writing a session straight into the session store;
3. starts one uvicorn server process on the same database with REDIS_URL, so this process and the
   server share one Redis channel layer;
4. opens one websocket per client on his conversation, all at once;
5. sends one message per conversation through `services.send_message` in this process, as the
   client's coach, at `rate` per second, and measures from the start of the send call to the
   moment the message arrives on the client's socket (so the figure includes the service's own
   transaction, the Redis hop, the consumer's access checks, its rendering and the frame).

Run it alone with
    werkplein shell -c "from werkplein.messaging.bench import bench_websockets; bench_websockets()"

The flood limit is lifted for the run (one coach sends dozens of messages a second here); every
other setting is as in production. The bench messages stay in the bench database.
"""

import asyncio
import contextlib
import json
import os
import resource
import socket
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection, transaction
from django.test.utils import override_settings

from werkplein.accounts.models import Role, User
from werkplein.clients.models import Client
from werkplein.core import seeding
from werkplein.messaging import selectors, servers, services
from werkplein.messaging.models import Conversation

TARGET_P95_MS = 200.0
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
Out = Callable[[str], None]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    """The URL of the database this process uses, for the server process."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    if connection.vendor == "postgresql":
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    raise RuntimeError(f"Unsupported database for the websocket bench: {connection.vendor}")


def _raise_fd_limit(wanted: int) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def prepare(connections: int, out: Out = print) -> list[tuple[Client, Conversation, str]]:
    """(client, conversation, session key) for `connections` clients of the scale Werkplein."""
    from importlib import import_module

    werkplein = seeding.scale_werkplein()
    if werkplein is None:
        raise LookupError("No scale Werkplein: run `werkplein seed --clients N` first.")
    clients = list(
        Client.objects.filter(werkplein=werkplein, coach__isnull=False)
        .select_related("coach", "user")
        .order_by("id")[:connections]
    )
    if len(clients) < connections:
        raise LookupError(f"The scale Werkplein has {len(clients)} clients with a coach.")
    without = [c for c in clients if c.user_id is None]
    if without:
        out(f"  portal accounts for {len(without):,} clients")
        with transaction.atomic():
            users = []
            for c in without:
                user = User(
                    username=f"bench_chat_{c.pk}",
                    role=Role.CLIENT,
                    werkplein=werkplein,
                    first_name=c.first_name,
                    last_name=c.last_name,
                )
                user.set_unusable_password()
                users.append(user)
            User.objects.bulk_create(users)
            users = {u.username: u for u in User.objects.filter(username__startswith="bench_chat_")}
            for c in without:
                c.user = users[f"bench_chat_{c.pk}"]
            Client.objects.bulk_update(without, ["user"])
    started = time.perf_counter()
    conversations = [
        services.first_conversation(actor=c.coach, client=c)
        or selectors.conversations_for_client(c.coach, c).filter(participants__user=c.user).first()
        for c in clients
    ]
    out(f"  {len(conversations):,} conversations ready in {time.perf_counter() - started:.1f} s")
    engine = import_module(settings.SESSION_ENGINE)
    keys = []
    for c in clients:
        store = engine.SessionStore()
        store[SESSION_KEY] = str(c.user.pk)
        store[BACKEND_SESSION_KEY] = MODEL_BACKEND
        store[HASH_SESSION_KEY] = c.user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return list(zip(clients, conversations, keys, strict=True))


def _drop_sessions(keys: list[str]) -> None:
    from importlib import import_module

    engine = import_module(settings.SESSION_ENGINE)
    for key in keys:
        engine.SessionStore(key).delete()


def _start_server(port: int, redis_url: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "werkplein.settings",
        "DATABASE_URL": _database_url(),
        "SECRET_KEY": settings.SECRET_KEY,
        "REDIS_URL": redis_url,
        "WERKPLEIN_SECURE": "0",
        "WERKPLEIN_REQUIRE_2FA": "0",
    }
    argv = servers.uvicorn_command(port, "--backlog", "4096")
    with log.open("wb") as handle:
        process = subprocess.Popen(argv, env=env, stdout=handle, stderr=subprocess.STDOUT)  # noqa: S603
    if servers.wait_until_answering(port, lambda: process.poll() is None, timeout=60):
        return process
    if process.poll() is not None:
        raise RuntimeError(f"The bench server ended:\n{log.read_text(errors='replace')}")
    process.terminate()
    raise RuntimeError("The bench server did not answer within 60 s.")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


async def _measure(port, rows, rate: float, senders: int, timeout: float, out: Out) -> dict:
    from websockets.asyncio.client import connect

    n = len(rows)
    sent_at: list[float | None] = [None] * n
    received_at: list[float | None] = [None] * n
    returned_at: list[float | None] = [None] * n
    all_received = asyncio.Event()
    remaining = [n]
    connect_limit = asyncio.Semaphore(64)

    async def open_one(i: int, conversation_id: int, session_key: str):
        async with connect_limit:
            return await connect(
                f"ws://127.0.0.1:{port}/ws/gesprekken/{conversation_id}/",
                origin=f"http://127.0.0.1:{port}",
                additional_headers={"Cookie": f"sessionid={session_key}"},
                open_timeout=60,
                ping_interval=None,
                max_queue=None,
            )

    async def read(i: int, ws) -> None:
        async for frame in ws:
            now = time.perf_counter()
            data = json.loads(frame)
            if data.get("type") == "message" and received_at[i] is None:
                received_at[i] = now
                remaining[0] -= 1
                if remaining[0] == 0:
                    all_received.set()

    started = time.perf_counter()
    sockets = await asyncio.gather(
        *(open_one(i, conv.pk, key) for i, (_, conv, key) in enumerate(rows))
    )
    out(f"  {n:,} websockets open in {time.perf_counter() - started:.1f} s")
    readers = [asyncio.create_task(read(i, ws)) for i, ws in enumerate(sockets)]

    slots = asyncio.Semaphore(senders)

    def send_now(i: int) -> None:
        client, conversation, _ = rows[i]
        services.send_message(
            actor=client.coach,
            conversation=conversation,
            text=f"Bench-bericht {i + 1}",
            client_token=uuid.uuid4(),
        )

    async def send(i: int) -> None:
        # Like `senders` web workers: each send in its own thread with its own connection.
        async with slots:
            sent_at[i] = time.perf_counter()
            await sync_to_async(send_now, thread_sensitive=False)(i)
            returned_at[i] = time.perf_counter()

    interval = 1.0 / rate
    began = time.perf_counter()
    sends = []
    for i in range(n):
        delay = began + i * interval - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        sends.append(asyncio.create_task(send(i)))
    await asyncio.gather(*sends)
    sending = time.perf_counter() - began
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(all_received.wait(), timeout=timeout)
    for task in readers:
        task.cancel()
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    latencies = [
        (r - s) * 1000 for s, r in zip(sent_at, received_at, strict=True) if s and r is not None
    ]
    calls = [(r - s) * 1000 for s, r in zip(sent_at, returned_at, strict=True) if s and r]
    return {
        "latencies": latencies,
        "send_calls": calls,
        "sending_s": sending,
        "missing": n - len(latencies),
    }


def bench_websockets(
    connections: int = 1000,
    rate: float = 100.0,
    *,
    redis_url: str | None = None,
    senders: int | None = None,
    timeout: float = 30.0,
    out: Out = print,
) -> dict:
    """Open `connections` chat sockets, send one message to each at `rate` per second, and
    report the delivery latency (send call start -> frame received) in milliseconds."""
    from channels.layers import channel_layers

    redis_url = redis_url or settings.REDIS_URL or DEFAULT_REDIS_URL
    if senders is None:
        # SQLite takes one writer at a time: more sender threads only queue on its lock.
        senders = 1 if connection.vendor == "sqlite" else 2
    out(f"Websockets: {connections:,} connections, {rate:g} messages/s, {connection.vendor}")
    _raise_fd_limit(connections * 2 + 1024)
    layers = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_url]},
        }
    }
    rows = prepare(connections, out)
    keys = [key for _, _, key in rows]
    directory = Path(tempfile.mkdtemp(prefix="werkplein-ws-bench-"))
    port = _free_port()
    server = _start_server(port, redis_url, directory / "server.log")
    try:
        with override_settings(CHANNEL_LAYERS=layers, WERKPLEIN_MESSAGE_RATE="1000000/m"):
            channel_layers.backends = {}
            result = asyncio.run(_measure(port, rows, rate, senders, timeout, out))
    finally:
        channel_layers.backends = {}
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        _drop_sessions(keys)
    latencies = result["latencies"]
    report = {
        "connections": connections,
        "rate_per_s": rate,
        "database": connection.vendor,
        "delivered": len(latencies),
        "missing": result["missing"],
        "senders": senders,
        "send_duration_s": round(result["sending_s"], 2),
        "achieved_rate_per_s": round(connections / result["sending_s"], 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(_percentile(latencies, 0.95), 1) if latencies else None,
        "max_ms": round(max(latencies), 1) if latencies else None,
        "target_p95_ms": TARGET_P95_MS,
        # The part of the latency spent in send_message itself (its transaction, logbook line,
        # notice rows), before the message is on its way.
        "send_call_p50_ms": round(statistics.median(result["send_calls"]), 1),
        "send_call_p95_ms": round(_percentile(result["send_calls"], 0.95), 1),
    }
    out(
        f"  delivered {report['delivered']:,}/{connections:,}: p50 {report['p50_ms']} ms, "
        f"p95 {report['p95_ms']} ms, max {report['max_ms']} ms (target p95 <= {TARGET_P95_MS:g})"
    )
    if result["missing"]:
        out(f"  server log: {directory / 'server.log'}")
    return report
