from django.urls import path

from werkplein.conferences import views

app_name = "conferences"
urlpatterns = [
    path("", views.conference_list, name="list"),
    path("reeksen/", views.series_list, name="series"),
    path("reeksen/nieuw/", views.series_edit, name="series_new"),
    path("reeksen/<str:pk>/", views.series_edit, name="series_edit"),
    path("agendapunt/<str:pk>/afmelden/", views.remove_item, name="remove_item"),
    path("agendapunt/<str:pk>/uitkomst/", views.record, name="record"),
    path("<str:pk>/", views.conference_detail, name="detail"),
    path("<str:pk>/aanmelden/", views.add_item, name="add_item"),
    path("<str:pk>/annuleren/", views.cancel, name="cancel"),
]
