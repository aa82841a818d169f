"""Forms of Mijn Werkplein. The sections a client changes reuse the staff forms' validation."""

from django import forms
from django.utils import timezone
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


# The longest free text a client writes in a section of his own. A change is written in the
# logbook as old → new; without a limit a long text made that entry too long, and the client read
# a refusal about "the text" of an entry he never wrote.
OWN_TEXT_MAX_LENGTH = 2000


class OwnTextLimit:
    """For the staff forms of a section: the texts he changes are at most OWN_TEXT_MAX_LENGTH
    characters (a text he leaves alone is never refused)."""

    def clean(self) -> dict:
        data = super().clean()  # type: ignore[misc]
        for name in self.changed_data:  # type: ignore[attr-defined]
            value = data.get(name)
            if isinstance(value, str) and len(value) > OWN_TEXT_MAX_LENGTH:
                self.add_error(  # type: ignore[attr-defined]
                    name,
                    _("Uw tekst is te lang: maximaal %(limit)d tekens.")
                    % {"limit": OWN_TEXT_MAX_LENGTH},
                )
        return data


class EducationForm(OwnTextLimit, client_forms.EducationForm):
    pass


class SkillsForm(OwnTextLimit, client_forms.SkillsForm):
    pass


class WishesForm(OwnTextLimit, client_forms.WishesForm):
    pass


# A job that is agreed to end on a day may end some years ahead; not centuries.
MAX_YEARS_AHEAD = 10


class WorkHistoryForm(client_forms.JobForm):
    """A line of his work history; a year far outside a working life is a typing error."""

    def clean(self) -> dict:
        data = super().clean()
        today = timezone.localdate()
        earliest = today.year - (client_forms.OLDEST_CLIENT_AGE - client_forms.YOUNGEST_CLIENT_AGE)
        for name in ("started_on", "ended_on"):
            day = data.get(name)
            if (
                day is not None
                and name not in self.errors
                and not earliest <= day.year <= today.year + MAX_YEARS_AHEAD
            ):
                self.add_error(
                    name,
                    _("Deze datum ligt te ver terug of te ver vooruit. Controleer het jaartal."),
                )
        return data


# The parts of his dossier a client changes himself. Partners own the rest (BSN, registered name,
# date of birth, municipality, benefits): read-only for him, with a correction request.
PORTAL_SECTIONS: dict[str, Section] = {
    s.key: s
    for s in (
        Section("contact", _("Contactgegevens"), Client, ContactForm),
        Section("address", _("Adres"), Client, AddressForm),
        Section("education", _("Opleiding"), Education, EducationForm),
        Section("skills", _("Vaardigheden"), Skills, SkillsForm),
        Section("wishes", _("Wensen"), Wishes, WishesForm),
    )
}
WORK_HISTORY = Section("work_history", _("Werkervaring"), Job, WorkHistoryForm, many=True)


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
