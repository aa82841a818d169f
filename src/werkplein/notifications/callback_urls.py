"""Included at /meldingen/sms-status/ by werkplein.urls: the SMS gateway calls it, no login."""

from django.urls import path

from werkplein.notifications.callback import sms_status

urlpatterns = [path("", sms_status, name="sms_status")]
