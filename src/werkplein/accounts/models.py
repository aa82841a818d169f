"""Organisations of a Werkplein, the people who use it, their roles and teams (RVE)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkplein.core.models import Werkplein


class OrganisationKind(models.TextChoices):
    UWV = "uwv", _("UWV")
    MUNICIPALITY = "municipality", _("Gemeente")
    PROVIDER = "provider", _("Re-integratiebedrijf")
    EMPLOYER = "employer", _("Werkgever")


class Organisation(models.Model):
    """A ketenpartner: UWV, a municipality, a provider or an employer."""

    werkplein = models.ForeignKey(Werkplein, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(_("naam"), max_length=120)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["werkplein", "name"], name="organisation_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COACH = "coach", _("Werkcoach")
    TEAM_LEAD = "team_lead", _("Teamleider")
    BACK_OFFICE = "back_office", _("Backoffice")
    QUALITY_OFFICER = "quality_officer", _("Kwaliteitsmedewerker")
    SECURITY_OFFICER = "security_officer", _("Security officer")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functioneel beheerder")
    PROVIDER_STAFF = "provider_staff", _("Medewerker re-integratiebedrijf")
    EMPLOYER = "employer", _("Werkgever")
    CLIENT = "client", _("Klant")


# The staff who work on clients' cases: they hold intakes, take part in case conferences and
# hear of the work waiting for them.
CASEWORK_ROLES = frozenset({Role.COACH, Role.TEAM_LEAD, Role.BACK_OFFICE})
STAFF_ROLES = frozenset(
    {
        Role.COACH,
        Role.TEAM_LEAD,
        Role.BACK_OFFICE,
        Role.QUALITY_OFFICER,
        Role.SECURITY_OFFICER,
        Role.FUNCTIONAL_ADMIN,
    }
)


class User(AbstractUser):
    """Anyone who logs in. Belongs to one organisation of one Werkplein and has one role."""

    werkplein = models.ForeignKey(
        Werkplein, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.COACH)
    target_caseload = models.PositiveIntegerField(
        _("beoogde caseload"), default=100, help_text=_("Aantal klanten dat deze coach begeleidt.")
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_werkplein_staff(self) -> bool:
        """Staff of a partner organisation inside the Werkplein: they need two-factor login."""
        return self.role in STAFF_ROLES


class TargetGroup(models.TextChoices):
    NONE = "", _("Geen")
    UNDER_27 = "under_27", _("Jongeren onder 27")
    FROM_45 = "from_45", _("45-plussers")


class Team(models.Model):
    """A result-responsible unit (RVE): staff of several partners, one team lead."""

    werkplein = models.ForeignKey(Werkplein, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("naam"), max_length=120)
    lead = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="led_teams",
        verbose_name=_("teamleider"),
        limit_choices_to={"role": Role.TEAM_LEAD},
    )
    members = models.ManyToManyField(
        User, related_name="teams", blank=True, verbose_name=_("leden")
    )
    target_group = models.CharField(
        _("doelgroep"), max_length=20, choices=TargetGroup.choices, blank=True, default=""
    )
    shares_caseloads = models.BooleanField(
        _("leden zien elkaars caseload"),
        default=False,
        help_text=_("Coaches van dit team mogen dan ook de dossiers van hun teamgenoten inzien."),
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["werkplein", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """A one-time link by which a client chooses the password of his Mijn Werkplein account.

    Only a hash of the link's secret is stored; the link works once and until it expires.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(_("e-mailadres"))
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("geldig tot"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%Y-%m-%d})"
