"""Forms of the registration (web and counter), the intake and the routing rules."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from werkplein.accounts.models import User
from werkplein.clients.forms import (
    OLDEST_CLIENT_AGE,
    JobForm,
    check_plausible_birth,
    clean_bsn,
    clean_postcode,
)
from werkplein.clients.models import BenefitKind, EducationLevel, Household
from werkplein.core.forms import DutchDateInput
from werkplein.intake import selectors
from werkplein.intake.models import Barrier, Route, RoutingRule, SelfReliance
from werkplein.intake.selectors import MAX_JOBS
from werkplein.plans.models import ActivityOwner, LadderRung

ADULT_AGE = 18
MAX_STEPS = 5
TEXT_MAX = 2000


class AccessibleErrors:
    """Links each field's error text to its input (aria-describedby) for screen readers; the
    error paragraph's id is the one components/field.html gives it."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                bound = self[name]  # type: ignore[index]
                self.fields[name].widget.attrs["aria-describedby"] = f"{bound.auto_id}_error"  # type: ignore[attr-defined]


class BlankRowSkipped:
    """A row of a formset left entirely blank is no row at all, also a pre-filled one the user
    emptied: it is skipped, never refused as incomplete."""

    # The fields that make a row; a select with a default value (who does a step) does not.
    content_fields: tuple[str, ...] | None = None

    def full_clean(self) -> None:
        names = self.content_fields or tuple(self.fields)  # type: ignore[attr-defined]
        if self.is_bound and not any(  # type: ignore[attr-defined]
            str(self.data.get(self.add_prefix(name), "")).strip()  # type: ignore[attr-defined]
            for name in names
        ):
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()  # type: ignore[misc]


class PersonForm(AccessibleErrors, forms.Form):
    """Personal and contact data, education and wishes: what a registration asks once."""

    bsn = forms.CharField(label=_("BSN"), max_length=11)
    first_name = forms.CharField(label=_("voornaam"), max_length=80)
    name_prefix = forms.CharField(label=_("tussenvoegsel"), max_length=20, required=False)
    last_name = forms.CharField(label=_("achternaam"), max_length=120)
    date_of_birth = forms.DateField(label=_("geboortedatum"), widget=DutchDateInput())
    street = forms.CharField(label=_("straat"), max_length=120)
    house_number = forms.CharField(label=_("huisnummer"), max_length=12)
    postcode = forms.CharField(label=_("postcode"), max_length=10)
    city = forms.CharField(label=_("woonplaats"), max_length=80)
    municipality = forms.ModelChoiceField(
        label=_("woongemeente"),
        queryset=selectors.Organisation.objects.none(),
        error_messages={"invalid_choice": _("Kies uw gemeente uit de lijst.")},
    )
    phone = PhoneNumberField(label=_("telefoon"), required=False, region="NL")
    email = forms.EmailField(label=_("e-mailadres"), required=False, max_length=254)
    highest_level = forms.ChoiceField(
        label=_("hoogst afgeronde opleiding"), choices=EducationLevel.choices
    )
    has_start_qualification = forms.BooleanField(
        label=_("startkwalificatie (havo, vwo of mbo niveau 2 of hoger)"),
        required=False,
    )
    occupations = forms.CharField(label=_("gewenste beroepen"), max_length=300, required=False)
    hours_per_week = forms.IntegerField(
        label=_("uren per week"), required=False, min_value=1, max_value=60
    )
    region = forms.CharField(label=_("regio"), max_length=120, required=False)

    minor_message = _(
        "U bent jonger dan 18 jaar. Aanmelden kan vanaf 18 jaar. Heeft u vragen? "
        "Kom langs bij de balie of bel ons."
    )
    groups = {
        "person": ("bsn", "first_name", "name_prefix", "last_name", "date_of_birth"),
        "address": ("street", "house_number", "postcode", "city", "municipality"),
        "contact": ("phone", "email"),
        "education": ("highest_level", "has_start_qualification"),
        "wishes": ("occupations", "hours_per_week", "region"),
    }

    def __init__(self, *args, werkplein_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = selectors.municipalities_of(werkplein_id)
        self.fields["hours_per_week"].error_messages.update(
            {
                "min_value": _("Vul een aantal uren tussen 1 en 60 in."),
                "max_value": _("Vul een aantal uren tussen 1 en 60 in."),
            }
        )

    def fieldset(self, key: str) -> list[forms.BoundField]:
        return [self[name] for name in self.groups[key]]

    @property
    def person_fields(self):
        return self.fieldset("person")

    @property
    def address_fields(self):
        return self.fieldset("address")

    @property
    def contact_fields(self):
        return self.fieldset("contact")

    @property
    def education_fields(self):
        return self.fieldset("education")

    @property
    def wishes_fields(self):
        return self.fieldset("wishes")

    def clean_bsn(self) -> str:
        return clean_bsn(self.cleaned_data["bsn"])

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["postcode"])

    def clean_date_of_birth(self) -> datetime.date:
        born = check_plausible_birth(self.cleaned_data["date_of_birth"])
        if selectors.age_on(born, timezone.localdate()) < ADULT_AGE:
            raise ValidationError(self.minor_message)
        return born


class JobEntryForm(BlankRowSkipped, AccessibleErrors, JobForm):
    """One job of the work history; an empty row is skipped."""

    class Meta(JobForm.Meta):
        fields = ["employer_name", "position", "started_on", "ended_on", "hours_per_week"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hours_per_week"].validators.append(_hours_validator)


def _hours_validator(value: int | None) -> None:
    if value is not None and not 1 <= value <= 60:
        raise ValidationError(_("Vul een aantal uren tussen 1 en 60 in."))


class BaseJobFormSet(forms.BaseFormSet):
    def jobs(self) -> list[dict[str, Any]]:
        return [dict(form.cleaned_data) for form in self.forms if form.cleaned_data]


def job_formset(data=None, initial: list[dict] | None = None) -> BaseJobFormSet:
    """A work history of up to five jobs: the known ones, then empty rows up to five."""
    initial = list(initial or [])[:MAX_JOBS]
    formset_class = forms.formset_factory(
        JobEntryForm,
        formset=BaseJobFormSet,
        extra=max(MAX_JOBS - len(initial), 0),
        max_num=MAX_JOBS,
        absolute_max=MAX_JOBS,
        validate_max=True,
    )
    return formset_class(data, initial=initial, prefix="jobs")


class CounterLookupForm(AccessibleErrors, forms.Form):
    bsn = forms.CharField(label=_("BSN"), max_length=11)

    def clean_bsn(self) -> str:
        return clean_bsn(self.cleaned_data["bsn"])


# --- the intake ----------------------------------------------------------------------------------


class SecondAdviserField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.organisation})"


class IntakeForm(PersonForm):
    minor_message = _(
        "De klant is jonger dan 18 jaar: een intake kan vanaf 18 jaar. Verwijs hem naar school "
        "of de leerplichtambtenaar."
    )
    second_adviser = SecondAdviserField(
        label=_("tweede adviseur (duo-intake)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Alleen een adviseur van een andere partnerorganisatie."),
        error_messages={
            "invalid_choice": _(
                "Kies als tweede adviseur een medewerker van een andere partnerorganisatie van "
                "dit Werkplein."
            )
        },
    )
    requested_benefit = forms.ChoiceField(
        label=_("gevraagde uitkering"), choices=BenefitKind.choices
    )
    household = forms.ChoiceField(
        label=_("leefsituatie"),
        choices=[("", _("Niet besproken")), *Household.choices],
        required=False,
        help_text=_("Nodig voor een bijstandsaanvraag: de gemeente beoordeelt het huishouden."),
        error_messages={"invalid_choice": _("Kies de leefsituatie uit de lijst.")},
    )
    self_reliance = forms.ChoiceField(
        label=_("zelfredzaamheid"), choices=SelfReliance.choices, widget=forms.RadioSelect
    )
    ladder_rung = forms.TypedChoiceField(
        label=_("trede op de participatieladder"),
        choices=LadderRung.choices,
        coerce=int,
        error_messages={"invalid_choice": _("Kies een trede van 1 tot en met 6.")},
    )
    barriers = forms.MultipleChoiceField(
        label=_("belemmeringen"),
        choices=Barrier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    strengths = forms.CharField(
        label=_("sterke punten"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    route = forms.ChoiceField(label=_("aanbevolen route"), choices=Route.choices)
    recommendations = forms.CharField(
        label=_("aanbevelingen voor de klant"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De klant leest dit direct in Mijn Werkplein. Schrijf in eenvoudige taal."),
        error_messages={"required": _("Schrijf de aanbevelingen voor de klant op.")},
    )
    invite = forms.BooleanField(
        label=_("uitnodigen voor Mijn Werkplein (als er een e-mailadres is)"), required=False
    )
    # selectors.known_state of the known client's data shown in the form.
    known_state = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, actor: User, **kwargs) -> None:
        super().__init__(*args, werkplein_id=actor.werkplein_id, **kwargs)
        self.actor = actor
        self.fields["second_adviser"].queryset = selectors.second_adviser_choices(
            actor.werkplein_id
        )
        self.fields["invite"].initial = True

    def clean_second_adviser(self) -> User | None:
        adviser = self.cleaned_data["second_adviser"]
        if adviser is None:
            return None
        if adviser.pk == self.actor.pk:
            raise ValidationError(_("U kunt niet uw eigen tweede adviseur zijn."))
        if adviser.organisation_id == self.actor.organisation_id:
            raise ValidationError(
                _("Een duo-intake houdt u met een adviseur van een andere organisatie.")
            )
        return adviser

    def clean_recommendations(self) -> str:
        text = self.cleaned_data["recommendations"].strip()
        if not text:
            raise ValidationError(_("Schrijf de aanbevelingen voor de klant op."))
        return text


class StepForm(BlankRowSkipped, AccessibleErrors, forms.Form):
    content_fields = ("description", "due_on")

    description = forms.CharField(label=_("eerste stap"), max_length=300)
    owner = forms.ChoiceField(
        label=_("wie doet het"),
        choices=[
            (ActivityOwner.CLIENT, ActivityOwner.CLIENT.label),
            (ActivityOwner.COACH, ActivityOwner.COACH.label),
        ],
    )
    due_on = forms.DateField(label=_("uiterlijk"), required=False, widget=DutchDateInput())

    def clean_due_on(self) -> datetime.date | None:
        day = self.cleaned_data["due_on"]
        today = timezone.localdate()
        if day is not None and not today <= day <= today + datetime.timedelta(days=366 * 2):
            raise ValidationError(_("Kies een datum vanaf vandaag, binnen twee jaar."))
        return day


class BaseStepFormSet(forms.BaseFormSet):
    def steps(self) -> list[dict[str, Any]]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get("description")
        ]


def step_formset(data=None, initial: list[dict] | None = None) -> BaseStepFormSet:
    initial = list(initial or [])[:MAX_STEPS]
    formset_class = forms.formset_factory(
        StepForm,
        formset=BaseStepFormSet,
        extra=max(3 - len(initial), 0),
        max_num=MAX_STEPS,
        absolute_max=MAX_STEPS,
        validate_max=True,
    )
    return formset_class(data, initial=initial, prefix="steps")


# --- routing rules -------------------------------------------------------------------------------


class RoutingRuleForm(AccessibleErrors, forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["name", "min_age", "max_age", "benefit_kind", "team", "active"]

    def __init__(self, *args, werkplein_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = selectors.teams_of(werkplein_id)
        self.fields["team"].error_messages["invalid_choice"] = _("Kies een team van dit Werkplein.")
        for name in ("min_age", "max_age"):
            self.fields[name].validators.append(_age_validator)

    def clean(self) -> dict:
        data = super().clean()
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and low > high:
            self.add_error("max_age", _("De hoogste leeftijd is lager dan de laagste."))
        return data

    def _post_clean(self) -> None:
        # The database checks the age range too; the form said it in Dutch already.
        if "max_age" in self.errors:
            return
        super()._post_clean()


def _age_validator(value: int | None) -> None:
    if value is not None and not 15 <= value <= OLDEST_CLIENT_AGE:
        raise ValidationError(
            _("Vul een leeftijd tussen 15 en %(max)s in.") % {"max": OLDEST_CLIENT_AGE}
        )
