from django import forms
from django.utils.translation import gettext_lazy as _

from werkplein.logbook.models import EntryKind, Visibility
from werkplein.logbook.services import MAX_TEXT_LENGTH

# People choose every kind but "system", which only the system writes.
WRITABLE_KINDS = [(value, label) for value, label in EntryKind.choices if value != EntryKind.SYSTEM]


class LogEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=WRITABLE_KINDS, initial=EntryKind.NOTE)
    visibility = forms.ChoiceField(
        label=_("Wie mag dit zien"),
        choices=Visibility.choices,
        initial=Visibility.CLIENT,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Tekst"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf een tekst voor de logboekregel.")},
    )
