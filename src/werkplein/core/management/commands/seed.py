"""`werkplein seed --demo` or `werkplein seed --clients N`: generated, reproducible data."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from werkplein.core import seeding


class Command(BaseCommand):
    requires_system_checks = []  # data only; it needs no URLs or templates
    help = "Loads the demo Werkplein Zutphen (--demo) or a large Werkplein Schaal (--clients N)."

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--demo", action="store_true", help="the demo Werkplein and its accounts")
        what.add_argument("--clients", type=int, metavar="N", help="a scale Werkplein of N clients")
        parser.add_argument(
            "--entries-per-client",
            type=int,
            default=50,
            metavar="E",
            help="average logbook entries per client at scale (default 50)",
        )
        parser.add_argument("--seed", type=int, default=seeding.SCALE_SEED, help="random seed")
        parser.add_argument(
            "--batch-size", type=int, default=seeding.BATCH_SIZE, help="rows per INSERT"
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help="connections writing at once (default: 2 on PostgreSQL, 0 otherwise)",
        )

    def handle(self, *args, **options):
        def out(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        if options["demo"]:
            if seeding.demo_exists():
                out(f"{seeding.DEMO_NAME} is already loaded; nothing to do.")
                return
            seeding.seed_demo(out=out)
            out(f"Demo accounts: {', '.join(a.username for a in seeding.DEMO_ACCOUNTS)}")
            out(f"Password of every demo account: {seeding.DEMO_PASSWORD}")
            return
        if options["clients"] < 1 or options["entries_per_client"] < 1:
            raise CommandError("--clients and --entries-per-client must be at least 1.")
        threads = options["threads"]
        if threads is None:
            threads = 2 if connection.vendor == "postgresql" else 0
        try:
            seeding.seed_scale(
                options["clients"],
                entries_per_client=options["entries_per_client"],
                seed=options["seed"],
                batch_size=options["batch_size"],
                threads=threads,
                out=out,
            )
        except seeding.SeedError as exc:
            raise CommandError(str(exc)) from exc
