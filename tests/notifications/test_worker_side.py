"""The task, the commands, the worker's start and the admin list of the outbox."""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from werkplein import cli
from werkplein.notifications import services, tasks
from werkplein.notifications.models import OutboxStatus, OutgoingMessage

from . import outbox_notices  # noqa: F401

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _planned():
    from django_tasks_db.models import DBTaskResult

    return list(
        DBTaskResult.objects.filter(task_path=tasks.deliver_outbox.module_path).values_list(
            "status", "run_after"
        )
    )


def test_the_task_plans_itself_for_the_next_waiting_row_once(settings):
    settings.TASKS = DB_TASKS
    row = services.queue_email(to="jan@voorbeeld.nl", notice="tests.ping", params={})
    later = timezone.now() + datetime.timedelta(minutes=5)
    OutgoingMessage.objects.filter(pk=row.pk).update(next_attempt_at=later)
    assert tasks.deliver_outbox.call() == {"sent": 0, "retried": 0, "failed": 0}
    assert _planned() == [("READY", later)]
    tasks.deliver_outbox.call()  # a second run does not plan a second task
    assert len(_planned()) == 1


def test_the_task_sends_what_is_due_and_plans_nothing_when_the_outbox_is_empty(settings):
    settings.TASKS = DB_TASKS
    services.queue_email(to="jan@voorbeeld.nl", notice="tests.ping", params={})
    assert tasks.deliver_outbox.call()["sent"] == 1
    assert len(mail.outbox) == 1 and _planned() == []


def test_send_outbox_command_drains_once():
    services.queue_email(to="jan@voorbeeld.nl", notice="tests.ping", params={})
    call_command("send_outbox", verbosity=0)
    assert len(mail.outbox) == 1
    assert OutgoingMessage.objects.get().status == OutboxStatus.SENT


def test_send_test_message_queues_all_or_nothing():
    with pytest.raises(CommandError, match="mobiel nummer"):
        call_command("send_test_message", email=["a@voorbeeld.nl"], sms=["0575 123456"])
    assert not OutgoingMessage.objects.exists()
    call_command("send_test_message", email=["a@voorbeeld.nl"], sms=["0612345678"], count=2)
    assert OutgoingMessage.objects.count() == 4


def test_the_worker_enqueues_the_outbox_when_it_starts(monkeypatch):
    services.queue_email(to="jan@voorbeeld.nl", notice="tests.ping", params={})
    started = []
    monkeypatch.setattr(cli, "manage", started.append)
    cli.worker(["--queue-name", "default"])
    assert started == [["db_worker", "--queue-name", "default"]]
    assert len(mail.outbox) == 1  # the immediate backend of the tests ran it


def test_admin_shows_the_outbox_read_only_with_masked_recipients(world, login):
    services.queue_email(to="jan@voorbeeld.nl", notice="tests.ping", params={})
    services.queue_sms(to="0612345678", notice="tests.ping", params={})
    admin = world.users["functional_admin"]
    assert login(admin).get("/beheer/notifications/outgoingmessage/").status_code in (302, 403)
    admin.is_superuser = admin.is_staff = True
    admin.save()
    response = login(admin).get("/beheer/notifications/outgoingmessage/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "j***@voorbeeld.nl" in page and "+316*****678" in page
    assert "jan@voorbeeld.nl" not in page and "+31612345678" not in page
    row = OutgoingMessage.objects.first()
    change = login(admin).get(f"/beheer/notifications/outgoingmessage/{row.pk}/change/")
    assert change.status_code == 200 and 'name="status"' not in change.content.decode()
    assert (
        login(admin)
        .post(f"/beheer/notifications/outgoingmessage/{row.pk}/delete/", {"post": "yes"})
        .status_code
        == 403
    )
    assert OutgoingMessage.objects.filter(pk=row.pk).exists()
