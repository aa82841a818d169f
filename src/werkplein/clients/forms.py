"""Forms for registering a client and for each section of his dossier."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn as bsn_number
from stdnum.nl import postcode as nl_postcode

from werkplein.accounts.models import Organisation, OrganisationKind, Role, User
from werkplein.clients.models import (
    Benefit,
    BenefitKind,
    Client,
    Education,
    FinancialSituation,
    Job,
    Skills,
    Wishes,
)
from werkplein.core.forms import CentsField, DutchDateInput

OLDEST_CLIENT_AGE = 110
YOUNGEST_CLIENT_AGE = 15


def clean_bsn(value: str) -> str:
    try:
        return bsn_number.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("Dit is geen geldig BSN: een BSN heeft 9 cijfers en voldoet aan de elfproef.")
        ) from exc


def clean_postcode(value: str) -> str:
    if not value:
        return ""
    try:
        # python-stdnum answers "NL-1234 AB"; the dossier shows "1234 AB".
        return nl_postcode.validate(value).removeprefix("NL-")
    except StdnumError as exc:
        raise ValidationError(_("Vul een geldige postcode in, bijvoorbeeld 7201 AB.")) from exc


def check_plausible_birth(born: datetime.date) -> datetime.date:
    """A date of birth neither in the future nor too long ago for a living client."""
    today = timezone.localdate()
    if born > today:
        raise ValidationError(_("De geboortedatum ligt in de toekomst."))
    if born.year < today.year - OLDEST_CLIENT_AGE:
        raise ValidationError(_("Deze geboortedatum is niet aannemelijk."))
    return born


class WerkpleinFormMixin:
    """Limits organisation choices to the acting user's Werkplein."""

    def limit_organisations(self, field: str, werkplein_id: int, kinds: tuple[str, ...]) -> None:
        self.fields[field].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            werkplein_id=werkplein_id, kind__in=kinds
        )


class PersonalForm(WerkpleinFormMixin, forms.ModelForm):
    phone = PhoneNumberField(label=_("telefoon"), required=False, region="NL")

    class Meta:
        model = Client
        fields = [
            "first_name",
            "name_prefix",
            "last_name",
            "date_of_birth",
            "street",
            "house_number",
            "postcode",
            "city",
            "municipality",
            "phone",
            "email",
        ]
        widgets = {"date_of_birth": DutchDateInput()}

    def __init__(self, *args, werkplein_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.limit_organisations("municipality", werkplein_id, (OrganisationKind.MUNICIPALITY,))

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["postcode"])

    def clean_date_of_birth(self) -> datetime.date:
        born = check_plausible_birth(self.cleaned_data["date_of_birth"])
        if born.year > timezone.localdate().year - YOUNGEST_CLIENT_AGE:
            raise ValidationError(
                _("Een klant is minstens %(age)s jaar oud.") % {"age": YOUNGEST_CLIENT_AGE}
            )
        return born


class RegistrationForm(PersonalForm):
    class Meta(PersonalForm.Meta):
        fields = ["bsn", *PersonalForm.Meta.fields]

    def clean_bsn(self) -> str:
        return clean_bsn(self.cleaned_data["bsn"])


class GuidanceForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = ["segment", "contact_frequency_days"]


# The longest free text of a section. A change is written in the logbook as old → new; without a
# limit a long text made that entry too long, and the refusal spoke of a logbook text nobody wrote.
SECTION_TEXT_MAX_LENGTH = 2000
# A job that is agreed to end on a day may end some years ahead; not centuries.
JOB_MAX_YEARS_AHEAD = 10


class ChangedTextLimit:
    """The texts a save changes are at most SECTION_TEXT_MAX_LENGTH characters; a longer text
    stored before is never a reason to refuse a save that leaves it alone."""

    def clean(self) -> dict:
        data = super().clean()  # type: ignore[misc]
        for name in self.changed_data:  # type: ignore[attr-defined]
            value = data.get(name)
            if isinstance(value, str) and len(value) > SECTION_TEXT_MAX_LENGTH:
                self.add_error(  # type: ignore[attr-defined]
                    name,
                    _("Uw tekst is te lang: maximaal %(limit)d tekens.")
                    % {"limit": SECTION_TEXT_MAX_LENGTH},
                )
        return data


class EducationForm(ChangedTextLimit, forms.ModelForm):
    class Meta:
        model = Education
        fields = ["highest_level", "has_start_qualification", "diplomas", "current_study"]
        widgets = {"diplomas": forms.Textarea(attrs={"rows": 3})}


class FinancialForm(ChangedTextLimit, forms.ModelForm):
    housing_costs_cents = CentsField(label=_("woonlasten per maand (€)"), required=False)

    class Meta:
        model = FinancialSituation
        fields = ["household", "housing_costs_cents", "has_debts", "in_debt_counselling", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean_housing_costs_cents(self) -> int:
        return self.cleaned_data["housing_costs_cents"] or 0

    def clean(self) -> dict:
        data = super().clean()
        if data.get("in_debt_counselling") and not data.get("has_debts"):
            self.add_error(
                "has_debts", _("Wie in de schuldhulpverlening zit, heeft schulden. Vink dit aan.")
            )
        return data


class SkillsForm(ChangedTextLimit, forms.ModelForm):
    class Meta:
        model = Skills
        fields = ["languages", "driving_licence", "digital_skills", "skills"]
        widgets = {"skills": forms.Textarea(attrs={"rows": 3})}


class WishesForm(ChangedTextLimit, forms.ModelForm):
    class Meta:
        model = Wishes
        fields = ["occupations", "hours_per_week", "region", "max_travel_minutes", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean_hours_per_week(self) -> int | None:
        hours = self.cleaned_data["hours_per_week"]
        if hours is not None and not 1 <= hours <= 60:
            raise ValidationError(_("Vul een aantal uren tussen 1 en 60 in."))
        return hours


class JobForm(forms.ModelForm):
    class Meta:
        model = Job
        fields = [
            "employer_name",
            "position",
            "started_on",
            "ended_on",
            "hours_per_week",
            "reason_ended",
        ]
        widgets = {"started_on": DutchDateInput(), "ended_on": DutchDateInput()}

    def clean(self) -> dict:
        data = super().clean()
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and started > timezone.localdate():
            self.add_error("started_on", _("De begindatum ligt in de toekomst."))
        if started and ended and ended < started:
            self.add_error("ended_on", _("De einddatum ligt voor de begindatum."))
        today = timezone.localdate()
        earliest = today.year - (OLDEST_CLIENT_AGE - YOUNGEST_CLIENT_AGE)
        for name in ("started_on", "ended_on"):
            day = data.get(name)
            if (
                day is not None
                and name not in self.errors
                and not earliest <= day.year <= today.year + JOB_MAX_YEARS_AHEAD
            ):
                self.add_error(
                    name,
                    _("Deze datum ligt te ver terug of te ver vooruit. Controleer het jaartal."),
                )
        return data


PAYER_KINDS = {
    BenefitKind.WW: OrganisationKind.UWV,
    BenefitKind.WIA: OrganisationKind.UWV,
    BenefitKind.BIJSTAND: OrganisationKind.MUNICIPALITY,
}


class BenefitForm(WerkpleinFormMixin, forms.ModelForm):
    monthly_amount_cents = CentsField(label=_("bedrag per maand (€)"), required=False)

    class Meta:
        model = Benefit
        fields = [
            "kind",
            "paying_organisation",
            "started_on",
            "expected_end_on",
            "monthly_amount_cents",
        ]
        widgets = {"started_on": DutchDateInput(), "expected_end_on": DutchDateInput()}

    def __init__(self, *args, werkplein_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.limit_organisations(
            "paying_organisation",
            werkplein_id,
            (OrganisationKind.UWV, OrganisationKind.MUNICIPALITY),
        )

    def clean_monthly_amount_cents(self) -> int:
        return self.cleaned_data["monthly_amount_cents"] or 0

    def clean(self) -> dict:
        data = super().clean()
        kind, payer = data.get("kind"), data.get("paying_organisation")
        expected_payer_kind = PAYER_KINDS.get(kind)
        if expected_payer_kind and payer is None:
            self.add_error(
                "paying_organisation", _("Kies de organisatie die deze uitkering betaalt.")
            )
        elif expected_payer_kind and payer.kind != expected_payer_kind:
            self.add_error(
                "paying_organisation",
                _("Een %(kind)s-uitkering wordt betaald door %(payer)s.")
                % {
                    "kind": BenefitKind(kind).label,
                    "payer": OrganisationKind(expected_payer_kind).label,
                },
            )
        if kind == BenefitKind.NONE and payer is not None:
            self.add_error("paying_organisation", _("Zonder uitkering is er geen betaler."))
        started, ended = data.get("started_on"), data.get("expected_end_on")
        if started and ended and ended < started:
            self.add_error("expected_end_on", _("De einddatum ligt voor de ingangsdatum."))
        return data


class ReassignForm(forms.Form):
    coach = forms.ModelChoiceField(label=_("nieuwe coach"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("reden"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )

    def __init__(self, *args, werkplein_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = User.objects.filter(
            werkplein_id=werkplein_id, role__in=(Role.COACH, Role.TEAM_LEAD), is_active=True
        ).order_by("last_name", "first_name")

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Geef een reden voor de overdracht."))
        return reason
