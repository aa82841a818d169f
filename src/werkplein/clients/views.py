"""Staff pages for clients: caseload, search, registration, the dossier and its sections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from werkplein.accounts import selectors as account_selectors
from werkplein.appointments import selectors as appointment_selectors
from werkplein.clients import selectors, services
from werkplein.clients.forms import ReassignForm
from werkplein.clients.models import Segment
from werkplein.clients.sections import SECTIONS, Section, get_section
from werkplein.core.access import allowed_purposes
from werkplein.core.forms import add_service_errors
from werkplein.core.http import posted_version, requested_action, stated_purpose
from werkplein.core.pagination import paginate
from werkplein.logbook import selectors as logbook_selectors
from werkplein.logbook.forms import LogEntryForm
from werkplein.logbook.models import EntryKind
from werkplein.plans import selectors as plan_selectors

LOGBOOK_PAGE_SIZE = 25


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    _require(request, "clients.view_caseload")
    user = request.user
    default_scope = "team" if user.role == "team_lead" else "mine"
    coach_id = request.GET.get("coach", "")
    criteria = selectors.CaseloadFilter(
        segment=request.GET.get("segment", ""),
        overdue_only=request.GET.get("overdue") == "1",
        scope=request.GET.get("scope", default_scope),
        coach_id=int(coach_id) if coach_id.isdigit() else None,
        sort=request.GET.get("sort", selectors.DEFAULT_CASELOAD_SORT),
    )
    page = paginate(selectors.caseload_for(user, criteria), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "criteria": criteria,
        "segments": Segment.choices,
        "today": timezone.localdate(),
        "query_without_page": query.urlencode(),
        "sort_query": {k: v for k, v in query.items() if k != "sort"},
    }
    template = "clients/caseload.html#caseload-table" if request.htmx else "clients/caseload.html"
    return render(request, template, context)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    _require(request, "clients.search_clients")
    query = request.GET.get("q", "").strip()
    page = paginate(selectors.search_clients(request.user, query), request.GET.get("page"))
    context = {"query": query, "page": page}
    template = "clients/search.html#results" if request.htmx else "clients/search.html"
    return render(request, template, context)


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """Registration moved to the counter registration of the intake (one way to register)."""
    return redirect("intake:counter")


def _dossier_context(request: HttpRequest, client, purpose: str | None) -> dict:
    kind = request.GET.get("kind", "")
    entries = logbook_selectors.log_entries_for(request.user, client, kind)
    return {
        "client": client,
        "purpose": purpose or "",
        "purposes": allowed_purposes(request.user),
        "today": timezone.localdate(),
        "age": client.age_on(timezone.localdate()),
        "sections": [
            _section_context(
                client, s, may_edit=request.user.has_perm("clients.change_section", s.key)
            )
            for s in SECTIONS.values()
        ],
        "entries": paginate(entries, request.GET.get("page"), LOGBOOK_PAGE_SIZE),
        "entry_kinds": EntryKind.choices,
        "kind": kind,
        "entry_form": LogEntryForm(),
        "may_write_logbook": request.user.has_perm("logbook.add_entry"),
        "may_reassign": request.user.has_perm("clients.reassign_client", client),
        "assignments": selectors.assignment_history(client)[:10],
        **appointment_selectors.dossier_card(request.user, client),
        **plan_selectors.dossier_card(request.user, client),
        **account_selectors.portal_account_card(request.user, client),
    }


def _section_context(client, section: Section, **extra) -> dict:
    if section.many:
        items = [
            {"item": item, "rows": section.rows(item)}
            for item in selectors.section_items(client, section)
        ]
        return {"section": section, "client": client, "items": items, **extra}
    instance = selectors.section_instance(client, section)
    return {"section": section, "client": client, "rows": section.rows(instance), **extra}


@login_required
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    purpose = stated_purpose(request)
    client = selectors.dossier_for(request.user, pk, purpose)
    context = _dossier_context(request, client, purpose)
    if request.htmx and request.htmx.target == "logbook":
        return render(request, "clients/dossier.html#logbook", context)
    return render(request, "clients/dossier.html", context)


def _section_or_404(key: str) -> Section:
    section = get_section(key)
    if section is None:
        raise Http404
    return section


def _render_section(request, client, section, **extra) -> HttpResponse:
    context = {
        **_section_context(client, section, **extra),
        "purpose": stated_purpose(request) or "",
        "may_edit": request.user.has_perm("clients.change_section", section.key),
    }
    return render(request, "clients/dossier.html#section-card", context)


@login_required
def section_card(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    section = _section_or_404(key)
    client = selectors.dossier_for(request.user, pk, stated_purpose(request))
    if not request.htmx:
        return redirect(reverse("clients:dossier", args=[client.pk]) + f"#section-{key}")
    return _render_section(request, client, section)


def _render_form(
    request, client, section, form, *, item=None, version=None, newer_rows=None, status=200
) -> HttpResponse:
    context = {
        "client": client,
        "section": section,
        "form": form,
        "item": item,
        "version": version,
        "newer_rows": newer_rows,
        "purpose": stated_purpose(request) or "",
    }
    template = "clients/section_form.html"
    if request.htmx:
        template += "#section-form"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    section = _section_or_404(key)
    client = _client_for_section_change(request, pk, section)
    item_id = request.GET.get("item") or request.POST.get("item")
    adding = section.many and not item_id
    instance = None if adding else selectors.section_instance(client, section, item_id)

    if request.method == "GET":
        version = None if adding else getattr(instance, section.version_field)
        form = section.build_form(client, instance=instance)
        return _render_form(request, client, section, form, item=instance, version=version)

    form = section.build_form(client, instance=instance, data=request.POST)
    version_seen = request.POST.get("version")
    if not form.is_valid():
        return _render_form(
            request, client, section, form, item=instance, version=version_seen, status=422
        )
    try:
        if adding:
            services.add_section_item(
                actor=request.user, client=client, section=section, values=form.cleaned_data
            )
        else:
            services.update_section(
                actor=request.user,
                client=client,
                section=section,
                instance=instance,
                changes={name: form.cleaned_data[name] for name in form.changed_data},
                expected_version=posted_version(request),
            )
    except services.StaleVersion as stale:
        form.add_error(
            None,
            _(
                "Iemand anders heeft deze gegevens net gewijzigd. Uw wijziging is niet opgeslagen. "
                "Hieronder ziet u de nieuwste gegevens; controleer ze en sla opnieuw op."
            ),
        )
        return _render_form(
            request,
            client,
            section,
            form,
            item=instance,
            version=getattr(stale.current, section.version_field),
            newer_rows=section.rows(stale.current),
            status=409,
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _render_form(
            request, client, section, form, item=instance, version=version_seen, status=422
        )
    if request.htmx:
        return _render_section(request, client, section, saved=True)
    messages.success(request, _("%(section)s opgeslagen.") % {"section": section.title})
    return redirect(reverse("clients:dossier", args=[client.pk]) + f"#section-{key}")


def _client_for_section_change(request: HttpRequest, pk: int, section: Section):
    """Opening a section's form is a read; sending it is a change. Each is logged once."""
    return selectors.dossier_for_change(
        request.user,
        pk,
        stated_purpose(request),
        permitted=request.user.has_perm("clients.change_section", section.key),
        detail=f"sectie {section.key} wijzigen niet toegestaan",
        action=requested_action(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_remove(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    section = _section_or_404(key)
    if not section.many:
        raise Http404
    client = _client_for_section_change(request, pk, section)
    item = selectors.section_instance(
        client, section, request.GET.get("item") or request.POST.get("item")
    )
    if request.method == "POST":
        try:
            services.remove_section_item(
                actor=request.user,
                client=client,
                section=section,
                item=item,
                expected_version=posted_version(request),
            )
        except services.StaleVersion:
            messages.error(
                request,
                _("Deze regel is intussen gewijzigd en is niet verwijderd. Bekijk hem opnieuw."),
            )
        else:
            messages.success(
                request, _("De regel is verwijderd; het logboek bewaart wat erin stond.")
            )
        return redirect(reverse("clients:dossier", args=[client.pk]) + f"#section-{key}")
    context = {
        "client": client,
        "section": section,
        "item": item,
        "rows": section.rows(item),
        "purpose": stated_purpose(request) or "",
    }
    return render(request, "clients/section_remove.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    action = requested_action(request)
    client = selectors.reach_client(request.user, pk, stated_purpose(request), action)
    selectors.record_change(
        request.user,
        client,
        stated_purpose(request),
        permitted=request.user.has_perm("clients.reassign_client", client),
        detail="overdragen niet toegestaan",
        action=action,
    )
    form = ReassignForm(request.POST or None, werkplein_id=client.werkplein_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.reassign_client(
                actor=request.user,
                client=client,
                coach=form.cleaned_data["coach"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(client)s wordt nu begeleid door %(coach)s.")
                % {"client": client.full_name, "coach": form.cleaned_data["coach"]},
            )
            return redirect("clients:dossier", client.pk)
    context = {"client": client, "form": form, "history": selectors.assignment_history(client)}
    return render(request, "clients/reassign.html", context)
