"""Staff pages of a client's plan; mounted at /klanten/<int:pk>/plan/."""

from django.urls import path

from werkplein.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("maken/", views.create, name="create"),
    path("doelen/nieuw/", views.goal_edit, name="goal_add"),
    path("doelen/<int:goal_id>/wijzigen/", views.goal_edit, name="goal_edit"),
    path("doelen/<int:goal_id>/verwijderen/", views.goal_remove, name="goal_remove"),
    path("activiteiten/nieuw/", views.activity_edit, name="activity_add"),
    path("activiteiten/<int:activity_id>/wijzigen/", views.activity_edit, name="activity_edit"),
    path(
        "activiteiten/<int:activity_id>/verwijderen/",
        views.activity_remove,
        name="activity_remove",
    ),
    path("sollicitatieplicht/", views.obligation, name="obligation"),
    path("participatieladder/", views.ladder, name="ladder"),
    path("sollicitaties/", views.applications, name="applications"),
]
