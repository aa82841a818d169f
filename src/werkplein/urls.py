from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path

from werkplein.accounts.views import home
from werkplein.api import api, unknown_path

admin.site.site_header = "Werkplein — beheer"
admin.site.site_title = "Werkplein"
admin.site.login = login_required(admin.site.login)  # one login page, with lockout and 2FA

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("werkplein.accounts.urls")),
    path("klanten/", include("werkplein.clients.urls")),
    path("klanten/<int:pk>/plan/", include("werkplein.plans.urls")),
    path("klanten/<int:pk>/gesprekken/", include("werkplein.messaging.dossier_urls")),
    path("afspraken/", include("werkplein.appointments.urls")),
    path("mijn/", include("werkplein.portal.urls")),
    path("berichten/", include("werkplein.messaging.urls")),
    path("meldingen/sms-status/", include("werkplein.notifications.callback_urls")),
    path("meldingen/", include("werkplein.notifications.urls")),
    # Attachments and absences: full paths (/klanten/<pk>/bijlagen/, /bijlagen/<id>/, ...).
    path("", include("werkplein.messaging.urls_extra")),
    path("audit/", include("werkplein.audit.urls")),
    path("aanmelden/", include("werkplein.intake.public_urls")),
    path("intake/", include("werkplein.intake.urls")),
    path("team/", include("werkplein.allocation.urls")),
    path("aanvragen/", include("werkplein.benefits.urls")),
    path("klanten/<int:pk>/uitkering/", include("werkplein.benefits.dossier_urls")),
    path("casusoverleg/", include("werkplein.conferences.urls")),
    path("beheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", unknown_path),
]
