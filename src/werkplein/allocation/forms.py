"""The team lead's choice of another coach than proposed."""

from django import forms
from django.utils.translation import gettext_lazy as _


class OverrideForm(forms.Form):
    coach = forms.TypedChoiceField(
        label=_("Andere coach"),
        coerce=int,
        error_messages={
            "required": _("Kies een coach."),
            "invalid_choice": _("Kies een coach van dit team."),
        },
    )
    reason = forms.CharField(
        label=_("Reden"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waarom een andere coach dan voorgesteld? Dit komt in de toewijzingshistorie."),
        error_messages={
            "required": _("Geef een reden voor de andere keuze."),
            "max_length": _("Schrijf de reden in hoogstens 2000 tekens."),
        },
    )

    def __init__(self, *args, coaches=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach"].choices = [
            ("", _("Kies een coach")),
            *[(c.pk, str(c)) for c in coaches],
        ]
