"""Berichten in Mijn Werkplein: the client's conversations with his coach. The first one is
started when he first opens them; when his coach is away, the page says who stands in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from werkplein.core.http import requested_action
from werkplein.messaging import absences, selectors, services
from werkplein.messaging.views import conversation_page, post_message
from werkplein.portal import selectors as portal_selectors
from werkplein.portal.decorators import client_required


@client_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    client = portal_selectors.own_dossier(request.user, detail="berichten")
    services.first_conversation(actor=request.user, client=client)
    page = selectors.inbox_for(request.user, request.GET.get("page"))
    context = {"client": client, "page": page, "absence": absences.absence_of(client.coach)}
    return render(request, "messaging/portal_inbox.html", context)


@client_required
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    found = selectors.conversation_for(
        request.user, conversation_id, action=requested_action(request)
    )
    if request.method == "POST":
        return post_message(request, found, portal=True)
    return conversation_page(request, found, portal=True)
