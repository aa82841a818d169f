"""Forms of the conversation pages. The services validate; these only carry the input."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the attachments service."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [upload for upload in data if upload]
        return [data] if data else []


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Uw bericht"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = MultipleFileField(label=_("Bijlagen"), help_text=_("PDF, JPEG of PNG, elk tot 10 MB."))
    client_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Empty, too long or NUL: the service says so in Dutch, like it does for the socket.
        self.fields["text"].validators = []
        if not self.is_bound:
            self.initial.setdefault("client_token", str(uuid.uuid4()))

    def fresh_token(self) -> None:
        """A new token for the next message, after one was sent from this form."""
        self.data = self.data.copy()
        self.data["client_token"] = str(uuid.uuid4())


class StartForm(forms.Form):
    subject = forms.CharField(label=_("Onderwerp"), required=False, max_length=500)
    participants = forms.ModelMultipleChoiceField(
        label=_("Ook meedoen"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De klant en zijn werkcoach doen altijd mee."),
    )
    text = forms.CharField(
        label=_("Eerste bericht"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    client_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = candidates
        self.fields["text"].validators = []
        self.fields["subject"].validators = []
        if not self.is_bound:
            self.initial.setdefault("client_token", str(uuid.uuid4()))
