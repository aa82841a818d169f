"""Case conferences (re-integration committee): recurring meetings that discuss a few clients.

Who attends follows the agenda: the presenting coaches, and the members of the series whose
organisation is a partner of a client on the agenda. Participants reach the agenda's clients only
during the conference's time window, for the purpose "case conference" (core.access).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from werkplein.clients.models import Client
from werkplein.core.models import TenantModel


class ConferenceSeries(TenantModel):
    """A recurring conference, e.g. Monday, Wednesday and Friday 10:00, one hour, six clients."""

    name = models.CharField(_("naam"), max_length=120)
    weekdays = models.JSONField(
        _("weekdagen"), default=list, help_text=_("0 is maandag, 6 is zondag.")
    )
    starts_at = models.TimeField(_("begintijd"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=60)
    max_clients = models.PositiveSmallIntegerField(_("maximaal aantal klanten"), default=6)
    location = models.CharField(_("locatie"), max_length=160, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="conference_series", verbose_name=_("leden")
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("reeks casusoverleggen")
        verbose_name_plural = _("reeksen casusoverleggen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["werkplein", "name"], name="conferenceseries_unique"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15, duration_minutes__lte=480),
                name="conferenceseries_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(max_clients__gte=1, max_clients__lte=20),
                name="conferenceseries_max_clients_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Conference(TenantModel):
    """One meeting of a series; its window is [starts_at, ends_at)."""

    series = models.ForeignKey(
        ConferenceSeries, on_delete=models.PROTECT, related_name="conferences"
    )
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    max_clients = models.PositiveSmallIntegerField(_("maximaal aantal klanten"), default=6)
    location = models.CharField(_("locatie"), max_length=160, blank=True)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["werkplein", "starts_at", "ends_at"])]
        constraints = [
            models.UniqueConstraint(fields=["series", "starts_at"], name="conference_unique_slot"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="conference_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series_id} {self.starts_at:%Y-%m-%d %H:%M}"


class AgendaItem(TenantModel):
    """A client on a conference's agenda, put there by his coach with a question."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="items")
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("klant")
    )
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("inbrenger"),
    )
    question = models.TextField(_("vraag aan het overleg"))
    advice = models.TextField(_("advies"), blank=True)
    decision = models.TextField(_("besluit"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "client"], name="agendaitem_unique")
        ]

    def __str__(self) -> str:
        return f"{self.conference_id}: {self.client_id}"


class FollowUp(TenantModel):
    """A follow-up action agreed in the conference, with its owner."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("actie"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="conference_follow_ups",
        verbose_name=_("eigenaar"),
    )
    due_on = models.DateField(_("uiterlijk"), null=True, blank=True)

    class Meta:
        verbose_name = _("vervolgactie")
        verbose_name_plural = _("vervolgacties")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description
