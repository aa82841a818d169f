"""Placeholder: replaced by the real views."""

from django.http import Http404


def access_log(request, *args, **kwargs):
    raise Http404
