"""The form of the notification preferences page: per kind of notice e-mail, SMS or none; the
mobile number SMS messages go to; the quiet hours in which no SMS is sent."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from werkplein.accounts.models import CASEWORK_ROLES, Role
from werkplein.notifications.models import Channel, NotificationKind
from werkplein.notifications.sms import mobile_e164

NONE = "none"
CHANNEL_CHOICES = [
    (Channel.EMAIL.value, _("E-mail")),
    (Channel.SMS.value, _("Sms")),
    (NONE, _("Geen melding")),
]
CHANNELS = frozenset(value for value, _label in CHANNEL_CHOICES)

# What staff are told of; plan changes and new logbook entries are notices to the client. Tasks
# (a proposal to decide, a benefit decision or signal, a follow-up action) reach only the roles
# that do that work.
STAFF_KINDS = (NotificationKind.NEW_MESSAGE, NotificationKind.APPOINTMENT)
CASEWORK_KINDS = (*STAFF_KINDS, NotificationKind.WORK)
CLIENT_KINDS = tuple(kind for kind in NotificationKind if kind != NotificationKind.WORK)

NOT_MOBILE = _("Vul een mobiel nummer in (06...).")
SMS_WITHOUT_MOBILE = _(
    "U koos voor sms, maar er is geen mobiel nummer. Vul een mobiel nummer in (06...), of kies "
    "e-mail of geen melding."
)
SAME_TIMES = _(
    "Het begin en het einde van de stille uren zijn gelijk. Kies twee verschillende tijden, "
    "bijvoorbeeld van 21:00 tot 08:00."
)
BAD_TIME = _("Vul een tijd in als uu:mm, bijvoorbeeld 21:00.")
CHOOSE_CHANNEL = _("Kies e-mail, sms of geen melding.")


def kinds_for(user) -> tuple[NotificationKind, ...]:
    """The kinds of notice this person can receive, and so can choose a channel for."""
    if user.role == Role.CLIENT:
        return CLIENT_KINDS
    return CASEWORK_KINDS if user.role in CASEWORK_ROLES else STAFF_KINDS


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)


class PreferencesForm(forms.Form):
    mobile = PhoneNumberField(
        label=_("Mobiel nummer voor sms"),
        region="NL",
        required=False,
        help_text=_("Alleen nodig als u een melding per sms wilt. Bijvoorbeeld 06 12345678."),
        error_messages={"invalid": NOT_MOBILE, "null_characters_not_allowed": NOT_MOBILE},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    quiet_from = forms.TimeField(
        label=_("Stil vanaf"),
        input_formats=["%H:%M", "%H:%M:%S", "%H.%M"],
        widget=TimeInput(),
        error_messages={"required": BAD_TIME, "invalid": BAD_TIME},
    )
    quiet_until = forms.TimeField(
        label=_("Stil tot"),
        input_formats=["%H:%M", "%H:%M:%S", "%H.%M"],
        widget=TimeInput(),
        error_messages={"required": BAD_TIME, "invalid": BAD_TIME},
    )

    def __init__(self, *args, kinds=CLIENT_KINDS, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = tuple(kinds)
        for kind in self.kinds:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=CHANNEL_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": CHOOSE_CHANNEL, "invalid_choice": CHOOSE_CHANNEL},
            )
        # The channel fields first, in the order of the kinds; then the number and the hours.
        order = [kind.value for kind in self.kinds] + ["mobile", "quiet_from", "quiet_until"]
        self.order_fields(order)

    def channel_fields(self) -> list[forms.BoundField]:
        return [self[kind.value] for kind in self.kinds]

    def clean_mobile(self) -> str:
        number = self.cleaned_data.get("mobile")
        if not number:
            return ""
        e164 = mobile_e164(str(number))
        if not e164:
            raise forms.ValidationError(NOT_MOBILE, code="not_mobile")
        return e164

    def clean(self) -> dict:
        cleaned = super().clean()
        wants_sms = any(cleaned.get(kind.value) == Channel.SMS for kind in self.kinds)
        if wants_sms and "mobile" in cleaned and not cleaned["mobile"]:
            self.add_error("mobile", SMS_WITHOUT_MOBILE)
        start, end = cleaned.get("quiet_from"), cleaned.get("quiet_until")
        if isinstance(start, datetime.time) and start == end:
            self.add_error("quiet_until", SAME_TIMES)
        return cleaned

    def channels(self) -> dict[str, str]:
        return {kind.value: self.cleaned_data[kind.value] for kind in self.kinds}
