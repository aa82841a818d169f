from django.urls import path

from werkplein.allocation import views

app_name = "allocation"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("voorstel/<int:pk>/", views.proposal, name="proposal"),
    path("voorstel/<int:pk>/bevestigen/", views.confirm, name="confirm"),
    path("voorstel/<int:pk>/andere-coach/", views.override, name="override"),
]
