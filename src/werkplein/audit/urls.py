from django.urls import path

from werkplein.audit import views

app_name = "audit"
urlpatterns = [
    path("toegangslog/", views.access_log, name="access_log"),
    path("toegangslog/controle/", views.review_report, name="review_report"),
    path("steekproeven/", views.samples, name="samples"),
    path("steekproeven/trekken/", views.draw_sample, name="draw_sample"),
]
