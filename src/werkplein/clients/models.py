"""The client (werkzoekende) and the sections of his dossier."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from werkplein.accounts.models import Organisation, Team
from werkplein.core.models import TenantModel, VersionedModel


class Segment(models.TextChoices):
    WORK_READY = "work_ready", _("Direct bemiddelbaar")
    SUPPORT = "support", _("Begeleiding nodig")
    INTENSIVE = "intensive", _("Intensieve begeleiding")
    CARE_FIRST = "care_first", _("Zorg eerst")


class ContactFrequency(models.IntegerChoices):
    WEEKLY = 7, _("Elke week")
    FORTNIGHTLY = 14, _("Elke twee weken")
    MONTHLY = 28, _("Elke vier weken")
    TWO_MONTHLY = 56, _("Elke acht weken")
    QUARTERLY = 91, _("Elk kwartaal")


class Client(TenantModel, VersionedModel):
    """A job seeker with his basic registration data; `version` guards these personal data."""

    bsn = models.CharField(_("BSN"), max_length=9)
    first_name = models.CharField(_("voornaam"), max_length=80)
    name_prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=120)
    date_of_birth = models.DateField(_("geboortedatum"))
    street = models.CharField(_("straat"), max_length=120, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=12, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("woonplaats"), max_length=80, blank=True)
    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="residents",
        verbose_name=_("woongemeente"),
        limit_choices_to={"kind": "municipality"},
    )
    phone = PhoneNumberField(_("telefoon"), blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("werkcoach"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="clients"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="client_profile",
        verbose_name=_("account"),
    )

    # Guidance section: its own version, so editing it never clashes with the personal data.
    segment = models.CharField(
        _("segment"), max_length=20, choices=Segment.choices, default=Segment.SUPPORT
    )
    contact_frequency_days = models.PositiveSmallIntegerField(
        _("contactfrequentie"), choices=ContactFrequency.choices, default=ContactFrequency.MONTHLY
    )
    guidance_version = models.PositiveIntegerField(default=1)

    # Derived by the logbook service so that the caseload sorts on them without a join.
    last_contact_at = models.DateTimeField(_("laatste contact"), null=True, blank=True)
    next_contact_due = models.DateField(_("contact gepland uiterlijk"), null=True, blank=True)

    class Meta:
        verbose_name = _("klant")
        verbose_name_plural = _("klanten")
        constraints = [
            models.UniqueConstraint(fields=["werkplein", "bsn"], name="client_unique_bsn"),
        ]
        indexes = [
            models.Index(fields=["werkplein", "coach", "next_contact_due"]),
            models.Index(fields=["werkplein", "team"]),
            models.Index(fields=["werkplein", "date_of_birth"]),
            models.Index(Upper("last_name"), "werkplein", name="client_last_name_ci"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.name_prefix, self.last_name) if p)

    @property
    def sort_name(self) -> str:
        prefix = f", {self.name_prefix}" if self.name_prefix else ""
        return f"{self.last_name}, {self.first_name}{prefix}"

    def compute_next_contact_due(self) -> datetime.date:
        """The date by which the chosen contact frequency asks for the next contact."""
        since = self.last_contact_at or self.created_at
        return timezone.localdate(since) + datetime.timedelta(days=self.contact_frequency_days)

    def age_on(self, day: datetime.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class CoachAssignment(TenantModel):
    """The history of who guided a client: one row per period with one coach."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="assignments")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("coach"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reason = models.TextField(_("reden"), blank=True)
    started_at = models.DateTimeField(_("vanaf"))
    ended_at = models.DateTimeField(_("tot"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("coachtoewijzing")
        verbose_name_plural = _("coachtoewijzingen")


class ClientSection(TenantModel, VersionedModel):
    """A one-per-client section of the dossier."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, primary_key=True)

    class Meta:
        abstract = True


class EducationLevel(models.TextChoices):
    NONE = "none", _("Geen of onbekend")
    PRIMARY = "primary", _("Basisonderwijs")
    VMBO = "vmbo", _("Vmbo")
    MBO1 = "mbo1", _("Mbo niveau 1 (entree)")
    MBO2 = "mbo2", _("Mbo niveau 2")
    MBO3 = "mbo3", _("Mbo niveau 3")
    MBO4 = "mbo4", _("Mbo niveau 4")
    HAVO_VWO = "havo_vwo", _("Havo of vwo")
    HBO = "hbo", _("Hbo")
    WO = "wo", _("Wo")


class Education(ClientSection):
    highest_level = models.CharField(
        _("hoogst afgeronde opleiding"),
        max_length=10,
        choices=EducationLevel.choices,
        default=EducationLevel.NONE,
    )
    has_start_qualification = models.BooleanField(_("startkwalificatie"), default=False)
    diplomas = models.TextField(_("diploma's en certificaten"), blank=True)
    current_study = models.CharField(_("huidige opleiding"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("opleiding")


class Household(models.TextChoices):
    SINGLE = "single", _("Alleenstaand")
    SINGLE_PARENT = "single_parent", _("Alleenstaande ouder")
    COUPLE = "couple", _("Samenwonend of gehuwd")
    COUPLE_CHILDREN = "couple_children", _("Samenwonend of gehuwd met kinderen")
    OTHER = "other", _("Anders")


class FinancialSituation(ClientSection):
    household = models.CharField(
        _("leefsituatie"), max_length=20, choices=Household.choices, default=Household.SINGLE
    )
    housing_costs_cents = models.PositiveIntegerField(_("woonlasten per maand"), default=0)
    has_debts = models.BooleanField(_("schulden"), default=False)
    in_debt_counselling = models.BooleanField(_("in schuldhulpverlening"), default=False)
    notes = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("financiële situatie")


class Skills(ClientSection):
    languages = models.CharField(_("talen"), max_length=200, blank=True)
    driving_licence = models.BooleanField(_("rijbewijs B"), default=False)
    digital_skills = models.CharField(
        _("digitale vaardigheden"),
        max_length=10,
        choices=[("low", _("Beperkt")), ("medium", _("Voldoende")), ("high", _("Goed"))],
        default="medium",
    )
    skills = models.TextField(_("vaardigheden en competenties"), blank=True)

    class Meta:
        verbose_name = _("vaardigheden")


class Wishes(ClientSection):
    occupations = models.CharField(_("gewenste beroepen"), max_length=300, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("uren per week"), null=True, blank=True)
    region = models.CharField(_("regio"), max_length=120, blank=True)
    max_travel_minutes = models.PositiveSmallIntegerField(
        _("maximale reistijd (minuten)"), null=True, blank=True
    )
    notes = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("wensen")


class Job(TenantModel, VersionedModel):
    """One line of the work history."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="jobs")
    employer_name = models.CharField(_("werkgever"), max_length=160)
    position = models.CharField(_("functie"), max_length=160)
    started_on = models.DateField(_("begonnen op"))
    ended_on = models.DateField(_("gestopt op"), null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("uren per week"), null=True, blank=True)
    reason_ended = models.CharField(_("reden einde"), max_length=200, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("werkervaring")
        verbose_name_plural = _("werkervaring")


class BenefitKind(models.TextChoices):
    WW = "ww", _("WW")
    WIA = "wia", _("WIA")
    BIJSTAND = "bijstand", _("Bijstand")
    NONE = "none", _("Geen uitkering")


class Benefit(TenantModel, VersionedModel):
    """A benefit with the organisation that pays it; back office reach follows the payer."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="benefits")
    kind = models.CharField(_("soort"), max_length=10, choices=BenefitKind.choices)
    paying_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benefits_paid",
        verbose_name=_("betalende organisatie"),
    )
    started_on = models.DateField(_("ingangsdatum"))
    expected_end_on = models.DateField(_("verwachte einddatum"), null=True, blank=True)
    monthly_amount_cents = models.PositiveIntegerField(_("bedrag per maand"), default=0)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("uitkering")
        verbose_name_plural = _("uitkeringen")
        indexes = [models.Index(fields=["paying_organisation", "expected_end_on"])]
