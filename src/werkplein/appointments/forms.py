"""Forms of the appointment pages. They parse what was typed; the services decide the rest."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkplein.appointments.models import AppointmentKind, Weekday
from werkplein.core.forms import DutchDateInput


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)


KIND_HELP = _(
    "Op kantoor: vul het adres in. Video: vul de link in (https://...). Telefonisch: leeg laten."
)


class AvailabilityRuleForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Dag"), choices=Weekday.choices, coerce=int)
    start_time = forms.TimeField(label=_("Van"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Tot"), widget=TimeInput())
    slot_minutes = forms.IntegerField(
        label=_("Duur per afspraak (minuten)"), initial=30, min_value=10, max_value=240
    )
    kind = forms.ChoiceField(
        label=_("Soort afspraak"), choices=AppointmentKind.choices, initial=AppointmentKind.OFFICE
    )
    location = forms.CharField(
        label=_("Locatie of videolink"), max_length=200, required=False, help_text=KIND_HELP
    )
    valid_from = forms.DateField(label=_("Geldig vanaf"), widget=DutchDateInput())
    valid_until = forms.DateField(
        label=_("Geldig tot en met"),
        widget=DutchDateInput(),
        required=False,
        help_text=_("Leeg laten als het blijft gelden."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].initial = timezone.localdate()
        self.fields["slot_minutes"].error_messages.update(
            {
                "min_value": _("Een afspraak duurt 10 tot 240 minuten."),
                "max_value": _("Een afspraak duurt 10 tot 240 minuten."),
            }
        )


class LeaveForm(forms.Form):
    starts_on = forms.DateField(label=_("Eerste dag"), widget=DutchDateInput())
    ends_on = forms.DateField(label=_("Laatste dag"), widget=DutchDateInput())
    reason = forms.CharField(
        label=_("Reden"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld vakantie of cursus. Alleen u ziet dit."),
    )


class ScheduleForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DutchDateInput())
    start_time = forms.TimeField(label=_("Begintijd"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Eindtijd"), widget=TimeInput())
    kind = forms.ChoiceField(
        label=_("Soort afspraak"), choices=AppointmentKind.choices, initial=AppointmentKind.OFFICE
    )
    location = forms.CharField(
        label=_("Locatie of videolink"), max_length=200, required=False, help_text=KIND_HELP
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden (niet verplicht)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Uw coach en u zien deze reden in het logboek."),
    )
