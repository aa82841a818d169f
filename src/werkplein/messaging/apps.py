from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "werkplein.messaging"
    verbose_name = _("Berichten")

    def ready(self) -> None:
        # Connects the logout signal that closes a session's chat sockets.
        from werkplein.messaging import realtime  # noqa: F401
