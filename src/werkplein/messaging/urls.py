"""Staff pages of the conversations, under /berichten/."""

from django.urls import path

from werkplein.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:conversation_id>/", views.conversation, name="conversation"),
]
