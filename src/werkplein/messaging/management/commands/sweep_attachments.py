"""Removes stored attachment files that no attachment row names.

Such a file is left when the transaction that saved it rolled back after the write (a database
cannot take a file back). Run it daily from cron; only files older than an hour are touched, so
an upload in progress is never removed.
"""

from django.core.management.base import BaseCommand

from werkplein.messaging.attachments import sweep_orphans


class Command(BaseCommand):
    help = "Verwijdert opgeslagen bijlagen zonder bijbehorende rij (na een afgebroken upload)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=3600,
            help="Alleen bestanden ouder dan dit aantal seconden (standaard 3600).",
        )

    def handle(self, *args, **options) -> None:
        removed = sweep_orphans(older_than_seconds=max(options["older_than"], 60))
        self.stdout.write(f"{removed} verweesde bijlage(n) verwijderd.")
