"""Back office pages of benefit applications and the client's own page; mounted at /aanvragen/."""

from django.urls import path

from werkplein.benefits import views

app_name = "benefits"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("signalen/", views.signals, name="signals"),
    path("mijn/", views.mine, name="mine"),
    path("<str:application_id>/", views.application, name="application"),
    path("<str:application_id>/vraag/", views.ask, name="ask"),
]
