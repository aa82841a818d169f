"""Placeholder: replaced by the real views."""

from django.http import Http404


def profile(request, *args, **kwargs):
    raise Http404


def profile_edit(request, *args, **kwargs):
    raise Http404


def job_add(request, *args, **kwargs):
    raise Http404


def job_remove(request, *args, **kwargs):
    raise Http404


def correction_request(request, *args, **kwargs):
    raise Http404


def download_json(request, *args, **kwargs):
    raise Http404


def printable(request, *args, **kwargs):
    raise Http404
