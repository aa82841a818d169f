"""The notification preferences page; included at "meldingen/" (so /meldingen/)."""

from django.urls import path

from werkplein.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.preferences_page, name="preferences"),
]
