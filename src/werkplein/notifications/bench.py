"""Outbox throughput: how many e-mails one worker hands to a local SMTP server per second.

`bench_outbox_throughput(messages)` starts an aiosmtpd sink in a separate process (so the sink
does not compete with the worker for the interpreter), queues `messages` rows, drains them with
the worker's own code (notifications.delivery.drain, one process, one SMTP connection per batch,
each row marked sent in its own commit) and checks that the sink received every one exactly
once. The rows are removed afterwards. Needs Django set up on a migrated database.
"""

import resource
import subprocess
import sys
import time

from django.conf import settings
from django.db import connection
from django.test.utils import override_settings

from werkplein.notifications import delivery
from werkplein.notifications.models import Channel, OutboxStatus, OutgoingMessage
from werkplein.notifications.notices import Rendered, notice

NOTICE = "notifications.bench"

SINK = r"""
import asyncio, socket, sys
from aiosmtpd.controller import Controller

class Handler:
    def __init__(self):
        self.ids = []
    async def handle_DATA(self, server, session, envelope):
        for line in envelope.content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                self.ids.append(line.split(b":", 1)[1].strip())
                break
        return "250 OK"

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
handler = Handler()
controller = Controller(handler, hostname="127.0.0.1", port=port)
controller.start()
print(port, flush=True)
sys.stdin.read()  # until the benchmark closes our stdin
controller.stop()
print(len(handler.ids), len(set(handler.ids)), flush=True)
"""


@notice(NOTICE)
def _bench_notice(params: dict, channel: str) -> Rendered:
    return Rendered(
        subject="U heeft een nieuw bericht",
        text="Er staat een nieuw bericht voor u klaar. Lees het op "
        f"https://werkplein.example/mijn/berichten/{params['n']}/",
    )


def bench_outbox_throughput(messages: int = 2000) -> dict:
    sink = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SINK],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        port = int(sink.stdout.readline())
        OutgoingMessage.objects.filter(notice=NOTICE).delete()
        OutgoingMessage.objects.bulk_create(
            [
                OutgoingMessage(
                    channel=Channel.EMAIL,
                    recipient=f"bench{n}@werkplein.example",
                    notice=NOTICE,
                    params={"n": n},
                )
                for n in range(messages)
            ],
            batch_size=500,
        )
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
        ):
            cpu_before = resource.getrusage(resource.RUSAGE_SELF)
            started = time.perf_counter()
            result = delivery.drain(budget_seconds=3600)
            seconds = time.perf_counter() - started
            cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        sink.stdin.close()
        received, distinct = (int(x) for x in sink.stdout.readline().split())
        sent = OutgoingMessage.objects.filter(notice=NOTICE, status=OutboxStatus.SENT).count()
    finally:
        if sink.poll() is None:
            sink.kill()
        sink.wait()
        OutgoingMessage.objects.filter(notice=NOTICE).delete()
    # The worker's own CPU time (all its threads): on a busy machine the wall-clock figure
    # measures the machine; this one bounds what the worker can do with a core of its own.
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return {
        "messages": messages,
        "seconds": round(seconds, 3),
        "per_second": round(messages / seconds, 1),
        "worker_cpu_seconds": round(cpu, 3),
        "per_worker_cpu_second": round(messages / cpu, 1) if cpu else None,
        "senders": settings.WERKPLEIN_OUTBOX_SENDERS,
        "sent": result.sent,
        "marked_sent": sent,
        "received": received,
        "received_distinct": distinct,
        "database": connection.vendor,
    }
