"""The coach the system proposes for a client after his intake, and the team lead's choice."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from werkplein.accounts.models import Team
from werkplein.clients.models import Client
from werkplein.core.models import TenantModel


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Wacht op de teamleider")
    CONFIRMED = "confirmed", _("Bevestigd")
    OVERRIDDEN = "overridden", _("Andere coach gekozen")
    CANCELLED = "cancelled", _("Vervallen")


class CoachProposalQuerySet(models.QuerySet):
    def cancel_open(self, client: Client, *, at, by=None) -> int:
        """Settles the client's open proposal: a newer one, or a coach chosen another way,
        takes its place."""
        return self.filter(client=client, status=ProposalStatus.OPEN).update(
            status=ProposalStatus.CANCELLED, decided_by=by, decided_at=at, updated_at=at
        )


class CoachProposal(TenantModel):
    """The coach with the most free weighted capacity in the routed team, for the team lead to
    confirm or override. `proposed_coach` is empty when the team has no coach available."""

    objects = CoachProposalQuerySet.as_manager()

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="coach_proposals")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="coach_proposals")
    proposed_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voorgestelde coach"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    figures = models.JSONField(_("caseloadcijfers bij het voorstel"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    chosen_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gekozen coach"),
    )
    reason = models.TextField(_("reden"), blank=True)

    class Meta:
        verbose_name = _("coachvoorstel")
        verbose_name_plural = _("coachvoorstellen")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["werkplein", "team", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=Q(status="open"), name="coachproposal_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id} → {self.proposed_coach_id}"
