"""E-mail through a real local SMTP server and SMS through a local HTTP gateway: down, then up;
and the gateway's signed delivery-status callback."""

import datetime
import json

import pytest
from django.utils import timezone

from werkplein.notifications import delivery, services
from werkplein.notifications.callback import signature
from werkplein.notifications.models import OutboxStatus, OutgoingMessage

from . import outbox_notices  # noqa: F401
from .sinks import Gateway, SmtpSink, use_smtp

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2030, 6, 3, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def sink(settings):
    sink = SmtpSink()
    use_smtp(settings, sink.port)
    yield sink
    sink.stop()


def test_smtp_down_messages_wait_and_go_out_once_when_it_returns(sink):
    rows = [
        services.queue_email(to=f"p{n}@voorbeeld.nl", notice="tests.ping", params={"n": n})
        for n in range(5)
    ]
    before = timezone.now()
    result = delivery.drain()  # nobody listens on the port
    assert (result.sent, result.retried, result.failed) == (0, 5, 0)
    for row in OutgoingMessage.objects.all():
        assert row.status == OutboxStatus.QUEUED and row.attempts == 1
        assert row.next_attempt_at >= before + datetime.timedelta(seconds=30)
        assert row.last_error.startswith("SMTP niet bereikbaar")
        assert "@" not in row.last_error
    assert delivery.drain().batches == 0  # nothing due during the backoff

    sink.start()
    later = timezone.now() + datetime.timedelta(seconds=31)
    assert delivery.drain(now=later).sent == 5
    assert sorted(sink.message_ids) == sorted(f"<outbox-{r.pk}@127.0.0.1>" for r in rows)
    assert {m["To"] for m in sink.messages} == {f"p{n}@voorbeeld.nl" for n in range(5)}
    for row in OutgoingMessage.objects.all():
        assert (row.status, row.attempts, row.last_error) == (OutboxStatus.SENT, 2, "")
    # Nothing is sent twice, however often the worker runs.
    assert delivery.drain(now=later + datetime.timedelta(days=1)).batches == 0
    assert len(sink.messages) == 5


def test_smtp_gateway_down_never_gives_up(sink, settings):
    settings.WERKPLEIN_OUTBOX_MAX_ATTEMPTS = 2
    row = services.queue_email(to="jan@voorbeeld.nl", notice="tests.ping", params={})
    now = timezone.now()
    for _ in range(4):
        now += datetime.timedelta(hours=2)
        delivery.drain(now=now)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.QUEUED, 4)
    assert row.next_attempt_at == now + datetime.timedelta(seconds=240)


def test_a_refused_recipient_is_retried_then_failed_and_the_rest_go_out(sink, settings):
    settings.WERKPLEIN_OUTBOX_MAX_ATTEMPTS = 2
    sink.refuse.add("weg@voorbeeld.nl")
    sink.start()
    bad = services.queue_email(to="weg@voorbeeld.nl", notice="tests.ping", params={})
    services.queue_email(to="jan@voorbeeld.nl", notice="tests.ping", params={})
    assert delivery.drain(now=NOON).sent == 1
    bad.refresh_from_db()
    assert (bad.status, bad.attempts) == (OutboxStatus.QUEUED, 1)
    assert bad.last_error == "SMTP ontvanger geweigerd [550]"
    assert delivery.drain(now=bad.next_attempt_at).failed == 1
    bad.refresh_from_db()
    assert (bad.status, bad.attempts) == (OutboxStatus.FAILED, 2)
    assert len(sink.messages) == 1


def test_one_smtp_connection_per_batch(sink, settings, monkeypatch):
    sink.start()
    opened = []
    from django.core.mail.backends.smtp import EmailBackend

    original = EmailBackend.open

    def counting_open(self):
        created = original(self)
        if created:
            opened.append(1)
        return created

    monkeypatch.setattr(EmailBackend, "open", counting_open)
    for n in range(20):
        services.queue_email(to=f"p{n}@voorbeeld.nl", notice="tests.ping", params={})
    assert delivery.drain(now=NOON).sent == 20
    assert len(opened) == 1 and len(sink.messages) == 20


@pytest.fixture
def gateway(settings):
    gateway = Gateway()
    settings.WERKPLEIN_SMS_BACKEND = "werkplein.notifications.sms.HttpSmsBackend"
    settings.WERKPLEIN_SMS_GATEWAY_URL = gateway.url
    settings.WERKPLEIN_SMS_GATEWAY_KEY = "sleutel-123"
    yield gateway
    gateway.stop()


def test_sms_gateway_down_then_up(gateway):
    row = services.queue_sms(to="06 12345678", notice="tests.ping", params={"n": 4})
    result = delivery.drain(now=NOON)
    assert (result.sent, result.retried) == (0, 1)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.QUEUED, 1)
    assert row.last_error.startswith("sms-gateway niet bereikbaar")

    gateway.start()
    assert delivery.drain(now=row.next_attempt_at).sent == 1
    assert gateway.requests == [
        {
            "path": "/send",
            "authorization": "Bearer sleutel-123",
            "content_type": "application/json",
            "json": {"to": "+31612345678", "text": "Er is iets nieuws (sms) #4",
                     "reference": str(row.pk)},
        }
    ]  # fmt: skip
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.gateway_reference == f"gw-{row.pk}"


def test_sms_gateway_errors(gateway, settings):
    settings.WERKPLEIN_OUTBOX_MAX_ATTEMPTS = 2
    gateway.start()
    gateway.status = 503  # the gateway's own trouble: wait, never give up
    row = services.queue_sms(to="0612345678", notice="tests.ping", params={})
    delivery.drain(now=NOON)
    delivery.drain(now=NOON + datetime.timedelta(hours=1))
    delivery.drain(now=NOON + datetime.timedelta(hours=2))
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (
        OutboxStatus.QUEUED, 3, "sms-gateway antwoordde HTTP 503",
    )  # fmt: skip
    gateway.status = 400  # this message refused: given up after the maximum
    row.attempts = 1
    row.save()
    delivery.drain(now=NOON + datetime.timedelta(hours=3))
    row.refresh_from_db()
    assert (row.status, row.last_error) == (OutboxStatus.FAILED, "sms-gateway antwoordde HTTP 400")


def test_a_gateway_redirect_is_not_followed_with_the_key(gateway):
    gateway.start()
    gateway.status = 302
    row = services.queue_sms(to="0612345678", notice="tests.ping", params={})
    delivery.drain(now=NOON)
    row.refresh_from_db()
    assert [r["path"] for r in gateway.requests] == ["/send"]  # the key went nowhere else
    assert (row.status, row.last_error) == (OutboxStatus.QUEUED, "sms-gateway antwoordde HTTP 302")


CALLBACK = "/meldingen/sms-status/"


@pytest.fixture
def sent_sms(settings):
    settings.WERKPLEIN_SMS_CALLBACK_SECRET = "gedeeld-geheim"
    row = services.queue_sms(to="0612345678", notice="tests.ping", params={})
    delivery.drain(now=NOON)
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    return row


def post(client, payload, sig: str | None = "good"):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {}
    if sig == "good":
        headers["X-Werkplein-Signature"] = signature(body)
    elif sig is not None:
        headers["X-Werkplein-Signature"] = sig
    return client.post(CALLBACK, data=body, content_type="application/json", headers=headers)


def test_callback_with_a_good_signature_marks_delivered_and_a_replay_is_harmless(client, sent_sms):
    payload = {"id": sent_sms.gateway_reference, "status": "delivered"}
    response = post(client, payload)
    assert response.status_code == 200 and response.json() == {"ok": True}
    sent_sms.refresh_from_db()
    assert sent_sms.status == OutboxStatus.DELIVERED and sent_sms.delivered_at
    first = sent_sms.delivered_at
    assert post(client, payload).status_code == 200
    # A late "failed" does not undo a delivery.
    assert post(client, {**payload, "status": "failed", "error": "x"}).status_code == 200
    sent_sms.refresh_from_db()
    assert (sent_sms.status, sent_sms.delivered_at) == (OutboxStatus.DELIVERED, first)


def test_callback_failed(client, sent_sms):
    payload = {"id": sent_sms.gateway_reference, "status": "failed", "error": "onbereikbaar"}
    assert post(client, payload).status_code == 200
    sent_sms.refresh_from_db()
    assert (sent_sms.status, sent_sms.last_error) == (
        OutboxStatus.FAILED, "sms-gateway: onbereikbaar",
    )  # fmt: skip


@pytest.mark.parametrize("sig", [None, "", "0" * 64, "not-hex", "tampered"])
def test_callback_with_a_bad_signature_is_refused_and_changes_nothing(client, sent_sms, sig):
    payload = {"id": sent_sms.gateway_reference, "status": "delivered"}
    if sig == "tampered":  # signed for another body
        sig = signature(json.dumps({**payload, "status": "failed"}).encode())
    before = OutgoingMessage.objects.values().get(pk=sent_sms.pk)
    response = post(client, payload, sig=sig)
    assert response.status_code == 403
    assert OutgoingMessage.objects.values().get(pk=sent_sms.pk) == before


def test_callback_refused_without_a_configured_secret(client, sent_sms, settings):
    payload = json.dumps({"id": sent_sms.gateway_reference, "status": "delivered"}).encode()
    good = signature(payload)
    settings.WERKPLEIN_SMS_CALLBACK_SECRET = ""
    assert post(client, payload, sig=good).status_code == 403


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        (b"{niet json", 400),
        (b"\xff\xfe", 400),
        (b"[1, 2]", 400),
        ({"status": "delivered"}, 400),
        ({"id": "x", "status": "gelezen"}, 400),
        ({"id": "x", "status": "failed", "error": 5}, 400),
        ({"id": "onbekend", "status": "delivered"}, 404),
    ],
)
def test_callback_with_a_bad_body_changes_nothing(client, sent_sms, payload, status):
    before = OutgoingMessage.objects.values().get(pk=sent_sms.pk)
    response = post(client, payload)
    assert response.status_code == status
    assert "error" in response.json()
    assert OutgoingMessage.objects.values().get(pk=sent_sms.pk) == before


def test_callback_takes_only_post(client, sent_sms):
    assert client.get(CALLBACK).status_code == 405
