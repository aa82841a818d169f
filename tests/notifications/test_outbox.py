"""The outbox: queueing by contract, notify() by preference, and delivery after commit."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from werkplein.notifications import delivery, services, sms
from werkplein.notifications.models import (
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
    OutboxStatus,
    OutgoingMessage,
)

from . import outbox_notices  # noqa: F401  (registers tests.ping)

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2030, 6, 3, 10, 0, tzinfo=datetime.UTC)  # 12:00 in Amsterdam, ahead


def test_queued_email_is_sent_after_commit_with_a_stable_message_id(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        row = services.queue_email(to="jan@voorbeeld.nl", notice="tests.ping", params={"n": 1})
        services.queue_email(to="piet@voorbeeld.nl", notice="tests.ping", params={"n": 2})
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1  # one delivery task per transaction
    assert sorted(m.to[0] for m in mail.outbox) == ["jan@voorbeeld.nl", "piet@voorbeeld.nl"]
    sent = next(m for m in mail.outbox if m.to == ["jan@voorbeeld.nl"])
    assert sent.extra_headers["Message-ID"] == f"<outbox-{row.pk}@127.0.0.1>"
    assert sent.body == "Er is iets nieuws (email) #1"
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.sent_at and row.attempts == 1


def test_rolled_back_transaction_queues_nothing(django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.queue_email(to="jan@voorbeeld.nl", notice="tests.ping", params={})
        raise RuntimeError
    assert callbacks == [] and mail.outbox == []
    assert not OutgoingMessage.objects.exists()


def test_each_block_run_after_another_gets_its_own_delivery_task(
    django_capture_on_commit_callbacks,
):
    """The test's transaction never commits, yet each captured block is one "transaction":
    the task that ran clears the mark, so the next block enqueues its own (no workaround)."""
    for n in (1, 2):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            services.queue_email(to=f"jan{n}@voorbeeld.nl", notice="tests.ping", params={"n": n})
            services.queue_email(to=f"piet{n}@voorbeeld.nl", notice="tests.ping", params={"n": n})
        assert len(callbacks) == 1
    assert sorted(m.to[0] for m in mail.outbox) == [
        "jan1@voorbeeld.nl",
        "jan2@voorbeeld.nl",
        "piet1@voorbeeld.nl",
        "piet2@voorbeeld.nl",
    ]


def test_a_rolled_back_savepoint_does_not_swallow_the_delivery_of_what_follows(
    django_capture_on_commit_callbacks,
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.queue_email(to="jan@voorbeeld.nl", notice="tests.ping", params={})
            raise RuntimeError
        services.queue_email(to="piet@voorbeeld.nl", notice="tests.ping", params={})
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["piet@voorbeeld.nl"]]


@pytest.mark.parametrize(
    ("number", "code"),
    [("0575 123456", "not_mobile"), ("06 123", "invalid_phone"), ("geen", "invalid_phone")],
)
def test_sms_to_an_invalid_or_fixed_number_is_refused_in_dutch(number, code):
    with pytest.raises(ValidationError) as refused:
        services.queue_sms(to=number, notice="tests.ping", params={})
    assert refused.value.code == code
    assert "nummer" in refused.value.messages[0]
    assert not OutgoingMessage.objects.exists()


def test_sms_number_is_stored_in_e164_and_sent_through_the_backend():
    row = services.queue_sms(to="06 12345678", notice="tests.ping", params={"n": 3})
    assert row.recipient == "+31612345678"
    result = delivery.drain(now=NOON)
    assert result.sent == 1
    assert sms.outbox == [
        sms.Sms(to="+31612345678", text="Er is iets nieuws (sms) #3", reference=str(row.pk))
    ]
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.gateway_reference == f"locmem-{row.pk}"


def test_invalid_address_and_secret_parameters_are_refused():
    with pytest.raises(ValidationError):
        services.queue_email(to="geen-adres", notice="tests.ping", params={})
    with pytest.raises(ValueError, match="secret"):
        services.queue_email(to="a@b.nl", notice="tests.ping", params={"reset_link": "x"})
    with pytest.raises(ValueError, match="Unknown notice"):
        services.queue_email(to="a@b.nl", notice="tests.nothing", params={})
    assert not OutgoingMessage.objects.exists()


def test_notify_follows_the_preference(world):
    user = world.users["coach"]
    row = services.notify(
        user=user, kind=NotificationKind.PLAN_CHANGE, notice="tests.ping", params={}
    )
    assert row.channel == "email" and row.recipient == user.email and row.recipient_user == user

    NotificationPreference.objects.create(
        user=user, kind=NotificationKind.PLAN_CHANGE, channel="none"
    )
    assert (
        services.notify(
            user=user, kind=NotificationKind.PLAN_CHANGE, notice="tests.ping", params={}
        )
        is None
    )

    NotificationPreference.objects.create(
        user=user, kind=NotificationKind.NEW_MESSAGE, channel="sms"
    )
    # SMS without a mobile number: e-mail instead.
    row = services.notify(
        user=user, kind=NotificationKind.NEW_MESSAGE, notice="tests.ping", params={}
    )
    assert row.channel == "email"
    NotificationSettings.objects.create(user=user, mobile="+31687654321")
    row = services.notify(
        user=user, kind=NotificationKind.NEW_MESSAGE, notice="tests.ping", params={}
    )
    assert row.channel == "sms" and row.recipient == "+31687654321"
    assert row.werkplein_id == user.werkplein_id


def test_notify_a_client_by_sms_uses_his_mobile_from_the_dossier(world):
    user = world.users["client"]
    NotificationPreference.objects.create(
        user=user, kind=NotificationKind.APPOINTMENT, channel="sms"
    )
    world.client_user_client.phone = "0575 123456"  # a fixed line: e-mail instead
    world.client_user_client.save()
    row = services.notify(
        user=user, kind=NotificationKind.APPOINTMENT, notice="tests.ping", params={}
    )
    assert row.channel == "email"
    world.client_user_client.phone = "+31 6 11122233"
    world.client_user_client.save()
    row = services.notify(
        user=user, kind=NotificationKind.APPOINTMENT, notice="tests.ping", params={}
    )
    assert row.channel == "sms" and row.recipient == "+31611122233"


def test_inactive_user_gets_nothing(world):
    user = world.users["coach"]
    user.is_active = False
    assert (
        services.notify(
            user=user, kind=NotificationKind.PLAN_CHANGE, notice="tests.ping", params={}
        )
        is None
    )
