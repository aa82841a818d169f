from django.urls import path

from werkplein.intake import views

app_name = "intake_public"
urlpatterns = [
    path("", views.register, name="register"),
    path("ontvangen/", views.registered, name="done"),
]
