"""Benefit, unless: applications to the paying organisation's back office, the search period
that holds a young person's application, and the signal before a WW benefit ends."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from werkplein.accounts.models import Organisation
from werkplein.clients.models import Benefit, BenefitKind, Client
from werkplein.core.models import TenantModel, VersionedModel


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Ingediend")
    # The back office asked the coach a question; the application waits for the answer and is
    # still open (it counts as open everywhere SUBMITTED does).
    RETURNED = "returned", _("Vraag aan de coach")
    GRANTED = "granted", _("Toegekend")
    REFUSED = "refused", _("Afgewezen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


# An application still waiting for a decision: in the queue, or back with the coach for a question.
OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.RETURNED)


class BenefitApplication(TenantModel, VersionedModel):
    """An application the coach starts for the organisation that would pay the benefit.

    Its back office decides; a granted application creates the client's Benefit row.
    """

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="benefit_applications"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=BenefitKind.choices)
    paying_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="benefit_applications",
        verbose_name=_("betalende organisatie"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    desired_start_on = models.DateField(_("gewenste ingangsdatum"))
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    note = models.TextField(_("toelichting voor de backoffice"), blank=True)
    handover_from = models.ForeignKey(
        Benefit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handovers",
        verbose_name=_("overdracht vanuit"),
    )

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decision_note = models.TextField(_("motivering"), blank=True)
    granted_from = models.DateField(_("ingangsdatum"), null=True, blank=True)
    granted_until = models.DateField(_("einddatum"), null=True, blank=True)
    monthly_amount_cents = models.PositiveIntegerField(_("bedrag per maand"), null=True, blank=True)
    benefit = models.OneToOneField(
        Benefit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("uitkering"),
    )

    class Meta:
        verbose_name = _("uitkeringsaanvraag")
        verbose_name_plural = _("uitkeringsaanvragen")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["werkplein", "paying_organisation", "status", "created_at"])
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "kind"],
                condition=Q(status__in=["submitted", "returned"]),
                name="benefitapplication_one_open_per_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind="none"), name="benefitapplication_kind_is_a_benefit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.client_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ApplicationQuestion(TenantModel):
    """One question of the back office to the coach on an application, and the coach's answer.

    Every round is kept (an administrative record): a later question adds a row and never
    overwrites an earlier one. Staff only, never shown to the client. At most one question of an
    application is open (unanswered) at a time.
    """

    application = models.ForeignKey(
        BenefitApplication,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("uitkeringsaanvraag"),
    )
    question = models.TextField(_("vraag aan de coach"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gevraagd door"),
    )
    asked_at = models.DateTimeField(_("gevraagd op"))
    answer = models.TextField(_("antwoord van de coach"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beantwoord door"),
    )
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)

    class Meta:
        verbose_name = _("vraag over een aanvraag")
        verbose_name_plural = _("vragen over aanvragen")
        ordering = ["asked_at", "id"]
        indexes = [models.Index(fields=["werkplein", "application", "asked_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(answered_at__isnull=True),
                name="applicationquestion_one_open_per_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.asked_at:%Y-%m-%d %H:%M}"


class SearchPeriod(TenantModel):
    """Four weeks in which a client under 27 who asks for bijstand looks for work first.

    His benefit application is held until `ends_on`, unless a team lead lifts the hold.
    """

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="search_periods")
    starts_on = models.DateField(_("begint op"))
    ends_on = models.DateField(_("eindigt op"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(_("opgeheven op"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opgeheven door"),
    )
    lift_reason = models.TextField(_("reden van opheffen"), blank=True)

    class Meta:
        verbose_name = _("zoekperiode")
        verbose_name_plural = _("zoekperiodes")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="searchperiod_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.starts_on} - {self.ends_on}"


class SearchTaskKind(models.TextChoices):
    VACANCY = "vacancy", _("Vacature")
    TASK = "task", _("Opdracht")


class SearchTask(TenantModel):
    """A vacancy or task given to the client for his search period."""

    search_period = models.ForeignKey(SearchPeriod, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("soort"), max_length=10, choices=SearchTaskKind.choices)
    description = models.CharField(_("omschrijving"), max_length=300)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("zoekopdracht")
        verbose_name_plural = _("zoekopdrachten")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.description


class BenefitEndSignal(TenantModel):
    """Raised once, weeks before a WW benefit's expected end, to the coach and the municipality's
    back office; closed by the hand-over to bijstand (which keeps dossier and coach)."""

    benefit = models.OneToOneField(Benefit, on_delete=models.CASCADE, related_name="end_signal")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="benefit_end_signals")
    expected_end_on = models.DateField(_("verwachte einddatum"))
    municipality = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    handover = models.OneToOneField(
        BenefitApplication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="end_signal",
        verbose_name=_("overdracht"),
    )
    closed_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("signaal einde WW")
        verbose_name_plural = _("signalen einde WW")
        ordering = ["expected_end_on", "id"]
        indexes = [models.Index(fields=["werkplein", "municipality", "closed_at"])]

    def __str__(self) -> str:
        return f"{self.client_id} {self.expected_end_on}"
