from django import forms
from django.utils.translation import gettext_lazy as _

from werkplein.accounts.models import Organisation, Role, User
from werkplein.core.forms import DutchDateInput


class AccessEventFilterForm(forms.Form):
    username = forms.CharField(label=_("Gebruikersnaam"), required=False, max_length=150)
    client_id = forms.IntegerField(label=_("Klantnummer"), required=False, min_value=1)
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.none(), required=False
    )
    date_from = forms.DateField(label=_("Van"), required=False, widget=DutchDateInput())
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=DutchDateInput())

    def __init__(self, *args, werkplein_id: int | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            werkplein_id=werkplein_id
        )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("De einddatum ligt voor de begindatum."))
        return data


class DrawSampleForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Kwaliteitsmedewerker"), queryset=User.objects.none())
    size = forms.IntegerField(label=_("Aantal dossiers"), min_value=1, max_value=50, initial=10)
    description = forms.CharField(label=_("Omschrijving"), max_length=200)

    def __init__(self, *args, werkplein_id: int | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = User.objects.filter(
            werkplein_id=werkplein_id, role=Role.QUALITY_OFFICER, is_active=True
        )
