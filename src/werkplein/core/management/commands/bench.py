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

    def handle(self, *args, clients, iterations, json: str | None, **options):
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
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = Path(json) if json else settings.PROJECT_DIR / ".bench" / f"results-{stamp}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"started": stamp, **bench.report(target, results, iterations)}
        path.write_text(_dumps(data) + "\n")
        self.stdout.write(f"\nResults: {path}")


def _dumps(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
