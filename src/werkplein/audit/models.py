"""The access log (who read or tried to read which dossier, why) and quality samples."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkplein.accounts.models import Role
from werkplein.clients.models import Client
from werkplein.core.models import TenantModel, Werkplein


class Purpose(models.TextChoices):
    """The purpose (doelbinding) a user states for reading client data."""

    GUIDANCE = "guidance", _("Begeleiding naar werk")
    TEAM_MANAGEMENT = "team_management", _("Teamsturing")
    BENEFIT = "benefit", _("Uitkeringsverstrekking")
    QUALITY_REVIEW = "quality_review", _("Kwaliteitscontrole (steekproef)")
    REGISTRATION = "registration", _("Inschrijving")
    OWN_DOSSIER = "own_dossier", _("Eigen dossier (klant)")
    CASE_CONFERENCE = "case_conference", _("Casusoverleg")


class Relation(models.TextChoices):
    """How the reader stood to the client at the moment of reading."""

    OWN_CASELOAD = "own_caseload", _("Eigen caseload")
    TEAM = "team", _("Gedeelde teamcaseload")
    TEAM_LEAD = "team_lead", _("Teamleider van de klant")
    STAND_IN = "stand_in", _("Waarnemer")
    BENEFIT_PAYER = "benefit_payer", _("Betalende organisatie")
    SAMPLE = "sample", _("Steekproef")
    CONFERENCE = "conference", _("Deelnemer casusoverleg")
    INTAKE = "intake", _("Aanmelding en intake")
    SELF = "self", _("De klant zelf")
    NONE = "none", _("Geen relatie")


class Action(models.TextChoices):
    READ = "read", _("Dossier gelezen")
    UPDATE = "update", _("Dossier gewijzigd")
    LIST = "list", _("Lijst bekeken")
    SEARCH = "search", _("Gezocht")
    DOWNLOAD = "download", _("Gegevens gedownload")


class Outcome(models.TextChoices):
    ALLOWED = "allowed", _("Toegestaan")
    REFUSED = "refused", _("Geweigerd")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Access events cannot be changed.")

    def delete(self):
        raise PermissionError("Access events cannot be deleted.")


class AccessEvent(models.Model):
    """One read of, or refused attempt at, client data. Append-only (also enforced in the DB).

    The reader's organisation and role are copied, so the event still says what was true then.
    """

    werkplein = models.ForeignKey(Werkplein, on_delete=models.PROTECT, null=True)
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="access_events",
        verbose_name=_("gebruiker"),
    )
    username = models.CharField(_("gebruikersnaam"), max_length=150)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    organisation_name = models.CharField(_("organisatie"), max_length=120, blank=True)
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, null=True, related_name="access_events"
    )
    requested_client_id = models.BigIntegerField(_("gevraagd klantnummer"), null=True)
    purpose = models.CharField(_("doel"), max_length=20, choices=Purpose.choices, blank=True)
    action = models.CharField(_("handeling"), max_length=10, choices=Action.choices)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=Outcome.choices)
    relation = models.CharField(_("relatie"), max_length=15, choices=Relation.choices)
    detail = models.CharField(_("toelichting"), max_length=200, blank=True)
    request_id = models.CharField(_("verzoek-id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("toegangsgebeurtenis")
        verbose_name_plural = _("toegangslog")
        indexes = [
            models.Index(fields=["werkplein", "-at"]),
            models.Index(fields=["client", "-at"]),
            models.Index(fields=["user", "-at"]),
            models.Index(fields=["werkplein", "relation", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Access events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Access events cannot be deleted.")


class QualitySample(TenantModel):
    """A random sample of dossiers that a quality officer reviews afterwards (steekproef)."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="quality_samples",
        verbose_name=_("kwaliteitsmedewerker"),
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("omschrijving"), max_length=200)
    clients = models.ManyToManyField(Client, related_name="quality_samples")
    closed_at = models.DateTimeField(_("afgesloten"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("steekproef")
        verbose_name_plural = _("steekproeven")
