"""Forms of search periods, applications, decisions and hand-overs. They parse; the services
decide (dates near today, the hold, completeness)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from werkplein.benefits.models import SearchTaskKind
from werkplein.benefits.services import MAX_MONTHLY_CENTS, MAX_TASK, MAX_TEXT, Decision
from werkplein.clients.models import BenefitKind
from werkplein.core.forms import CentsField, DutchDateInput

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
DATE_ERRORS = {
    "required": _("Vul een datum in."),
    "invalid": _("Vul een geldige datum in, bijvoorbeeld 14-03-2026."),
}
TEXT_ERRORS = {
    "null_characters_not_allowed": _(
        "De tekst bevat een teken dat niet is toegestaan. Typ de tekst opnieuw."
    ),
}


def _date(label, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        widget=DutchDateInput(),
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERRORS,
        help_text=help_text,
    )


class SearchTaskForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=SearchTaskKind.choices,
        initial=SearchTaskKind.VACANCY,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies vacature of opdracht."),
            "invalid_choice": _("Kies vacature of opdracht."),
        },
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        max_length=MAX_TASK,
        error_messages={
            "required": _("Beschrijf de vacature of opdracht."),
            "max_length": _("Te lang: maximaal %(limit_value)d tekens."),
            **TEXT_ERRORS,
        },
        help_text=_("Bijvoorbeeld: vacature magazijnmedewerker bij Bakkerij De Korenbloem."),
    )


class LiftHoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Schrijf op waarom u de wachttijd opheft."),
            "max_length": _("Te lang: maximaal %(limit_value)d tekens."),
            **TEXT_ERRORS,
        },
        help_text=_("De klant leest deze reden in zijn logboek."),
    )


APPLICATION_KIND_CHOICES = [
    (BenefitKind.WW, BenefitKind.WW.label),
    (BenefitKind.WIA, BenefitKind.WIA.label),
    (BenefitKind.BIJSTAND, BenefitKind.BIJSTAND.label),
]


class ApplicationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort uitkering"),
        choices=APPLICATION_KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies WW, WIA of bijstand."),
            "invalid_choice": _("Kies WW, WIA of bijstand."),
        },
        help_text=_("WW en WIA gaan naar UWV, bijstand naar de gemeente van de klant."),
    )
    desired_start_on = _date(_("Gewenste ingangsdatum"))
    iban = forms.CharField(
        label=_("IBAN"),
        required=False,
        max_length=64,
        error_messages={
            "max_length": _("Dit is geen geldig IBAN. Controleer het nummer."),
            **TEXT_ERRORS,
        },
        help_text=_("Het rekeningnummer waarop de uitkering wordt betaald."),
    )
    note = forms.CharField(
        label=_("Toelichting voor de backoffice"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Te lang: maximaal %(limit_value)d tekens."),
            **TEXT_ERRORS,
        },
    )


class HandoverForm(ApplicationForm):
    kind = None  # always bijstand, for the client's municipality


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[(Decision.GRANTED, _("Toekennen")), (Decision.REFUSED, _("Afwijzen"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies toekennen of afwijzen."),
            "invalid_choice": _("Kies toekennen of afwijzen."),
        },
    )
    granted_from = _date(_("Ingangsdatum"), required=False)
    granted_until = _date(
        _("Einddatum"),
        required=False,
        help_text=_("Verplicht voor WW en WIA; bij bijstand mag dit leeg."),
    )
    monthly_amount = CentsField(
        label=_("Bedrag per maand (euro)"),
        required=False,
        max_value=MAX_MONTHLY_CENTS // 100,
        error_messages={
            "invalid": _("Vul een bedrag in euro's in, bijvoorbeeld 1.234,56."),
            "max_value": _("Vul een bedrag per maand in tussen € 0,01 en € 20.000,00."),
            "min_value": _("Vul een bedrag per maand in tussen € 0,01 en € 20.000,00."),
            "max_digits": _("Vul een bedrag per maand in tussen € 0,01 en € 20.000,00."),
            "max_decimal_places": _(
                "Vul een bedrag in met hoogstens twee cijfers achter de komma."
            ),
            "max_whole_digits": _("Vul een bedrag per maand in tussen € 0,01 en € 20.000,00."),
        },
    )
    reason = forms.CharField(
        label=_("Motivering"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij afwijzen. De klant leest de motivering."),
        error_messages={
            "max_length": _("Te lang: maximaal %(limit_value)d tekens."),
            **TEXT_ERRORS,
        },
    )


class LinkedErrors:
    """Links each field's error text to its input (aria-describedby) for screen readers, also
    for errors a service adds after cleaning; the error paragraph's id is the one
    components/field.html gives it."""

    def _link_errors(self) -> None:
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                bound = self[name]  # type: ignore[index]
                self.fields[name].widget.attrs["aria-describedby"] = f"{bound.auto_id}_error"  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._link_errors()

    def add_error(self, field, error) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        self._link_errors()


def _staff_text(label, required_message, help_text):
    return forms.CharField(
        label=label,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": required_message,
            "max_length": _("Te lang: maximaal %(limit_value)d tekens."),
            **TEXT_ERRORS,
        },
        help_text=help_text,
    )


class QuestionForm(LinkedErrors, forms.Form):
    """The back office's question to the coach (the service checks it again)."""

    question = _staff_text(
        _("Vraag aan de coach"),
        _("Schrijf de vraag aan de coach op."),
        _(
            "Bijvoorbeeld wat ontbreekt of onduidelijk is. Wie de klant begeleidt leest de "
            "vraag, de klant zelf niet. Schrijf geen medische gegevens."
        ),
    )


class AnswerForm(LinkedErrors, forms.Form):
    """The coach's answer; sending it submits the application again."""

    answer = _staff_text(
        _("Antwoord voor de backoffice"),
        _("Schrijf het antwoord voor de backoffice op."),
        _("Vul zo nodig eerst het dossier aan. De klant leest het antwoord niet."),
    )
