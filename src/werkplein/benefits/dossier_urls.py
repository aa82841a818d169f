"""Staff pages of a client's search period and benefit applications; at /klanten/<pk>/uitkering/."""

from django.urls import path

from werkplein.benefits import views

app_name = "benefits_dossier"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("zoekperiode/opdrachten/", views.task_add, name="task_add"),
    path("zoekperiode/opdrachten/<str:task_id>/gedaan/", views.task_done, name="task_done"),
    path("zoekperiode/opheffen/", views.lift, name="lift"),
    path("aanvragen/nieuw/", views.apply, name="apply"),
    path("aanvragen/<str:application_id>/intrekken/", views.withdraw, name="withdraw"),
    path("aanvragen/<str:application_id>/antwoord/", views.answer, name="answer"),
    path("overdragen/<str:signal_id>/", views.handover, name="handover"),
]
