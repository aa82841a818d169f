"""Queues a test message by e-mail and/or SMS, to check the outbox's settings end to end."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from werkplein.notifications import services

NOTICE = "notifications.test_message"


class Command(BaseCommand):
    help = "Zet een testbericht per e-mail en/of sms in de wachtrij."

    def add_arguments(self, parser):
        parser.add_argument("--email", action="append", default=[], help="e-mailadres")
        parser.add_argument("--sms", action="append", default=[], help="mobiel nummer")
        parser.add_argument("--count", type=int, default=1, help="aantal per ontvanger")

    def handle(self, *args, email: list[str], sms: list[str], count: int, **options):
        if not email and not sms:
            raise CommandError("Geef --email en/of --sms.")
        queued = []
        try:
            with transaction.atomic():  # all or nothing
                for n in range(count):
                    params = {"n": n}
                    for to in email:
                        queued.append(services.queue_email(to=to, notice=NOTICE, params=params))
                    for to in sms:
                        queued.append(services.queue_sms(to=to, notice=NOTICE, params=params))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(" ".join(str(row.pk) for row in queued))
