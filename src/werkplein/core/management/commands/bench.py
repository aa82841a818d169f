"""`werkplein bench`: server time and SQL queries of the main pages, against a large Werkplein."""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from werkplein.clients.models import Client
from werkplein.core import bench, seeding


class Command(BaseCommand):
    help = "Runs the benchmark scenarios (seeding the scale Werkplein first when it is missing)."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=10_000, help="scale (default 10,000)")
        parser.add_argument("--iterations", type=int, default=50, help="requests per scenario")
        parser.add_argument("--json", metavar="PATH", help="results file (default .bench/...)")
        parser.add_argument(
            "--websockets", type=int, default=1000, help="open chat sockets (0 skips the scenario)"
        )
        parser.add_argument(
            "--websocket-rate",
            type=float,
            default=40.0,
            help="messages per second to the open sockets (default 40: each of 1,000 people "
            "writes every 25 s)",
        )
        parser.add_argument(
            "--outbox", type=int, default=2000, help="e-mails to the SMTP sink (0 skips it)"
        )

    def handle(
        self,
        *args,
        clients,
        iterations,
        json: str | None,
        websockets,
        websocket_rate,
        outbox,
        **options,
    ):
        if iterations < 1:
            raise CommandError("--iterations must be at least 1.")
        werkplein = seeding.scale_werkplein()
        have = Client.objects.filter(werkplein=werkplein).count() if werkplein else 0
        if have < clients:
            self.stdout.write(f"Seeding {clients:,} clients first ({connection.vendor}).")
            call_command("seed", clients=clients, stdout=self.stdout)
        target = bench.Target.find()
        scale = Client.objects.filter(werkplein=target.werkplein).count()
        self.stdout.write(
            f"\n{scale:,} clients on {connection.vendor}; coach {target.coach.username}, "
            f"{iterations} iterations per scenario.\n"
        )
        results = bench.run(target, iterations, out=self.stdout.write)
        communication = self._communication(websockets, websocket_rate, outbox)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = Path(json) if json else settings.PROJECT_DIR / ".bench" / f"results-{stamp}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "started": stamp,
            **bench.report(target, results, iterations),
            "communication": communication,
        }
        path.write_text(_dumps(data) + "\n")
        self.stdout.write(f"\nResults: {path}")

    def _communication(self, websockets: int, rate: float, outbox: int) -> dict:
        """The chat box's delivery latency and the outbox's throughput (issue 4)."""
        from werkplein.messaging.bench import bench_websockets
        from werkplein.notifications.bench import bench_outbox_throughput

        figures: dict = {}
        if outbox:
            result = bench_outbox_throughput(outbox)
            figures["outbox"] = result
            self.stdout.write(
                f"\noutbox: {result['messages']:,} e-mails to a local SMTP sink in "
                f"{result['seconds']} s: {result['per_second']} messages/s (one worker)"
            )
        if websockets:
            result = bench_websockets(websockets, rate, out=self.stdout.write)
            figures["websockets"] = result
            self.stdout.write(
                f"websockets: {result['connections']:,} open, p50 {result['p50_ms']} ms, "
                f"p95 {result['p95_ms']} ms, max {result['max_ms']} ms, "
                f"{result['missing']} missing"
            )
        return figures


def _dumps(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
