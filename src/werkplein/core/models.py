"""What every app shares: the Werkplein (tenant) and the base models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Werkplein(models.Model):
    """One joint office of UWV and municipalities; every row of client data belongs to one."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    slug = models.SlugField(_("korte naam"), unique=True)

    class Meta:
        verbose_name = _("Werkplein")
        verbose_name_plural = _("Werkpleinen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        abstract = True


class TenantModel(TimeStampedModel):
    """A row of client data; it carries its Werkplein so every query can filter on it first."""

    werkplein = models.ForeignKey(Werkplein, on_delete=models.PROTECT, verbose_name=_("Werkplein"))

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """A dossier section that refuses saves based on a stale version (optimistic locking)."""

    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        abstract = True
