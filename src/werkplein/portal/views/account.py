"""Placeholder: replaced by the real views."""

from django.http import Http404


def security(request, *args, **kwargs):
    raise Http404
