"""Pages for attachments: a client's documents for staff, the client's own in Mijn Werkplein,
and the one download view, which serves a file only through `selectors.attachment_for`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from werkplein.clients import selectors as client_selectors
from werkplein.core.forms import add_service_errors
from werkplein.core.http import requested_action, stated_purpose
from werkplein.core.pagination import paginate
from werkplein.logbook.models import Visibility
from werkplein.messaging import attachments, selectors
from werkplein.messaging.models import AttachmentType
from werkplein.portal import selectors as portal_selectors
from werkplein.portal.decorators import client_required

PAGE_SIZE = 20
ACCEPT = ",".join([*AttachmentType.values, ".pdf", ".jpg", ".jpeg", ".png"])


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bestand"),
        allow_empty_file=True,  # the service says in its own words that the file is empty
        help_text=gettext_lazy("PDF, JPEG of PNG, maximaal 10 MB."),
        error_messages={"required": gettext_lazy("Kies een bestand.")},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    visibility = forms.ChoiceField(
        label=gettext_lazy("Wie mag de bijlage zien?"),
        choices=Visibility.choices,
        initial=Visibility.CLIENT,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, internal_allowed: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not internal_allowed:
            del self.fields["visibility"]


def _save(form: AttachmentForm, *, actor, client) -> bool:
    """Saves the form's file; on a refusal the service's Dutch message lands on the form."""
    try:
        with transaction.atomic():
            attachments.save_attachment(
                actor=actor,
                client=client,
                upload=form.cleaned_data["file"],
                visibility=form.cleaned_data.get("visibility", Visibility.CLIENT),
            )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def client_attachments(request: HttpRequest, pk: int) -> HttpResponse:
    """The documents in a client's dossier, with a form to add one."""
    purpose = stated_purpose(request)
    may_add = attachments.may_add_documents(request.user)
    if request.method == "POST":
        client = client_selectors.dossier_for_change(
            request.user,
            pk,
            purpose,
            permitted=may_add,
            detail="bijlage toevoegen niet toegestaan",
        )
    else:
        client = client_selectors.dossier_for(request.user, pk, purpose)
    internal_allowed = selectors.may_see_internal(request.user)
    form = AttachmentForm(
        request.POST or None, request.FILES or None, internal_allowed=internal_allowed
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and _save(form, actor=request.user, client=client):
            messages.success(request, _("Het document is toegevoegd aan het dossier."))
            url = reverse("messaging_extra:client_attachments", args=[client.pk])
            return redirect(url + (f"?doel={purpose}" if purpose else ""))
    page = paginate(
        selectors.attachments_for(request.user, client), request.GET.get("page"), PAGE_SIZE
    )
    context = {
        "client": client,
        "page": page,
        "form": form if may_add else None,
        "purpose": purpose or "",
        "query": f"doel={purpose}" if purpose else "",
        "show_visibility": internal_allowed,
    }
    return render(request, "messaging/attachments_dossier.html", context, status=status)


@client_required
@require_http_methods(["GET", "POST"])
def own_attachments(request: HttpRequest) -> HttpResponse:
    """Mijn Werkplein: the client's documents, and a form to send one to his coach."""
    client = portal_selectors.own_dossier(request.user, requested_action(request), "bijlagen")
    form = AttachmentForm(request.POST or None, request.FILES or None, internal_allowed=False)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and _save(form, actor=request.user, client=client):
            messages.success(request, _("Uw document is toegevoegd. Uw coach kan het nu bekijken."))
            return redirect("messaging_extra:own_attachments")
    page = paginate(
        selectors.attachments_for(request.user, client), request.GET.get("page"), PAGE_SIZE
    )
    context = {"client": client, "page": page, "form": form}
    return render(request, "messaging/attachments_portal.html", context, status=status)


@login_required
@require_GET
def download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """Serves one file to whoever may have it; the selector logs the download."""
    attachment = selectors.attachment_for(request.user, attachment_id)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("Dit bestand is niet meer beschikbaar.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
