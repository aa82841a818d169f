"""Form fields that several apps share."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError


class CentsField(forms.DecimalField):
    """An amount typed in euros (Dutch notation: 1.234,56), stored as integer cents."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return Decimal(value) / 100
        return value

    def to_python(self, value):
        if isinstance(value, str) and "," in value:
            value = value.replace(".", "").replace(" ", "")  # "1.234,56" → "1234,56"
        return super().to_python(value)

    def clean(self, value):
        euros = super().clean(value)
        return None if euros is None else int(euros * 100)

    def has_changed(self, initial, data) -> bool:
        try:
            return self.clean(data) != initial
        except ValidationError:
            return True


class DutchDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Shows a service's validation errors on the form: on the field, or above the form."""
    if not hasattr(exc, "error_dict"):  # raised without field names
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def service_message(exc: ValidationError) -> str:
    """A service's validation errors as one line, for a message above the page."""
    return " ".join(str(m) for m in exc.messages)
