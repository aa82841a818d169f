"""The logbook: every action taken for a client, by whom, visible to him or internal."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkplein.clients.models import Client
from werkplein.core.models import TenantModel


class EntryKind(models.TextChoices):
    NOTE = "note", _("Notitie")
    CONTACT = "contact", _("Contact")
    APPOINTMENT = "appointment", _("Afspraak")
    INSTRUMENT = "instrument", _("Instrument")
    DECISION = "decision", _("Besluit")
    MESSAGE = "message", _("Bericht")
    DOCUMENT = "document", _("Document")
    SYSTEM = "system", _("Systeem")


# Kinds that count as contact with the client for the caseload's contact frequency.
CONTACT_KINDS = frozenset({EntryKind.CONTACT, EntryKind.APPOINTMENT, EntryKind.MESSAGE})


class Visibility(models.TextChoices):
    CLIENT = "client", _("Zichtbaar voor klant")
    INTERNAL = "internal", _("Intern")


class AuthorKind(models.TextChoices):
    STAFF = "staff", _("Medewerker")
    CLIENT = "client", _("Klant")
    PROVIDER = "provider", _("Re-integratiebedrijf")
    SYSTEM = "system", _("Systeem")


class LogEntry(TenantModel):
    """The current text of an entry; earlier versions live in LogEntryVersion."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="log_entries")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    author_kind = models.CharField(_("soort auteur"), max_length=10, choices=AuthorKind.choices)
    kind = models.CharField(_("soort"), max_length=12, choices=EntryKind.choices)
    visibility = models.CharField(_("zichtbaarheid"), max_length=10, choices=Visibility.choices)
    text = models.TextField(_("tekst"))
    occurred_at = models.DateTimeField(_("tijdstip"))
    version = models.PositiveIntegerField(_("versie"), default=1)
    # Written by the system on an actor's behalf (a booking, a plan change): never edited.
    generated = models.BooleanField(default=False)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("logboekregel")
        verbose_name_plural = _("logboekregels")
        indexes = [
            # The Werkplein leads, as in every query; the logbook page counts from the index.
            models.Index(
                fields=["werkplein", "client", "-occurred_at", "-id"], name="logentry_newest"
            ),
            models.Index(
                fields=["werkplein", "client", "kind", "-occurred_at", "-id"],
                name="logentry_kind_newest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


class LogEntryVersion(models.Model):
    """An earlier version of an entry, kept when the entry was edited. Never changed."""

    entry = models.ForeignKey(LogEntry, on_delete=models.PROTECT, related_name="earlier_versions")
    version = models.PositiveIntegerField(_("versie"))
    kind = models.CharField(max_length=12, choices=EntryKind.choices)
    visibility = models.CharField(max_length=10, choices=Visibility.choices)
    text = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "version"], name="logentryversion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} v{self.version}"
