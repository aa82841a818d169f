from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Gebruikersnaam of wachtwoord klopt niet. Let op: na een paar mislukte pogingen "
            "wordt inloggen tijdelijk geblokkeerd."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met uw beheerder."),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = _("Klant? Uw gebruikersnaam is uw e-mailadres.")

    def clean_username(self) -> str:
        # Clients log in with their e-mail address, stored in lower case; people type it in
        # any case, often with a space from copying.
        username = self.cleaned_data["username"].strip()
        return username.lower() if "@" in username else username


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code uit uw authenticator-app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError(_("De code bestaat uit 6 cijfers."))
        return token


class DisableTwoFactorForm(forms.Form):
    password = forms.CharField(
        label=_("Uw wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Vul uw wachtwoord in.")},
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the e-mail goes out from the task worker.

    The page answers at once and the same way whether or not the address is known; the task
    makes the link itself, so no reset link is stored in the task queue.
    """

    def save(self, *args, **kwargs) -> None:
        from werkplein.accounts.tasks import send_password_reset

        for user in self.get_users(self.cleaned_data["email"]):
            transaction.on_commit(
                lambda user_id=user.pk: send_password_reset.enqueue(user_id=user_id)
            )


# Django 5.2 changed the message of MinimumLengthValidator ("%d" for "%(min_length)d"); its Dutch
# translation still has the old one, so a short password was refused in English.
PASSWORD_TOO_SHORT = _(
    "Dit wachtwoord is te kort. Het moet minstens %(min_length)d tekens lang zijn."
)


class ChosenPasswordForm(SetPasswordForm):
    """Django's form to choose a password (invitation, reset), with every refusal in Dutch."""

    def validate_password_for_user(self, user, password_field_name="new_password2") -> None:  # noqa: S107
        password = self.cleaned_data.get(password_field_name)
        if not password:
            return
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            self.add_error(
                password_field_name,
                [
                    ValidationError(PASSWORD_TOO_SHORT, code=e.code, params=e.params)
                    if e.code == "password_too_short"
                    else e
                    for e in error.error_list
                ],
            )
