"""Placeholder: replaced by the real views."""

from django.http import Http404


def appointments(request, *args, **kwargs):
    raise Http404


def book(request, *args, **kwargs):
    raise Http404


def reschedule(request, *args, **kwargs):
    raise Http404


def cancel(request, *args, **kwargs):
    raise Http404


def ics(request, *args, **kwargs):
    raise Http404
