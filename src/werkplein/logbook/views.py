"""Staff pages for a client's logbook: add, correct (keeping versions), read history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from werkplein.clients import selectors as client_selectors
from werkplein.core.forms import add_service_errors
from werkplein.core.http import posted_version, requested_action, stated_purpose
from werkplein.core.pagination import paginate
from werkplein.logbook import selectors, services
from werkplein.logbook.forms import LogEntryForm
from werkplein.logbook.models import EntryKind

PAGE_SIZE = 25


def _logbook_response(request, client, form=None, status=200) -> HttpResponse:
    entries = selectors.log_entries_for(request.user, client)
    context = {
        "client": client,
        "entries": paginate(entries, 1, PAGE_SIZE),
        "entry_kinds": EntryKind.choices,
        "kind": "",
        "entry_form": form or LogEntryForm(),
        "may_write_logbook": request.user.has_perm("logbook.add_entry"),
        "purpose": stated_purpose(request) or "",
    }
    return render(request, "clients/dossier.html#logbook", context, status=status)


@login_required
@require_POST
def add_entry(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_selectors.dossier_for_change(
        request.user,
        pk,
        stated_purpose(request),
        permitted=request.user.has_perm("logbook.add_entry"),
        detail="logboekregel toevoegen niet toegestaan",
    )
    form = LogEntryForm(request.POST)
    if form.is_valid():
        try:
            services.add_log_entry(actor=request.user, client=client, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:
                return _logbook_response(request, client)
            messages.success(request, _("De logboekregel is toegevoegd."))
            return redirect(reverse("clients:dossier", args=[client.pk]) + "#logbook")
    if request.htmx:
        return _logbook_response(request, client, form=form, status=422)
    messages.error(
        request,
        _("De logboekregel is niet opgeslagen: %(errors)s")
        % {"errors": " ".join(e for errs in form.errors.values() for e in errs)},
    )
    return redirect(reverse("clients:dossier", args=[client.pk]) + "#logbook")


@login_required
@require_http_methods(["GET", "POST"])
def edit_entry(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    action = requested_action(request)
    client = client_selectors.reach_client(request.user, pk, stated_purpose(request), action)
    entry = selectors.log_entry_for(request.user, client, entry_id)
    client_selectors.record_change(
        request.user,
        client,
        stated_purpose(request),
        permitted=request.user.has_perm("logbook.change_entry", entry),
        detail="logboekregel wijzigen niet toegestaan",
        action=action,
    )
    initial = {"kind": entry.kind, "visibility": entry.visibility, "text": entry.text}
    form = LogEntryForm(request.POST or None, initial=initial)
    version = entry.version
    newer = None
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.edit_log_entry(
                    actor=request.user,
                    entry=entry,
                    expected_version=posted_version(request),
                    **form.cleaned_data,
                )
            except services.StaleEntry as stale:
                form.add_error(
                    None,
                    _(
                        "Deze regel is intussen gewijzigd. Uw versie is niet opgeslagen; "
                        "hieronder staat de nieuwste tekst."
                    ),
                )
                newer, version, status = stale.current, stale.current.version, 409
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("De logboekregel is gecorrigeerd; de vorige versie is bewaard.")
                )
                return redirect(reverse("clients:dossier", args=[client.pk]) + f"#entry-{entry.pk}")
    context = {
        "client": client,
        "entry": entry,
        "form": form,
        "version": version,
        "newer": newer,
        "purpose": stated_purpose(request) or "",
    }
    return render(request, "logbook/edit_entry.html", context, status=status)


@login_required
def entry_history(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    client = client_selectors.dossier_for(request.user, pk, stated_purpose(request))
    entry = selectors.log_entry_for(request.user, client, entry_id)
    context = {
        "client": client,
        "entry": entry,
        "versions": selectors.earlier_versions(request.user, entry),
    }
    return render(request, "logbook/history.html", context)


__all__ = ["add_entry", "edit_entry", "entry_history", "paginate"]
