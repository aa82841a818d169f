"""Delivery by the worker: claims and leases, backoff, quiet hours, rendering at send time."""

import datetime

import pytest
from django.core import mail

from werkplein.notifications import delivery, services, sms
from werkplein.notifications.models import NotificationSettings, OutboxStatus, OutgoingMessage

from . import outbox_notices

pytestmark = pytest.mark.django_db

AMS = delivery.LOCAL_TZ
NOON = datetime.datetime(2030, 6, 3, 12, 0, tzinfo=AMS)


def at(hour: int, minute: int = 0, day: int = 3) -> datetime.datetime:
    return datetime.datetime(2030, 6, day, hour, minute, tzinfo=AMS)


def test_backoff_doubles_from_thirty_seconds_up_to_an_hour():
    assert [delivery.backoff_seconds(n) for n in range(1, 10)] == [
        30, 60, 120, 240, 480, 960, 1920, 3600, 3600,
    ]  # fmt: skip
    assert delivery.backoff_seconds(500) == 3600


def test_backoff_follows_the_settings(settings):
    settings.WERKPLEIN_OUTBOX_BACKOFF_SECONDS = 5
    settings.WERKPLEIN_OUTBOX_BACKOFF_MAX_SECONDS = 30
    assert [delivery.backoff_seconds(n) for n in range(1, 6)] == [5, 10, 20, 30, 30]


@pytest.mark.parametrize(
    ("local", "quiet"),
    [((20, 59), False), ((21, 0), True), ((23, 30), True), ((0, 0), True), ((7, 59), True),
     ((8, 0), False), ((12, 0), False)],
)  # fmt: skip
def test_default_quiet_hours_span_midnight(local, quiet):
    t = datetime.time(*local)
    assert delivery.in_quiet_hours(t, datetime.time(21), datetime.time(8)) is quiet


def test_quiet_hours_end_at_the_next_morning():
    start, end = datetime.time(21), datetime.time(8)
    assert delivery.quiet_hours_end(at(22), start, end) == at(8, day=4)
    assert delivery.quiet_hours_end(at(6), start, end) == at(8)
    assert delivery.quiet_hours_end(at(12), start, end) is None
    # Same-day quiet hours, and none at all when both ends are equal.
    assert delivery.quiet_hours_end(at(13), datetime.time(12), datetime.time(14)) == at(14)
    assert delivery.quiet_hours_end(at(13), datetime.time(9), datetime.time(9)) is None


def test_quiet_hours_end_across_the_change_to_winter_time():
    night = datetime.datetime(2030, 10, 26, 23, 0, tzinfo=AMS)  # the clocks go back at 03:00
    end = delivery.quiet_hours_end(night, datetime.time(21), datetime.time(8))
    assert end == datetime.datetime(2030, 10, 27, 7, 0, tzinfo=datetime.UTC)  # 08:00 CET


def test_sms_in_quiet_hours_waits_for_the_morning_without_counting_an_attempt(world):
    user = world.users["client"]
    row = services.queue_sms(to="0612345678", notice="tests.ping", params={}, user=user)
    result = delivery.drain(now=at(23))
    assert result.held == 1 and sms.outbox == []
    row.refresh_from_db()
    assert row.status == OutboxStatus.QUEUED and row.attempts == 0
    assert row.next_attempt_at == at(8, day=4)
    assert delivery.drain(now=at(7, 59, day=4)).batches == 0  # not yet due
    assert delivery.drain(now=at(8, day=4)).sent == 1
    assert len(sms.outbox) == 1


def test_own_quiet_hours_and_none_for_e_mail(world):
    user = world.users["client"]
    NotificationSettings.objects.create(
        user=user, quiet_from=datetime.time(12), quiet_until=datetime.time(13)
    )
    services.queue_sms(to="0612345678", notice="tests.ping", params={}, user=user)
    services.queue_email(to="klant@voorbeeld.nl", notice="tests.ping", params={}, user=user)
    result = delivery.drain(now=at(12, 30))
    assert (result.held, result.sent) == (1, 1)  # e-mail knows no quiet hours
    assert len(mail.outbox) == 1 and sms.outbox == []
    assert OutgoingMessage.objects.get(channel="sms").next_attempt_at == at(13)
    assert delivery.drain(now=at(13)).sent == 1  # at 13:00, though 21:00-08:00 would hold it
    assert len(sms.outbox) == 1


def test_the_text_is_rendered_when_sent_not_when_queued():
    outbox_notices.calls.clear()
    row = services.queue_email(to="jan@voorbeeld.nl", notice="tests.ping", params={"n": 7})
    assert outbox_notices.calls == []
    assert row.params == {"n": 7}
    assert not any("iets nieuws" in str(v) for v in OutgoingMessage.objects.values().get().values())
    delivery.drain(now=NOON)
    assert outbox_notices.calls == [{"n": 7}]
    assert mail.outbox[0].body.endswith("#7")


def test_a_notice_no_longer_relevant_is_not_sent():
    row = services.queue_email(to="jan@voorbeeld.nl", notice="tests.ping", params={"gone": 1})
    assert delivery.drain(now=NOON).failed == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED and row.last_error == "niet meer van toepassing"
    assert mail.outbox == []


def test_a_notice_that_cannot_render_is_retried_then_given_up(settings):
    settings.WERKPLEIN_OUTBOX_MAX_ATTEMPTS = 3
    row = services.queue_email(to="jan@voorbeeld.nl", notice="tests.ping", params={"boom": 1})
    now = NOON
    for attempt in (1, 2):
        assert delivery.drain(now=now).retried == 1
        row.refresh_from_db()
        assert (row.status, row.attempts) == (OutboxStatus.QUEUED, attempt)
        assert row.next_attempt_at == now + datetime.timedelta(seconds=30 * 2 ** (attempt - 1))
        assert row.last_error == "sjabloon niet te maken (RuntimeError)"  # no personal data
        now = row.next_attempt_at
    assert delivery.drain(now=now).failed == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 3)
    assert delivery.drain(now=now + datetime.timedelta(days=1)).batches == 0


def test_a_claim_is_exclusive_until_its_lease_runs_out(settings):
    settings.WERKPLEIN_OUTBOX_LEASE_SECONDS = 60
    for n in range(3):
        services.queue_email(to=f"p{n}@voorbeeld.nl", notice="tests.ping", params={})
    mine = delivery.claim(NOON, 10, "a")
    assert len(mine) == 3 and all(r.attempts == 1 for r in mine)
    assert delivery.claim(NOON + datetime.timedelta(seconds=59), 10, "b") == []
    # The first worker died; after the lease, the next one takes the rows over.
    theirs = delivery.claim(NOON + datetime.timedelta(seconds=61), 10, "b")
    assert [r.pk for r in theirs] == [r.pk for r in mine] and theirs[0].attempts == 2
    # The first worker, back from the dead, cannot mark rows that are no longer his.
    delivery._mark_sent(mine[0], "a", NOON)
    assert OutgoingMessage.objects.get(pk=mine[0].pk).status == OutboxStatus.SENDING
    assert delivery.deliver_batch(theirs, "b", now=NOON).sent == 3
    assert len(mail.outbox) == 3


def test_batches_follow_the_batch_size(settings):
    settings.WERKPLEIN_OUTBOX_BATCH_SIZE = 4
    for n in range(10):
        services.queue_email(to=f"p{n}@voorbeeld.nl", notice="tests.ping", params={"n": n})
    result = delivery.drain(now=NOON)
    assert (result.sent, result.batches) == (10, 3)
    assert sorted(int(m.body.rsplit("#")[1]) for m in mail.outbox) == list(range(10))


def test_next_due_is_the_earliest_waiting_moment():
    assert delivery.next_due() is None
    row = services.queue_email(to="jan@voorbeeld.nl", notice="tests.ping", params={})
    OutgoingMessage.objects.filter(pk=row.pk).update(next_attempt_at=NOON)
    assert delivery.next_due() == NOON
