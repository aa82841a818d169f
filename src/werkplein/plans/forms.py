"""Forms of the plan (coach) and of job applications (client). They parse; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkplein.core.forms import DutchDateInput
from werkplein.plans.models import (
    ActivityOwner,
    ActivityStatus,
    ApplicationChannel,
    ApplicationResult,
    LadderRung,
)
from werkplein.plans.services import (
    MAX_APPLICATIONS_REQUIRED,
    MAX_NAME,
    MAX_OBLIGATION_WEEKS,
    MAX_TEXT,
)


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Doel"),
        max_length=MAX_TEXT,
        error_messages={"required": _("Schrijf het doel op.")},
        help_text=_("Bijvoorbeeld: binnen een half jaar werk in de zorg, 24 uur per week."),
    )


class ActivityForm(forms.Form):
    description = forms.CharField(
        label=_("Activiteit"),
        max_length=MAX_TEXT,
        error_messages={"required": _("Beschrijf de activiteit.")},
    )
    goal = forms.ModelChoiceField(
        label=_("Bij doel"), queryset=None, required=False, empty_label=_("Geen doel")
    )
    owner = forms.ChoiceField(
        label=_("Wie doet het"),
        choices=ActivityOwner.choices,
        initial=ActivityOwner.CLIENT,
        widget=forms.RadioSelect,
    )
    due_on = forms.DateField(label=_("Uiterlijk"), required=False, widget=DutchDateInput())
    status = forms.ChoiceField(
        label=_("Status"), choices=ActivityStatus.choices, initial=ActivityStatus.OPEN
    )

    def __init__(self, *args, plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.order_by("position", "id")


class ObligationForm(forms.Form):
    applications_required = forms.IntegerField(
        label=_("Aantal sollicitaties"),
        min_value=0,
        max_value=MAX_APPLICATIONS_REQUIRED,
        help_text=_("0 betekent: geen sollicitatieplicht."),
    )
    obligation_weeks = forms.IntegerField(
        label=_("Per hoeveel weken"), min_value=1, max_value=MAX_OBLIGATION_WEEKS
    )


class LadderForm(forms.Form):
    rung = forms.TypedChoiceField(
        label=_("Trede"),
        choices=[(value, f"{value}. {label}") for value, label in LadderRung.choices],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een trede.")},
    )
    set_on = forms.DateField(
        label=_("Vastgesteld op"),
        required=False,
        widget=DutchDateInput(),
        help_text=_("Leeg laten voor vandaag."),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        max_length=MAX_TEXT,
        required=False,
        help_text=_("De klant leest deze toelichting mee."),
    )


class ApplicationForm(forms.Form):
    employer_name = forms.CharField(
        label=_("Werkgever"),
        max_length=MAX_NAME,
        error_messages={"required": _("Vul de naam van de werkgever in.")},
    )
    position = forms.CharField(
        label=_("Functie"),
        max_length=MAX_NAME,
        error_messages={"required": _("Vul de functie in.")},
    )
    applied_on = forms.DateField(
        label=_("Datum"),
        widget=DutchDateInput(),
        error_messages={
            "required": _("Vul de datum in waarop u solliciteerde."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 14-03-2025."),
        },
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
    )
    channel = forms.ChoiceField(label=_("Hoe solliciteerde u?"), choices=ApplicationChannel.choices)
    result = forms.ChoiceField(
        label=_("Resultaat"), choices=ApplicationResult.choices, initial=ApplicationResult.WAITING
    )
    notes = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applied_on"].initial = timezone.localdate()


class ApplicationResultForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Resultaat"), choices=ApplicationResult.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
