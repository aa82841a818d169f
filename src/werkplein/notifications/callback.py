"""The SMS gateway's delivery-status callback: POST /meldingen/sms-status/.

Body: JSON {"id": "<the gateway's id of the message>", "status": "delivered" | "failed",
"error": "<optional reason>"}; header X-Werkplein-Signature: the hex HMAC-SHA256 of the raw body
with settings.WERKPLEIN_SMS_CALLBACK_SECRET. A missing or wrong signature is refused (403) before
anything is read; a malformed body is a 400, an unknown id a 404; nothing is changed then.
A callback sent twice changes nothing the second time.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from werkplein.notifications.models import Channel, OutboxStatus, OutgoingMessage

SIGNATURE_HEADER = "X-Werkplein-Signature"


def signature(body: bytes, secret: str | None = None) -> str:
    secret = settings.WERKPLEIN_SMS_CALLBACK_SECRET if secret is None else secret
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _signed(request: HttpRequest) -> bool:
    secret = settings.WERKPLEIN_SMS_CALLBACK_SECRET
    given = request.headers.get(SIGNATURE_HEADER, "")
    if not secret or not given:
        return False
    return hmac.compare_digest(signature(request.body, secret), given.strip().lower())


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@csrf_exempt
@require_POST
def sms_status(request: HttpRequest) -> JsonResponse:
    if not _signed(request):
        return _error(403, "Ongeldige of ontbrekende handtekening.")
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested too deep
        return _error(400, "Geen geldige JSON.")
    if not isinstance(data, dict):
        return _error(400, "Verwacht een JSON-object.")
    gateway_id, status = data.get("id"), data.get("status")
    if not isinstance(gateway_id, str | int) or not str(gateway_id) or len(str(gateway_id)) > 100:
        return _error(400, "Het veld id ontbreekt of is ongeldig.")
    if status not in ("delivered", "failed"):
        return _error(400, "Het veld status moet 'delivered' of 'failed' zijn.")
    error = data.get("error", "")
    if not isinstance(error, str):
        return _error(400, "Het veld error moet tekst zijn.")
    rows = OutgoingMessage.objects.filter(channel=Channel.SMS, gateway_reference=str(gateway_id))
    if not rows.exists():
        return _error(404, "Onbekend bericht.")
    now = timezone.now()
    if status == "delivered":
        # Delivered is the last word: also after an earlier "failed" from the gateway.
        rows.exclude(status=OutboxStatus.DELIVERED).update(
            status=OutboxStatus.DELIVERED, delivered_at=now, last_error=""
        )
    else:
        rows.filter(status=OutboxStatus.SENT).update(
            status=OutboxStatus.FAILED,
            last_error=("sms-gateway: " + (error or "niet afgeleverd"))[:200],
        )
    return JsonResponse({"ok": True})
