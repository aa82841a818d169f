from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "werkplein.notifications"
    verbose_name = _("Meldingen")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Every app's notices.py registers its notices (see notifications.notices).
        autodiscover_modules("notices")
