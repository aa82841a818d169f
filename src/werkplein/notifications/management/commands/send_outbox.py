"""Sends the due e-mails and SMS messages of the outbox: once (cron, the safety net where the
task backend cannot defer), or on and on with --loop (a dedicated outbox sender)."""

import signal
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from werkplein.notifications import delivery


class Command(BaseCommand):
    help = "Verstuurt de e-mails en sms'jes die klaarstaan in de wachtrij."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Blijf doorgaan; wacht tot er weer iets klaarstaat."
        )
        parser.add_argument(
            "--poll", type=float, default=2.0, help="Hoe vaak (seconden) --loop kijkt."
        )
        parser.add_argument("--budget", type=float, default=30.0)

    def handle(self, *args, loop: bool, poll: float, budget: float, **options):
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        if loop:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        while True:
            result = delivery.drain(budget_seconds=budget)
            if result.batches or options["verbosity"] > 1:
                self.stdout.write(
                    f"verzonden {result.sent}, later opnieuw {result.retried}, "
                    f"mislukt {result.failed}, stille uren {result.held}"
                )
            if not loop or stopping:
                return
            if result.batches and delivery.rows_due():
                continue
            upcoming = delivery.next_due()
            wait = poll
            if upcoming is not None:
                wait = min(poll, max(0.05, (upcoming - timezone.now()).total_seconds()))
            slept = 0.0
            while slept < wait and not stopping:
                time.sleep(min(0.1, wait))
                slept += min(0.1, wait)
            if stopping:
                return
