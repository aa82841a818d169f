"""The registry of notices: the short texts that e-mails and SMS messages carry.

Each app declares its notices in `<app>/notices.py`; they are found at start-up
(`NotificationsConfig.ready` autodiscovers every app's `notices` module)::

    from werkplein.notifications.notices import Rendered, notice

    @notice("messaging.new_message")
    def new_message(params: dict, channel: str) -> Rendered | None:
        ...
        link = settings.WERKPLEIN_BASE_URL + reverse("messaging:detail", args=[params["id"]])
        return Rendered(_("U heeft een nieuw bericht"), _("Lees het op %(link)s") % {"link": link})

A notice is rendered when the worker sends the message, inside
`translation.override(settings.LANGUAGE_CODE)`, so the outbox row holds only the notice's name and
its parameters (ids, never a secret such as an invitation link, never personal content). A notice
that returns None is no longer relevant (the appointment was cancelled, the invitation used) and
is not sent.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation


@dataclass(frozen=True)
class Rendered:
    subject: str  # e-mail subject; SMS messages carry only the text
    text: str


NoticeFunction = Callable[[dict, str], Rendered | None]

_registry: dict[str, NoticeFunction] = {}


class UnknownNotice(LookupError):
    pass


def notice(name: str) -> Callable[[NoticeFunction], NoticeFunction]:
    """Registers a notice function under `name` ("app.what")."""

    def register(function: NoticeFunction) -> NoticeFunction:
        existing = _registry.get(name)
        if existing is not None and existing.__qualname__ != function.__qualname__:
            raise ValueError(f"Notice {name!r} is registered twice.")
        _registry[name] = function
        return function

    return register


def is_registered(name: str) -> bool:
    return name in _registry


def registered() -> list[str]:
    return sorted(_registry)


def render(name: str, params: dict, channel: str) -> Rendered | None:
    """The notice's subject and text in the site's language, or None if it is not to be sent.
    Raises UnknownNotice for a name nobody registered."""
    try:
        function = _registry[name]
    except KeyError:
        raise UnknownNotice(name) from None
    with translation.override(settings.LANGUAGE_CODE):
        rendered = function(dict(params), channel)
        if rendered is None:
            return None
        # Lazy strings become plain ones while the language is still active.
        return Rendered(subject=str(rendered.subject), text=str(rendered.text))


@notice("notifications.test_message")
def test_message(params: dict, channel: str) -> Rendered:
    """A test message, to check the settings for e-mail and SMS (`werkplein send_test_message`)."""
    from django.utils.translation import gettext as _

    return Rendered(
        subject=_("Testbericht van Werkplein"),
        text=_("Dit is een testbericht. De instellingen voor e-mail en sms werken.")
        + f" ({params.get('n', 0)})",
    )
