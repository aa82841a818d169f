"""Appointments between a coach and a client, and the availability coaches publish."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkplein.clients.models import Client
from werkplein.core.models import TenantModel, VersionedModel


class AppointmentKind(models.TextChoices):
    OFFICE = "office", _("Op kantoor")
    PHONE = "phone", _("Telefonisch")
    VIDEO = "video", _("Video")


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    HELD = "held", _("Gehouden")
    CANCELLED = "cancelled", _("Geannuleerd")
    NO_SHOW = "no_show", _("Niet verschenen")


class Appointment(TenantModel, VersionedModel):
    """A meeting of coach and client. A planned one holds its coach's start time exclusively."""

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
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(_("herinnering verstuurd"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        indexes = [
            models.Index(fields=["client", "status", "starts_at"]),
            models.Index(fields=["coach", "status", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="appointment_ends_after_start",
            ),
            # The last line of defence against double booking: two requests that both found the
            # slot free cannot both commit a planned appointment at the same start.
            models.UniqueConstraint(
                fields=["coach", "starts_at"],
                condition=models.Q(status="planned"),
                name="appointment_one_planned_per_coach_start",
            ),
        ]


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")
    SATURDAY = 5, _("zaterdag")
    SUNDAY = 6, _("zondag")


class AvailabilityRule(TenantModel):
    """A weekly recurring block in which clients may book slots with a coach."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability_rules"
    )
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)
    start_time = models.TimeField(_("van"))
    end_time = models.TimeField(_("tot"))
    slot_minutes = models.PositiveSmallIntegerField(_("duur per afspraak (minuten)"), default=30)
    kind = models.CharField(
        _("soort"), max_length=10, choices=AppointmentKind.choices, default=AppointmentKind.OFFICE
    )
    location = models.CharField(_("locatie of link"), max_length=200, blank=True)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)

    class Meta:
        ordering = ["weekday", "start_time", "id"]
        verbose_name = _("beschikbaarheid")
        verbose_name_plural = _("beschikbaarheid")
        indexes = [models.Index(fields=["coach", "weekday"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="availability_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(slot_minutes__gte=10, slot_minutes__lte=240),
                name="availability_slot_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M}"


class AvailabilityException(TenantModel):
    """Days on which a coach is not available (leave, training), whatever his weekly rules say."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability_exceptions"
    )
    starts_on = models.DateField(_("van"))
    ends_on = models.DateField(_("tot en met"))
    reason = models.CharField(_("reden"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("afwezigheid")
        verbose_name_plural = _("afwezigheid")
        indexes = [models.Index(fields=["coach", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="availability_exception_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} - {self.ends_on}"


class CalendarFeed(TenantModel):
    """A coach's private calendar feed. Only a hash of the secret in its URL is stored."""

    coach = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("agenda-abonnement")
        verbose_name_plural = _("agenda-abonnementen")
