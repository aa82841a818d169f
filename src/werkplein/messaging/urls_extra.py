"""Attachments and absences. Included at the root of the URLconf (werkplein/urls.py), so the
paths below are full paths: /klanten/<pk>/bijlagen/, /bijlagen/<id>/, /mijn/bijlagen/,
/afwezigheid/."""

from django.urls import path

from werkplein.messaging import views_absences, views_attachments

app_name = "messaging_extra"
urlpatterns = [
    path(
        "klanten/<int:pk>/bijlagen/",
        views_attachments.client_attachments,
        name="client_attachments",
    ),
    path("bijlagen/<int:attachment_id>/", views_attachments.download, name="download"),
    path("mijn/bijlagen/", views_attachments.own_attachments, name="own_attachments"),
    path("afwezigheid/", views_absences.absence_list, name="absences"),
    path(
        "afwezigheid/<int:absence_id>/intrekken/",
        views_absences.absence_cancel,
        name="absence_cancel",
    ),
]
