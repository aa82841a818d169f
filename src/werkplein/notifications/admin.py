"""The outbox in the admin: read-only, for superusers, with the recipient masked."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from werkplein.notifications.models import OutgoingMessage


def mask(recipient: str) -> str:
    """j***@voorbeeld.nl, +316*****678: enough to tell messages apart, not to read an address."""
    if "@" in recipient:
        local, _at, domain = recipient.partition("@")
        return f"{local[:1]}***@{domain}"
    if len(recipient) > 6:
        return recipient[:4] + "*" * (len(recipient) - 7) + recipient[-3:]
    return "***"


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "channel",
        "masked_recipient",
        "notice",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "delivered_at",
        "last_error",
    ]
    list_filter = ["status", "channel", "notice"]
    date_hierarchy = "created_at"
    ordering = ["-id"]
    fields = [
        "id",
        "channel",
        "masked_recipient",
        "notice",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "lease_until",
        "sent_at",
        "delivered_at",
        "gateway_reference",
    ]
    readonly_fields = fields
    show_full_result_count = False

    @admin.display(description=_("ontvanger"))
    def masked_recipient(self, obj: OutgoingMessage) -> str:
        return mask(obj.recipient)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
