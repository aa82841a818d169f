"""Queues the reminder of every planned appointment in the next 24 hours that has none yet.

The deferred `send_reminder` task normally does this; run this command from cron where the task
backend cannot defer, or as a safety net. A reminder is never queued twice. The reminders go
into the outbox, by e-mail or SMS as each client chose; the worker sends them (an SMS waits for
the end of the client's quiet hours).
"""

from django.core.management.base import BaseCommand

from werkplein.appointments.tasks import send_due_reminders_now


class Command(BaseCommand):
    help = "Stuurt de herinneringen voor afspraken in de komende 24 uur."

    def handle(self, *args, **options) -> None:
        sent = send_due_reminders_now()
        self.stdout.write(f"{sent} herinnering(en) klaargezet in de wachtrij.")
