import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from werkplein.appointments.models import Weekday
from werkplein.conferences.services import MAX_OUTCOME_LENGTH, MAX_QUESTION_LENGTH
from werkplein.core.http import LARGEST_ID

FOLLOW_UP_ROWS = 3


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        # A number beyond any id would overflow the database's integer before the lookup.
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit()) or int(text) > LARGEST_ID:
                raise forms.ValidationError(_("Kies alleen medewerkers uit de lijst."))
        return super()._check_values(value)

    def label_from_instance(self, obj) -> str:
        organisation = obj.organisation.name if obj.organisation_id else ""
        return f"{obj} ({obj.get_role_display()}{', ' + organisation if organisation else ''})"


class SeriesForm(forms.Form):
    name = forms.CharField(label=_("naam"), max_length=120)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("weekdagen"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één weekdag.")},
    )
    starts_at = forms.TimeField(
        label=_("begintijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label=_("duur (minuten)"),
        validators=[MinValueValidator(15), MaxValueValidator(480)],
        initial=60,
    )
    max_clients = forms.IntegerField(
        label=_("maximaal aantal klanten"),
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        initial=6,
    )
    location = forms.CharField(label=_("locatie"), max_length=160, required=False)
    members = MemberChoiceField(
        label=_("leden"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    active = forms.BooleanField(label=_("actief"), required=False, initial=True)

    def __init__(self, *args, members_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members_queryset


class AgendaForm(forms.Form):
    client = forms.TypedChoiceField(label=_("klant"), coerce=int)
    question = forms.CharField(
        label=_("vraag aan het overleg"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_QUESTION_LENGTH,
        error_messages={"required": _("Schrijf de vraag aan het overleg.")},
    )

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [("", "---------")] + [
            (c.pk, f"{c.full_name} ({c.date_of_birth:%d-%m-%Y})") for c in clients
        ]


class OutcomeForm(forms.Form):
    advice = forms.CharField(
        label=_("advies"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_OUTCOME_LENGTH,
        error_messages={"required": _("Schrijf het advies van het overleg.")},
    )
    decision = forms.CharField(
        label=_("besluit"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_OUTCOME_LENGTH,
        error_messages={"required": _("Schrijf het besluit.")},
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {u.pk: u for u in owners}
        choices = [("", "---------")] + [(u.pk, str(u)) for u in owners]
        for n in range(1, FOLLOW_UP_ROWS + 1):
            self.fields[f"action_{n}"] = forms.CharField(
                label=_("actie %(n)s") % {"n": n}, max_length=300, required=False
            )
            self.fields[f"owner_{n}"] = forms.TypedChoiceField(
                label=_("eigenaar"), choices=choices, coerce=int, required=False, empty_value=None
            )
            self.fields[f"due_{n}"] = forms.DateField(
                label=_("uiterlijk"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def clean(self):
        cleaned = super().clean()
        today = datetime.date.today()
        for n in range(1, FOLLOW_UP_ROWS + 1):
            action = cleaned.get(f"action_{n}") or ""
            owner = cleaned.get(f"owner_{n}")
            due = cleaned.get(f"due_{n}")
            if not action and (owner or due):
                self.add_error(f"action_{n}", _("Beschrijf de actie."))
            if action and not owner:
                self.add_error(f"owner_{n}", _("Kies de eigenaar van de actie."))
            latest = today + datetime.timedelta(days=731)
            if due and not today - datetime.timedelta(days=1) <= due <= latest:
                self.add_error(f"due_{n}", _("Kies een datum binnen twee jaar."))
        return cleaned

    def follow_ups(self) -> list[tuple[str, object, datetime.date | None]]:
        rows = []
        for n in range(1, FOLLOW_UP_ROWS + 1):
            action = (self.cleaned_data.get(f"action_{n}") or "").strip()
            if action:
                owner = self.owners[self.cleaned_data[f"owner_{n}"]]
                rows.append((action, owner, self.cleaned_data.get(f"due_{n}")))
        return rows

    def action_rows(self):
        return [
            (self[f"action_{n}"], self[f"owner_{n}"], self[f"due_{n}"])
            for n in range(1, FOLLOW_UP_ROWS + 1)
        ]
