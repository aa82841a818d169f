"""Placeholder: replaced by the real views."""

from django.http import Http404


def logbook(request, *args, **kwargs):
    raise Http404


def logbook_edit(request, *args, **kwargs):
    raise Http404


def logbook_versions(request, *args, **kwargs):
    raise Http404
