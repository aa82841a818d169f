"""The notice registry and the SMS backends' edges."""

import pytest
from django.core.exceptions import ValidationError

from werkplein.notifications import notices, sms
from werkplein.notifications.notices import Rendered, notice

from . import outbox_notices  # noqa: F401


def test_every_apps_notices_are_found_at_start_up():
    assert notices.is_registered("notifications.test_message")
    assert notices.is_registered("tests.ping")


def test_a_name_cannot_be_taken_twice():
    with pytest.raises(ValueError, match="twice"):

        @notice("tests.ping")
        def other(params, channel):
            return None


def test_render_is_in_dutch_and_plain_strings(settings):
    from django.utils.translation import override

    with override("en"):
        rendered = notices.render("notifications.test_message", {"n": 2}, "email")
    assert rendered == Rendered(
        subject="Testbericht van Werkplein",
        text="Dit is een testbericht. De instellingen voor e-mail en sms werken. (2)",
    )
    assert type(rendered.text) is str
    with pytest.raises(notices.UnknownNotice):
        notices.render("tests.unknown", {}, "email")


@pytest.mark.parametrize(
    ("number", "e164"),
    [
        ("06 12345678", "+31612345678"),
        ("+31 6 1234 5678", "+31612345678"),
        ("0031612345678", "+31612345678"),
        ("+32 470 12 34 56", "+32470123456"),  # a Belgian mobile number
    ],
)
def test_mobile_numbers(number, e164):
    assert sms.validated_mobile(number) == e164 == sms.mobile_e164(number)


@pytest.mark.parametrize("number", ["", "0575 123456", "020 1234567", "0800 1234", "06-1234"])
def test_not_mobile_numbers(number):
    assert sms.mobile_e164(number) == ""
    with pytest.raises(ValidationError):
        sms.validated_mobile(number)


def test_http_backend_only_speaks_http(settings):
    settings.WERKPLEIN_SMS_GATEWAY_URL = "file:///etc/passwd"
    with pytest.raises(sms.SmsError):
        sms.HttpSmsBackend().send(to="+31612345678", text="x", reference="1")
    settings.WERKPLEIN_SMS_GATEWAY_URL = ""
    with pytest.raises(sms.SmsError) as error:
        sms.HttpSmsBackend().send(to="+31612345678", text="x", reference="1")
    assert error.value.gateway_down


def test_console_backend_prints(capsys):
    assert sms.ConsoleSmsBackend().send(to="+31612345678", text="Hallo", reference="7") == ""
    assert "Hallo" in capsys.readouterr().out
