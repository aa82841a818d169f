"""The sections of a dossier: one description each, shared by pages, API and services."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.db import models
from django.utils import formats
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from werkplein.clients import forms as client_forms
from werkplein.clients.models import (
    Benefit,
    Client,
    Education,
    FinancialSituation,
    Job,
    Skills,
    Wishes,
)


def display_value(model: type[models.Model], name: str, value: Any) -> str:
    """A field value as a person reads it, for logbook lines and pages."""
    if value is None or value == "":
        return "—"
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext_now("ja") if value else gettext_now("nee")
    if name.endswith("_cents"):
        return "€ " + formats.number_format(
            Decimal(value) / 100, 2, use_l10n=True, force_grouping=True
        )
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    model: type[models.Model]
    form_class: type[forms.ModelForm]
    many: bool = False
    version_field: str = "version"
    needs_werkplein: bool = False

    @property
    def fields(self) -> list[str]:
        return list(self.form_class._meta.fields or [])

    def rows(self, instance: models.Model) -> list[tuple[str, str]]:
        """(label, value) pairs of a stored row, as a person reads them."""
        return [
            (
                capfirst(self.model._meta.get_field(name).verbose_name),
                display_value(self.model, name, getattr(instance, name)),
            )
            for name in self.fields
        ]

    def build_form(self, client: Client, instance=None, data=None) -> forms.ModelForm:
        kwargs = {"instance": instance, "data": data, "prefix": self.key}
        if self.needs_werkplein:
            kwargs["werkplein_id"] = client.werkplein_id
        return self.form_class(**kwargs)


SECTIONS: dict[str, Section] = {
    s.key: s
    for s in (
        Section(
            "personal",
            _("Persoonsgegevens"),
            Client,
            client_forms.PersonalForm,
            needs_werkplein=True,
        ),
        Section(
            "guidance",
            _("Segment en contactfrequentie"),
            Client,
            client_forms.GuidanceForm,
            version_field="guidance_version",
        ),
        Section("education", _("Opleiding"), Education, client_forms.EducationForm),
        Section("work_history", _("Werkervaring"), Job, client_forms.JobForm, many=True),
        Section(
            "financial",
            _("Financiële situatie"),
            FinancialSituation,
            client_forms.FinancialForm,
        ),
        Section(
            "benefits",
            _("Uitkeringen"),
            Benefit,
            client_forms.BenefitForm,
            many=True,
            needs_werkplein=True,
        ),
        Section("skills", _("Vaardigheden"), Skills, client_forms.SkillsForm),
        Section("wishes", _("Wensen"), Wishes, client_forms.WishesForm),
    )
}

# One-per-client sections stored in their own table, created with the client.
ONE_TO_ONE_MODELS = (Education, FinancialSituation, Skills, Wishes)


def get_section(key: str) -> Section | None:
    return SECTIONS.get(key)
