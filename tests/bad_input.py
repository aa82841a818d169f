"""Helpers for the bad-input tests of Mijn Werkplein, the plan and appointments.

The house rule: no input, however malformed, loses or corrupts data or shows a 500. These helpers
take a picture of every table of personal data before and after a request, and check that what
the user reads back is a Dutch message (a form error, a Django message, or the `detail` of the
API's JSON answer).
"""

import html
import json
import re
from typing import Any

from django.apps import apps
from django.contrib.messages import get_messages
from django.core import mail

# Apps whose rows a request may never change when it refuses the input. The access log
# (audit) is left out on purpose: every read and refusal is logged there.
DATA_APPS = ("accounts", "clients", "logbook", "appointments", "plans", "otp_totp")

# The values we throw at text fields, dates, numbers and enumerations.
HUGE_TEXT = "x" * 100_000
NUL = "a\x00b"
SCRIPT = '<script>alert("x")</script><b onmouseover="x()">vet</b>'
ABSURD_DATES = ["2026-02-30", "0001-01-01", "9999-12-31", "31-12-2026", "2026-13-01", "morgen"]
HUGE_INTS = [2**63, 2**63 - 1, -(2**63), -(2**63) - 1, 10**30, -1]
BAD_VERSIONS = ["", "abc", "1.5", "-1", str(2**63), str(10**30), "\x00", "9" * 5000]
WRONG_JSON_TYPES = [None, [], ["a"], {"a": 1}, 12, 1.5, True]

# Words of English error messages (Django's, Pydantic's, Ninja's) that must not reach a user
# of the Dutch screens.
_ENGLISH = re.compile(
    r"\b(this field|is required|enter a|ensure|input should|null characters|not allowed|"
    r"valid|invalid|select a|error|must|please|value|not found|server|expected|"
    r"characters)\b",
    re.IGNORECASE,
)


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table of personal data, in a stable order."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for label in DATA_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            rows[model._meta.label] = list(model._default_manager.order_by("pk").values())
    return rows


def assert_unchanged(before: dict, after: dict | None = None) -> None:
    after = snapshot() if after is None else after
    for label, rows in before.items():
        if after[label] != rows:
            changed = [
                (old, new) for old, new in zip(rows, after[label], strict=False) if old != new
            ]
            raise AssertionError(
                f"{label} changed: {len(rows)} → {len(after[label])} rows; {changed[:2]}"
            )
    assert not mail.outbox, [m.subject for m in mail.outbox]


def assert_dutch(text: str) -> None:
    text = text.strip()
    assert text, "an empty message"
    assert not _ENGLISH.search(text), f"not Dutch: {text!r}"


def messages_of(response) -> list[tuple[str, str]]:
    """(level tag, text) of the Django messages queued by the request."""
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


_ERROR_BLOCKS = re.compile(
    r'<p class="error"[^>]*>(.*?)</p>'
    r'|<div class="alert alert-(?:error|warning)"[^>]*>(.*?)</div>'
    r'|<p class="message message-(?:error|warning)">(.*?)</p>',
    re.DOTALL,
)


def page_errors(response) -> list[str]:
    """The error texts a page shows: field errors, form errors and error messages."""
    content = response.content.decode()
    found = []
    for match in _ERROR_BLOCKS.finditer(content):
        text = next(group for group in match.groups() if group is not None)
        found.append(html.unescape(re.sub(r"<[^>]+>", " ", text)).strip())
    return [text for text in found if text]


def assert_page_refused(response, *, allow_404: bool = False) -> list[str]:
    """A page refused the input with a Dutch message: a form with errors (422/409/200), or a
    redirect with an error message. Returns the messages seen."""
    if allow_404 and response.status_code == 404:
        return []
    assert response.status_code in (200, 302, 409, 422), response.status_code
    if response.status_code == 302:
        shown = [text for level, text in messages_of(response) if level in ("error", "warning")]
    else:
        shown = page_errors(response) + [
            text for level, text in messages_of(response) if level in ("error", "warning")
        ]
    assert shown, f"no message for the user (status {response.status_code})"
    for text in shown:
        assert_dutch(text)
    return shown


def assert_api_refused(response, statuses=(400, 404, 409, 422)) -> dict:
    """The API refused the input with JSON whose `detail` (and errors) are Dutch."""
    assert response.status_code in statuses, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert_dutch(body["detail"])
    for messages in (body.get("errors") or {}).values():
        for message in messages:
            assert_dutch(message)
    return body


def api_send(http, method: str, path: str, body: Any, *, raw: bool = False):
    """A JSON request through a logged-in test client; `raw` sends `body` as it is."""
    data = body if raw else json.dumps(body)
    return getattr(http, method)(f"/api/v1{path}", data, content_type="application/json")
