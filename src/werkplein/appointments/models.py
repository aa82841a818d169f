"""Appointments between a coach and a client. The caseload shows the next one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkplein.clients.models import Client
from werkplein.core.models import TenantModel


class AppointmentKind(models.TextChoices):
    OFFICE = "office", _("Op kantoor")
    PHONE = "phone", _("Telefonisch")
    VIDEO = "video", _("Video")


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    HELD = "held", _("Gehouden")
    CANCELLED = "cancelled", _("Geannuleerd")
    NO_SHOW = "no_show", _("Niet verschenen")


class Appointment(TenantModel):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="appointments")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    kind = models.CharField(
        _("soort"), max_length=10, choices=AppointmentKind.choices, default=AppointmentKind.OFFICE
    )
    location = models.CharField(_("locatie of link"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.PLANNED,
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        indexes = [models.Index(fields=["client", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="appointment_ends_after_start",
            )
        ]
