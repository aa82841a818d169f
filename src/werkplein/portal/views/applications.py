"""Placeholder: replaced by the real views."""

from django.http import Http404


def applications(request, *args, **kwargs):
    raise Http404


def application_edit(request, *args, **kwargs):
    raise Http404
