"""Registration (asked once), the intake conversation and the routing of clients to teams."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from werkplein.accounts.models import Organisation, Team
from werkplein.clients.models import BenefitKind, Client
from werkplein.core.models import TenantModel, TimeStampedModel, Werkplein
from werkplein.plans.models import LadderRung


class RegistrationChannel(models.TextChoices):
    WEB = "web", _("Via de website")
    COUNTER = "counter", _("Aan de balie")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op intake")
    DONE = "done", _("Intake gehouden")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class Registration(TenantModel):
    """A job seeker's registration, waiting for his intake.

    `data` holds what was submitted (personal and contact data, education, work history, wishes)
    as the registration form cleaned it. A registration whose BSN the Werkplein already knows is
    linked to that client at once; the intake then confirms or corrects the known data instead of
    creating a second client. The intake creates the client for a new BSN.
    """

    channel = models.CharField(_("kanaal"), max_length=10, choices=RegistrationChannel.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    bsn = models.CharField(_("BSN"), max_length=9)
    data = models.JSONField(_("gegevens"), default=dict)
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("klant"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingeschreven door"),
    )

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["werkplein", "status", "created_at"])]
        constraints = [
            # One registration per person waits at a time; a second one updates the first.
            models.UniqueConstraint(
                fields=["werkplein", "bsn"],
                condition=Q(status="pending"),
                name="registration_one_pending_per_bsn",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.created_at:%Y-%m-%d}"


class SelfReliance(models.TextChoices):
    SELF_RELIANT = "self_reliant", _("Zelfredzaam")
    NEEDS_SUPPORT = "needs_support", _("Heeft ondersteuning nodig")
    INTENSIVE = "intensive", _("Heeft intensieve ondersteuning nodig")


class Barrier(models.TextChoices):
    LANGUAGE = "language", _("Taal")
    HEALTH = "health", _("Gezondheid")
    CARE_DUTIES = "care_duties", _("Zorgtaken")
    DEBTS = "debts", _("Schulden")
    TRANSPORT = "transport", _("Vervoer")
    QUALIFICATIONS = "qualifications", _("Ontbrekende diploma's")


class Route(models.TextChoices):
    WORK_FIRST = "work_first", _("Werk eerst")
    TRAINING = "training", _("Scholing")
    WORK_LEARNING = "work_learning", _("Werkend leren")
    CARE_FIRST = "care_first", _("Zorg eerst")
    SCHOOL_FIRST = "school_first", _("Eerst terug naar school, dan werkend leren, dan werk")


class Intake(TenantModel):
    """The first conversation: held by one adviser, or by two of two partners (duo intake)."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="intakes", verbose_name=_("klant")
    )
    registration = models.OneToOneField(
        Registration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intake",
        verbose_name=_("aanmelding"),
    )
    held_on = models.DateField(_("gehouden op"))
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gehouden door"),
    )
    held_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    second_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tweede adviseur"),
    )
    second_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisatie tweede adviseur"),
    )
    requested_benefit = models.CharField(
        _("gevraagde uitkering"), max_length=10, choices=BenefitKind.choices
    )
    paying_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("betalende organisatie"),
    )
    self_reliance = models.CharField(
        _("zelfredzaamheid"), max_length=20, choices=SelfReliance.choices
    )
    ladder_rung = models.PositiveSmallIntegerField(
        _("trede op de participatieladder"), choices=LadderRung.choices
    )
    barriers = models.JSONField(_("belemmeringen"), default=list, blank=True)
    strengths = models.TextField(_("sterke punten"), blank=True)
    route = models.CharField(_("aanbevolen route"), max_length=20, choices=Route.choices)
    recommendations = models.TextField(_("aanbevelingen"))
    # The plan's first steps as agreed in the conversation: the summary shows these, not the
    # plan as it stands later, which the advisers need not reach once the client moves on.
    first_steps = models.JSONField(_("eerste stappen"), default=list, blank=True)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    routing_rule = models.ForeignKey(
        "RoutingRule",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("routeringsregel"),
    )

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(second_adviser__isnull=True) | ~Q(second_adviser=F("held_by")),
                name="intake_two_different_advisers",
            ),
            models.CheckConstraint(
                condition=Q(second_organisation__isnull=True)
                | ~Q(second_organisation=F("held_by_organisation")),
                name="intake_duo_of_two_organisations",
            ),
            models.CheckConstraint(
                condition=Q(ladder_rung__gte=1, ladder_rung__lte=6),
                name="intake_ladder_rung_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.held_on}"

    def agreed_first_steps(self) -> list[dict]:
        """The first steps as hold_intake recorded them, with the due date as a date."""
        return [
            {
                **step,
                "due_on": datetime.date.fromisoformat(step["due_on"]) if step["due_on"] else None,
            }
            for step in self.first_steps
        ]

    @property
    def is_duo(self) -> bool:
        return self.second_adviser_id is not None


class RoutingRule(TimeStampedModel):
    """Sends a client to a team by his age and requested benefit; the first matching rule wins.

    Edited by the functional admin of the Werkplein. Ages are inclusive: "under 27" is
    `max_age=26`, "45 and over" is `min_age=45`.
    """

    werkplein = models.ForeignKey(Werkplein, on_delete=models.PROTECT, related_name="routing_rules")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=10)
    name = models.CharField(_("naam"), max_length=120)
    min_age = models.PositiveSmallIntegerField(_("vanaf leeftijd"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("tot en met leeftijd"), null=True, blank=True)
    benefit_kind = models.CharField(
        _("gevraagde uitkering"),
        max_length=10,
        choices=BenefitKind.choices,
        blank=True,
        default="",
        help_text=_("Leeg: elke uitkering."),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="routing_rules", verbose_name=_("team")
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("routeringsregel")
        verbose_name_plural = _("routeringsregels")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=F("max_age")),
                name="routingrule_age_range",
            )
        ]

    def __str__(self) -> str:
        return self.name
