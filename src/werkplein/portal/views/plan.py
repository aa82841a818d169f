"""Placeholder: replaced by the real views."""

from django.http import Http404


def plan(request, *args, **kwargs):
    raise Http404


def plan_accept(request, *args, **kwargs):
    raise Http404


def activity_done(request, *args, **kwargs):
    raise Http404
