"""Staff pages of the conversations: the inbox, one conversation, and those of one client.

The client's own pages (portal/views/messages.py) share `conversation_page` and `post_message`.
Every page works without JavaScript; chat.js (helper script) adds the live updates.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from werkplein.accounts.models import Role
from werkplein.audit.models import Action
from werkplein.clients import selectors as client_selectors
from werkplein.core.forms import add_service_errors
from werkplein.core.http import requested_action, stated_purpose
from werkplein.messaging import absences, selectors, services
from werkplein.messaging.forms import MessageForm, StartForm


def _staff_only(request: HttpRequest) -> None:
    """Staff pages: a client has his own under /mijn/berichten/; roles without messages get 404."""
    if request.user.role == Role.CLIENT or not request.user.has_perm("messaging.use_messages"):
        raise Http404


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.CLIENT:
        return redirect("portal:messages")
    _staff_only(request)
    page = selectors.inbox_for(request.user, request.GET.get("page"))
    return render(request, "messaging/inbox.html", {"page": page})


def conversation_page(
    request: HttpRequest, conversation, *, form=None, status: int = 200, portal: bool = False
) -> HttpResponse:
    """The conversation with its newest messages (or those before ?voor=<id>) and the form."""
    page = selectors.messages_page(request.user, conversation, request.GET.get("voor"))
    services.mark_read(user=request.user, conversation=conversation)
    coach = conversation.client.coach
    context = {
        "conversation": conversation,
        "page": page,
        "viewer": request.user,
        "form": form or MessageForm(),
        "participants": selectors.participants_of(conversation),
        "absence": absences.absence_of(coach) if coach is not None else None,
        "portal": portal,
        "purpose": "" if portal else stated_purpose(request) or "",
        "here": reverse(
            "portal:conversation" if portal else "messaging:conversation", args=[conversation.pk]
        ),
        "back": reverse("portal:messages" if portal else "messaging:inbox"),
    }
    return render(request, "messaging/conversation.html", context, status=status)


def post_message(request: HttpRequest, conversation, *, portal: bool = False) -> HttpResponse:
    """Sends the posted message and goes back to the conversation; errors keep the text."""
    form = MessageForm(request.POST, request.FILES)
    form.is_valid()  # the fields only carry the input; the service validates
    data = form.cleaned_data
    try:
        message = services.send_message(
            actor=request.user,
            conversation=conversation,
            text=data.get("text", ""),
            client_token=data.get("client_token", ""),
            files=request.FILES.getlist("files"),
        )
    except services.TooManyMessages as exc:
        add_service_errors(form, exc)
        return conversation_page(request, conversation, form=form, status=429, portal=portal)
    except ValidationError as exc:
        errors = dict(exc.message_dict)
        if token_errors := errors.pop("client_token", None):
            form.add_error(None, token_errors)  # a hidden field: said above the form
            form.fresh_token()
        if errors:
            add_service_errors(form, ValidationError(errors))
        return conversation_page(request, conversation, form=form, status=422, portal=portal)
    here = "portal:conversation" if portal else "messaging:conversation"
    return redirect(reverse(here, args=[conversation.pk]) + f"#message-{message.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    if request.user.role == Role.CLIENT:
        return redirect("portal:conversation", conversation_id=conversation_id)
    _staff_only(request)
    found = selectors.conversation_for(
        request.user, conversation_id, stated_purpose(request), action=requested_action(request)
    )
    if request.method == "POST":
        return post_message(request, found)
    return conversation_page(request, found)


def _dossier(request: HttpRequest, pk: int, action: Action = Action.READ):
    _staff_only(request)
    return client_selectors.dossier_for(request.user, pk, stated_purpose(request), action)


@login_required
@require_GET
def client_conversations(request: HttpRequest, pk: int) -> HttpResponse:
    """The conversations of one client that the user takes part in; the first one with his
    coach is started when the coach (or the client) first opens them."""
    client = _dossier(request, pk)
    services.first_conversation(actor=request.user, client=client)
    conversations = selectors.conversations_for_client(request.user, client)
    context = {
        "client": client,
        "conversations": conversations,
        "purpose": stated_purpose(request) or "",
        "may_start": request.user.has_perm("messaging.start_conversation"),
    }
    return render(request, "messaging/client_conversations.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    # A conversation is a change to the dossier: one reached through a case conference is refused.
    client = client_selectors.dossier_for_change(
        request.user,
        pk,
        stated_purpose(request),
        permitted=True,
        detail="",
        action=requested_action(request),
    )
    if not request.user.has_perm("messaging.start_conversation"):
        raise Http404
    candidates = selectors.possible_participants(request.user, client)
    form = StartForm(request.POST or None, candidates=candidates)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                found = services.start_with_message(
                    actor=request.user,
                    client=client,
                    subject=data["subject"],
                    participants=list(data["participants"]),
                    text=data["text"],
                    client_token=data["client_token"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Het gesprek is begonnen."))
                return redirect("messaging:conversation", conversation_id=found.pk)
    context = {"client": client, "form": form, "purpose": stated_purpose(request) or ""}
    return render(request, "messaging/start.html", context, status=status)
