from django.urls import path

from werkplein.clients import views
from werkplein.logbook import views as logbook_views

app_name = "clients"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("zoeken/", views.search, name="search"),
    path("nieuw/", views.register, name="register"),
    path("<int:pk>/", views.dossier, name="dossier"),
    path("<int:pk>/onderdelen/<slug:key>/", views.section_card, name="section"),
    path("<int:pk>/onderdelen/<slug:key>/wijzigen/", views.section_edit, name="section_edit"),
    path(
        "<int:pk>/onderdelen/<slug:key>/verwijderen/", views.section_remove, name="section_remove"
    ),
    path("<int:pk>/overdragen/", views.reassign, name="reassign"),
    path("<int:pk>/logboek/", logbook_views.add_entry, name="add_entry"),
    path("<int:pk>/logboek/<int:entry_id>/wijzigen/", logbook_views.edit_entry, name="edit_entry"),
    path(
        "<int:pk>/logboek/<int:entry_id>/versies/",
        logbook_views.entry_history,
        name="entry_history",
    ),
]
