"""Who looked at my file: the reads and changes of his dossier by others."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from werkplein.core.pagination import paginate
from werkplein.portal import selectors
from werkplein.portal.decorators import client_required

PAGE_SIZE = 25


@client_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    client = selectors.own_dossier(request.user, detail="inzage toegangslog")
    page = paginate(
        selectors.access_events_on_own_dossier(request.user, client),
        request.GET.get("page"),
        PAGE_SIZE,
    )
    rows = [selectors.access_event_row(event) for event in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "show_names": settings.WERKPLEIN_SHOW_STAFF_NAMES_TO_CLIENTS,
    }
    return render(request, "portal/access.html", context)
