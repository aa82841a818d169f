"""Running what a block leaves for after its commit, as a real commit does: once.

E-mail and SMS go through the outbox, which delivers after commit. pytest-django's
`django_capture_on_commit_callbacks(execute=True)` runs the callbacks but leaves them registered
on the test's (never committed) transaction, so the outbox, which enqueues one delivery per
transaction, would see a delivery still "pending" in a later block and add none. `committed`
forgets them afterwards, like a commit.
"""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def committed(capture):
    """`capture` is the django_capture_on_commit_callbacks fixture."""
    connection = transaction.get_connection()
    start = len(connection.run_on_commit)
    with capture(execute=True) as callbacks:
        yield callbacks
    del connection.run_on_commit[start:]
