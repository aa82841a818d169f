"""The daily WW-end signal, as a task for the worker (django-tasks) and as a command for cron
(`werkplein signal_benefit_ends`). Running it twice signals each benefit once."""

from django_tasks import task

from werkplein.benefits.services import signal_ending_benefits


@task()
def signal_benefit_ends() -> int:
    """Signals every WW benefit ending within WERKPLEIN_WW_END_SIGNAL_WEEKS weeks (default 8)."""
    return signal_ending_benefits()
