"""Mijn Werkplein: the client's own pages, under /mijn/."""

from django.urls import path

from werkplein.notifications import views as notification_views
from werkplein.portal.views import (
    access,
    account,
    applications,
    appointments,
    home,
    logbook,
    messages,
    plan,
    profile,
)

app_name = "portal"
urlpatterns = [
    path("", home.home, name="home"),
    path("gegevens/", profile.profile, name="profile"),
    path("gegevens/<slug:key>/wijzigen/", profile.profile_edit, name="profile_edit"),
    path("gegevens/werkervaring/nieuw/", profile.job_add, name="job_add"),
    path("gegevens/werkervaring/<int:item_id>/verwijderen/", profile.job_remove, name="job_remove"),
    path("gegevens/correctie/", profile.correction_request, name="correction_request"),
    path("gegevens/download.json", profile.download_json, name="download_json"),
    path("gegevens/afdrukken/", profile.printable, name="printable"),
    path("logboek/", logbook.logbook, name="logbook"),
    path("logboek/<int:entry_id>/wijzigen/", logbook.logbook_edit, name="logbook_edit"),
    path("logboek/<int:entry_id>/versies/", logbook.logbook_versions, name="logbook_versions"),
    path("berichten/", messages.inbox, name="messages"),
    path("berichten/<int:conversation_id>/", messages.conversation, name="conversation"),
    path("meldingen/", notification_views.client_preferences, name="notifications"),
    path("inzage/", access.access_log, name="access_log"),
    path("beveiliging/", account.security, name="security"),
    path("plan/", plan.plan, name="plan"),
    path("plan/accepteren/", plan.plan_accept, name="plan_accept"),
    path("plan/activiteiten/<int:activity_id>/gedaan/", plan.activity_done, name="activity_done"),
    path("sollicitaties/", applications.applications, name="applications"),
    path(
        "sollicitaties/<int:application_id>/wijzigen/",
        applications.application_edit,
        name="application_edit",
    ),
    path("afspraken/", appointments.appointments, name="appointments"),
    path("afspraken/maken/", appointments.book, name="book"),
    path(
        "afspraken/<int:appointment_id>/verzetten/",
        appointments.reschedule,
        name="reschedule",
    ),
    path("afspraken/<int:appointment_id>/annuleren/", appointments.cancel, name="cancel"),
    path("afspraken/<int:appointment_id>/afspraak.ics", appointments.ics, name="ics"),
]
