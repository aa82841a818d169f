"""Reading what every page's request may carry."""

from django.http import HttpRequest

from werkplein.audit.models import Action


def stated_purpose(request: HttpRequest) -> str | None:
    """The purpose (doel) a staff page was opened for, as the user stated it; None when absent.

    It is checked where the dossier is reached (core.access), which refuses and logs an unknown
    one; audit.services.record_access makes any value fit the access log.
    """
    return request.GET.get("doel") or request.POST.get("doel") or None


def posted_version(request: HttpRequest) -> int:
    """The version the editor saw, from the form's hidden field.

    A missing or garbled one counts as stale (-1 matches no row), never as a blind overwrite.
    """
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def requested_action(request: HttpRequest) -> Action:
    """How the access log records a page: opening it is a read, sending its form a change."""
    return Action.UPDATE if request.method == "POST" else Action.READ
