"""Forms of Mijn Werkplein. The sections a client changes reuse the staff forms' validation."""

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from werkplein.clients import forms as client_forms
from werkplein.clients.models import Client, Education, Job, Skills, Wishes
from werkplein.clients.sections import Section
from werkplein.logbook.services import MAX_TEXT_LENGTH

CORRECTION_MAX_LENGTH = 2000


class ContactForm(forms.ModelForm):
    phone = PhoneNumberField(
        label=_("telefoon"),
        required=False,
        region="NL",
        help_text=_("Bijvoorbeeld 06 12345678."),
    )
    email = forms.EmailField(
        label=_("e-mailadres"),
        help_text=_("Hiermee logt u in. Wij sturen hier ook uw e-mails naartoe."),
        error_messages={"required": _("Vul uw e-mailadres in: u logt er ook mee in.")},
    )

    class Meta:
        model = Client
        fields = ["phone", "email"]


class AddressForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = ["street", "house_number", "postcode", "city"]

    def clean_postcode(self) -> str:
        return client_forms.clean_postcode(self.cleaned_data["postcode"])


# The parts of his dossier a client changes himself. Partners own the rest (BSN, registered name,
# date of birth, municipality, benefits): read-only for him, with a correction request.
PORTAL_SECTIONS: dict[str, Section] = {
    s.key: s
    for s in (
        Section("contact", _("Contactgegevens"), Client, ContactForm),
        Section("address", _("Adres"), Client, AddressForm),
        Section("education", _("Opleiding"), Education, client_forms.EducationForm),
        Section("skills", _("Vaardigheden"), Skills, client_forms.SkillsForm),
        Section("wishes", _("Wensen"), Wishes, client_forms.WishesForm),
    )
}
WORK_HISTORY = Section("work_history", _("Werkervaring"), Job, client_forms.JobForm, many=True)


class CorrectionForm(forms.Form):
    """What is wrong in data a partner owns; the coach receives the request."""

    SUBJECTS = [
        ("name", _("Mijn naam")),
        ("bsn", _("Mijn BSN")),
        ("date_of_birth", _("Mijn geboortedatum")),
        ("municipality", _("Mijn gemeente")),
        ("benefits", _("Mijn uitkering")),
        ("other", _("Iets anders")),
    ]
    subject = forms.ChoiceField(
        label=_("Wat klopt er niet?"),
        choices=SUBJECTS,
        error_messages={
            "required": _("Kies wat er niet klopt."),
            "invalid_choice": _("Kies wat er niet klopt."),
        },
    )
    text = forms.CharField(
        label=_("Wat moet het zijn?"),
        max_length=CORRECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Schrijf wat er fout is en wat het wel moet zijn."),
        error_messages={
            "required": _("Schrijf wat er niet klopt."),
            "max_length": _("Uw tekst is te lang: maximaal %(limit_value)d tekens."),
        },
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Schrijf wat er niet klopt."))
        return text


class OwnNoteForm(forms.Form):
    """A note in the shared logbook; a client's notes are always visible to him and his coach."""

    text = forms.CharField(
        label=_("Uw bericht voor het logboek"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: Gesolliciteerd bij Bakkerij De Korenbloem als verkoper."),
        error_messages={
            "required": _("Schrijf eerst iets."),
            "max_length": _("Uw tekst is te lang: maximaal %(limit_value)d tekens."),
        },
    )
