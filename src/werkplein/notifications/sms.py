"""SMS: the number check, and the pluggable backends that hand a message to a gateway.

The backend is chosen by settings.WERKPLEIN_SMS_BACKEND (a dotted path):
- `ConsoleSmsBackend` (default): prints the message, for development and the demo;
- `LocmemSmsBackend`: keeps messages in the module-level list `outbox`, for tests (mail.outbox);
- `HttpSmsBackend`: POSTs JSON to an HTTP gateway (see docs/notifications.md for the contract).

`send(to, text, reference)` returns the gateway's id of the message ("" if it gives none) and
raises on any failure, so the outbox retries it later.
"""

import json
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


def mobile_e164(number: str) -> str:
    """The number in E.164 if it is a valid mobile number (Dutch numbers may be written without
    the country code), else ""."""
    try:
        parsed = phonenumbers.parse(str(number), "NL")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(parsed):
        return ""
    if phonenumbers.number_type(parsed) not in MOBILE_TYPES:
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def validated_mobile(number: str) -> str:
    """The number in E.164, or a ValidationError in Dutch when it is no valid mobile number."""
    try:
        parsed = phonenumbers.parse(str(number or ""), "NL")
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("Dit is geen geldig telefoonnummer."), code="invalid_phone"
        ) from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(_("Dit is geen geldig telefoonnummer."), code="invalid_phone")
    if phonenumbers.number_type(parsed) not in MOBILE_TYPES:
        raise ValidationError(
            _("Een sms kan alleen naar een mobiel nummer, bijvoorbeeld 06 12345678."),
            code="not_mobile",
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class SmsError(Exception):
    """The gateway did not accept the message; the outbox retries it. `gateway_down` when the
    gateway could not be reached or failed itself (5xx): then the message waits however long
    that lasts, instead of counting towards the maximum number of attempts."""

    def __init__(self, message: str, *, gateway_down: bool = False) -> None:
        super().__init__(message)
        self.gateway_down = gateway_down


class BaseSmsBackend:
    def send(self, *, to: str, text: str, reference: str) -> str:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    def send(self, *, to: str, text: str, reference: str) -> str:
        sys.stdout.write(f"SMS {reference} aan {to}:\n{text}\n{'-' * 40}\n")
        sys.stdout.flush()
        return ""


@dataclass(frozen=True)
class Sms:
    to: str
    text: str
    reference: str


# What LocmemSmsBackend sent, for tests; the tests' autouse fixture empties it.
outbox: list[Sms] = []


class LocmemSmsBackend(BaseSmsBackend):
    def send(self, *, to: str, text: str, reference: str) -> str:
        outbox.append(Sms(to=to, text=text, reference=reference))
        return f"locmem-{reference}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect would carry the bearer key elsewhere and turn the POST into a GET: the
    gateway's answer stands as it is (a 3xx is not a success)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


class HttpSmsBackend(BaseSmsBackend):
    """POST {"to", "text", "reference"} as JSON with a bearer key; a 2xx answer with JSON
    {"id": ...} is accepted, anything else raises SmsError."""

    timeout = 10

    def send(self, *, to: str, text: str, reference: str) -> str:
        url = settings.WERKPLEIN_SMS_GATEWAY_URL
        if not url:
            raise SmsError("geen sms-gateway ingesteld", gateway_down=True)
        body = json.dumps({"to": to, "text": text, "reference": reference}).encode()
        if not url.startswith(("https://", "http://")):
            raise SmsError("sms-gateway: alleen http(s)", gateway_down=True)
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {settings.WERKPLEIN_SMS_GATEWAY_KEY}",
            },
        )
        try:
            with _opener.open(request, timeout=self.timeout) as response:
                status, payload = response.status, response.read(65536)
        except urllib.error.HTTPError as error:
            raise SmsError(
                f"sms-gateway antwoordde HTTP {error.code}", gateway_down=error.code >= 500
            ) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise SmsError(
                f"sms-gateway niet bereikbaar ({type(reason).__name__})", gateway_down=True
            ) from None
        if not 200 <= status < 300:
            raise SmsError(f"sms-gateway antwoordde HTTP {status}", gateway_down=status >= 500)
        try:
            gateway_id = json.loads(payload)["id"]
        except (ValueError, KeyError, TypeError):
            raise SmsError("antwoord van de sms-gateway zonder id") from None
        if not isinstance(gateway_id, str | int) or not str(gateway_id):
            raise SmsError("antwoord van de sms-gateway zonder id")
        return str(gateway_id)[:100]


def get_backend() -> BaseSmsBackend:
    path = getattr(
        settings, "WERKPLEIN_SMS_BACKEND", "werkplein.notifications.sms.ConsoleSmsBackend"
    )
    return import_string(path)()
