"""Reading what every page's request may carry."""

from django.http import Http404, HttpRequest

from werkplein.audit.models import Action


def stated_purpose(request: HttpRequest) -> str | None:
    """The purpose (doel) a staff page was opened for, as the user stated it; None when absent.

    It is checked where the dossier is reached (core.access), which refuses and logs an unknown
    one; audit.services.record_access makes any value fit the access log.
    """
    return request.GET.get("doel") or request.POST.get("doel") or None


LARGEST_ID = 2**63 - 1  # the largest value of a BigAutoField


def parse_id(value) -> int:
    """A positive id the database can hold, from a URL or a form; otherwise a 404.

    Rubbish or a number beyond any id must look like a missing record, never a 500 from an
    integer that overflows the database's column.
    """
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number <= LARGEST_ID:
        raise Http404
    return number


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
