"""The conversations of one client, from his dossier: /klanten/<pk>/gesprekken/."""

from django.urls import path

from werkplein.messaging import views

app_name = "dossier_messages"
urlpatterns = [
    path("", views.client_conversations, name="list"),
    path("nieuw/", views.start, name="new"),
]
