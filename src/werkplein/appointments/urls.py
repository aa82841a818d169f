"""Staff pages for appointments, under /afspraken/."""

from django.urls import path

from werkplein.appointments import views

app_name = "appointments"
urlpatterns = [
    path("beschikbaarheid/", views.availability, name="availability"),
    path("beschikbaarheid/blokken/nieuw/", views.rule_add, name="rule_add"),
    path(
        "beschikbaarheid/blokken/<int:rule_id>/verwijderen/",
        views.rule_remove,
        name="rule_remove",
    ),
    path("beschikbaarheid/afwezig/nieuw/", views.leave_add, name="leave_add"),
    path(
        "beschikbaarheid/afwezig/<int:leave_id>/verwijderen/",
        views.leave_remove,
        name="leave_remove",
    ),
    path("beschikbaarheid/agenda/nieuw/", views.feed_renew, name="feed_renew"),
    path("beschikbaarheid/agenda/stoppen/", views.feed_revoke, name="feed_revoke"),
    path("agenda/<str:token>.ics", views.feed, name="feed"),
    path("klanten/<int:client_pk>/nieuw/", views.schedule, name="schedule"),
    path("<int:pk>/annuleren/", views.cancel, name="cancel"),
    path("<int:pk>/niet-verschenen/", views.no_show, name="no_show"),
    path("<int:pk>/gehouden/", views.held, name="held"),
    path("<int:pk>/afspraak.ics", views.appointment_ics, name="ics"),
]
