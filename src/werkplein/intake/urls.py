from django.urls import path

from werkplein.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.registrations, name="registrations"),
    path("balie/", views.counter, name="counter"),
    path("<int:pk>/", views.intake, name="intake"),
    path("<int:pk>/intrekken/", views.withdraw, name="withdraw"),
    path("verslag/<int:pk>/", views.summary, name="summary"),
    path("routering/", views.routing_rules, name="routing_rules"),
    path("routering/nieuw/", views.routing_rule_edit, name="routing_rule_add"),
    path("routering/<int:pk>/", views.routing_rule_edit, name="routing_rule_edit"),
    path("routering/<int:pk>/verwijderen/", views.routing_rule_delete, name="routing_rule_delete"),
]
