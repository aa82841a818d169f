"""The plan of action (plan van aanpak) agreed with a client, his job applications and his
rung on the participation ladder."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkplein.clients.models import Client
from werkplein.core.models import TenantModel, VersionedModel


class Plan(TenantModel, VersionedModel):
    """One plan per client. `version` grows with every change of the plan, its goals or its
    activities, so an acceptance says exactly which plan the client agreed to."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="plan")
    accepted_version = models.PositiveIntegerField(_("geaccepteerde versie"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    # The agreed job-application obligation: `applications_required` per `obligation_weeks`.
    applications_required = models.PositiveSmallIntegerField(
        _("sollicitaties per periode"), default=0
    )
    obligation_weeks = models.PositiveSmallIntegerField(_("periode in weken"), default=4)

    class Meta:
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plannen van aanpak")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(obligation_weeks__gte=1, obligation_weeks__lte=52),
                name="plan_obligation_weeks_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} v{self.version}"

    @property
    def is_accepted(self) -> bool:
        """True when the client accepted the plan as it stands now."""
        return self.accepted_version == self.version


class Goal(TenantModel, VersionedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("doel"), max_length=300)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")

    def __str__(self) -> str:
        return self.text


class ActivityOwner(models.TextChoices):
    CLIENT = "client", _("Klant")
    COACH = "coach", _("Coach")
    PROVIDER = "provider", _("Re-integratiebedrijf")


class ActivityStatus(models.TextChoices):
    OPEN = "open", _("Te doen")
    DONE = "done", _("Gedaan")
    CANCELLED = "cancelled", _("Vervallen")


class Activity(TenantModel, VersionedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("doel"),
    )
    description = models.CharField(_("activiteit"), max_length=300)
    owner = models.CharField(
        _("wie doet het"),
        max_length=10,
        choices=ActivityOwner.choices,
        default=ActivityOwner.CLIENT,
    )
    due_on = models.DateField(_("uiterlijk"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.OPEN
    )
    done_at = models.DateTimeField(_("gedaan op"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        indexes = [models.Index(fields=["plan", "status", "due_on"])]

    def __str__(self) -> str:
        return self.description


class ApplicationChannel(models.TextChoices):
    WEBSITE = "website", _("Via een website")
    EMAIL = "email", _("Per e-mail")
    LETTER = "letter", _("Per brief")
    PHONE = "phone", _("Telefonisch")
    IN_PERSON = "in_person", _("Langsgegaan")
    NETWORK = "network", _("Via mijn netwerk")
    AGENCY = "agency", _("Via een uitzendbureau")


class ApplicationResult(models.TextChoices):
    WAITING = "waiting", _("Nog geen antwoord")
    INTERVIEW = "interview", _("Uitgenodigd voor gesprek")
    REJECTED = "rejected", _("Afgewezen")
    HIRED = "hired", _("Aangenomen")
    WITHDRAWN = "withdrawn", _("Zelf gestopt")


class JobApplication(TenantModel, VersionedModel):
    """A job application the client (or his coach) recorded."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="job_applications")
    employer_name = models.CharField(_("werkgever"), max_length=160)
    position = models.CharField(_("functie"), max_length=160)
    applied_on = models.DateField(_("datum"))
    channel = models.CharField(
        _("hoe"),
        max_length=10,
        choices=ApplicationChannel.choices,
        default=ApplicationChannel.WEBSITE,
    )
    result = models.CharField(
        _("resultaat"),
        max_length=10,
        choices=ApplicationResult.choices,
        default=ApplicationResult.WAITING,
    )
    notes = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-applied_on", "-id"]
        verbose_name = _("sollicitatie")
        verbose_name_plural = _("sollicitaties")
        indexes = [models.Index(fields=["werkplein", "client", "-applied_on"])]

    def __str__(self) -> str:
        return f"{self.position} — {self.employer_name}"


class LadderRung(models.IntegerChoices):
    """The participation ladder (participatieladder), as used by Dutch municipalities."""

    ISOLATED = 1, _("Geïsoleerd")
    SOCIAL_CONTACTS = 2, _("Sociale contacten buitenshuis")
    ORGANISED_ACTIVITIES = 3, _("Deelname aan georganiseerde activiteiten")
    UNPAID_WORK = 4, _("Onbetaald werk")
    PAID_WORK_WITH_SUPPORT = 5, _("Betaald werk met ondersteuning")
    PAID_WORK = 6, _("Betaald werk")


class LadderStep(TenantModel):
    """The rung the coach set on a day; the history of these rows is the client's progress."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="ladder_steps")
    rung = models.PositiveSmallIntegerField(_("trede"), choices=LadderRung.choices)
    set_on = models.DateField(_("vastgesteld op"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        ordering = ["set_on", "id"]
        verbose_name = _("trede op de participatieladder")
        verbose_name_plural = _("treden op de participatieladder")
        indexes = [models.Index(fields=["client", "-set_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rung__gte=1, rung__lte=6), name="ladderstep_rung_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.rung} ({self.set_on})"
