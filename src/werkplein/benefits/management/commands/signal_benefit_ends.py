"""Signals the coach and the municipality's back office of every WW benefit that ends within
WERKPLEIN_WW_END_SIGNAL_WEEKS weeks (default 8). Run daily from cron, or enqueue the task
`werkplein.benefits.tasks.signal_benefit_ends`. A benefit is signalled once, however often this
runs."""

from django.core.management.base import BaseCommand

from werkplein.benefits.services import signal_ending_benefits


class Command(BaseCommand):
    help = "Signaleert WW-uitkeringen die binnenkort aflopen aan coach en gemeente."

    def handle(self, *args, **options) -> None:
        raised = signal_ending_benefits()
        self.stdout.write(f"{raised} signaal/signalen aflopende WW aangemaakt.")
