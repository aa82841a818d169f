"""The shared logbook: the client reads the entries visible to him, adds his own notes and
corrects them (earlier versions kept). Internal entries never reach him."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from werkplein.core.forms import add_service_errors
from werkplein.core.http import requested_action
from werkplein.core.pagination import paginate
from werkplein.portal import selectors, services
from werkplein.portal.decorators import client_required
from werkplein.portal.forms import OwnNoteForm

PAGE_SIZE = 20


def _posted_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _labelled(page, user, client):
    for entry in page.object_list:
        entry.author_label = selectors.author_label(entry.author, user, client)
        entry.may_edit = selectors.may_edit_entry(entry, user)
    return page


@client_required
@require_http_methods(["GET", "POST"])
def logbook(request: HttpRequest) -> HttpResponse:
    action = requested_action(request)
    client = selectors.own_dossier(request.user, action, detail="logboek")
    form = OwnNoteForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                entry = services.add_own_note(
                    actor=request.user, client=client, text=form.cleaned_data["text"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Uw bericht staat in het logboek. Uw coach ziet het."))
                return redirect(reverse("portal:logbook") + f"#entry-{entry.pk}")
    page = paginate(
        selectors.own_log_entries(request.user, client), request.GET.get("page"), PAGE_SIZE
    )
    context = {"client": client, "form": form, "page": _labelled(page, request.user, client)}
    return render(request, "portal/logbook.html", context, status=status)


@client_required
@require_http_methods(["GET", "POST"])
def logbook_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    action = requested_action(request)
    client = selectors.own_dossier(request.user, action, detail="logboekregel wijzigen")
    entry = selectors.own_log_entry(request.user, client, entry_id)
    if not selectors.may_edit_entry(entry, request.user):
        messages.error(
            request,
            _(
                "Deze regel kunt u niet wijzigen: u kunt alleen uw eigen berichten aanpassen. "
                "Er is niets veranderd."
            ),
        )
        return redirect(reverse("portal:logbook") + f"#entry-{entry.pk}")
    form = OwnNoteForm(
        request.POST if request.method == "POST" else None, initial={"text": entry.text}
    )
    version, newer, status = entry.version, None, 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.edit_own_note(
                    actor=request.user,
                    client=client,
                    entry=entry,
                    text=form.cleaned_data["text"],
                    expected_version=_posted_version(request),
                )
            except services.logbook_services.StaleEntry as stale:
                form.add_error(
                    None,
                    _(
                        "Deze regel is intussen gewijzigd. Uw versie is niet opgeslagen; "
                        "hieronder staat de nieuwste tekst."
                    ),
                )
                newer, version, status = stale.current, stale.current.version, 409
            except PermissionDenied:
                messages.error(
                    request, _("Deze regel kunt u niet wijzigen. Er is niets veranderd.")
                )
                return redirect("portal:logbook")
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Uw bericht is aangepast. De vorige tekst is bewaard."))
                return redirect(reverse("portal:logbook") + f"#entry-{entry.pk}")
    context = {"entry": entry, "form": form, "version": version, "newer": newer}
    return render(request, "portal/logbook_edit.html", context, status=status)


@client_required
@require_GET
def logbook_versions(request: HttpRequest, entry_id: int) -> HttpResponse:
    client = selectors.own_dossier(request.user, detail="versies logboekregel")
    entry = selectors.own_log_entry(request.user, client, entry_id)
    entry.author_label = selectors.author_label(entry.author, request.user, client)
    versions = list(selectors.entry_versions(request.user, entry))
    for version in versions:
        version.author_label = selectors.author_label(version.written_by, request.user, client)
    context = {"entry": entry, "versions": versions}
    return render(request, "portal/logbook_versions.html", context)
