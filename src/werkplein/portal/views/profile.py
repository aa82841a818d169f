"""Mijn gegevens: the client reads his data, changes what is his, asks for corrections of what
partners own, and downloads everything (his right of access)."""

import copy
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from werkplein.audit.models import Action
from werkplein.core.forms import add_service_errors
from werkplein.core.http import requested_action
from werkplein.portal import selectors, services
from werkplein.portal.decorators import client_required
from werkplein.portal.forms import PORTAL_SECTIONS, WORK_HISTORY, CorrectionForm

STALE_MESSAGE = _(
    "Uw coach heeft deze gegevens net gewijzigd. Uw wijziging is niet opgeslagen. Hieronder "
    "staan de nieuwste gegevens: kijk ze na en sla opnieuw op."
)


def _posted_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1  # no valid version: treated as stale, never as a blind overwrite


def _profile_url(anchor: str = "") -> str:
    return reverse("portal:profile") + (f"#{anchor}" if anchor else "")


@client_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    client = selectors.own_dossier(request.user)
    context = {
        "client": client,
        **selectors.profile_for(client),
        "correction_form": CorrectionForm(),
    }
    return render(request, "portal/profile.html", context)


@client_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, key: str) -> HttpResponse:
    section = PORTAL_SECTIONS.get(key)
    if section is None:
        raise Http404
    action = requested_action(request)
    client = selectors.own_dossier(request.user, action, detail=f"{key} wijzigen")
    instance = selectors.section_instance(client, section)
    if request.method == "GET":
        form = section.build_form(client, instance=copy.copy(instance))
        return _render_edit(request, section, form, instance.version)
    # A copy: the form writes cleaned values into its instance; the logbook needs the old ones.
    form = section.build_form(client, instance=copy.copy(instance), data=request.POST)
    if not form.is_valid():
        return _render_edit(request, section, form, request.POST.get("version"), status=422)
    try:
        services.update_own_section(
            actor=request.user,
            client=client,
            section=section,
            instance=instance,
            changes={name: form.cleaned_data[name] for name in form.changed_data},
            expected_version=_posted_version(request),
        )
    except services.StaleVersion as stale:
        form.add_error(None, STALE_MESSAGE)
        return _render_edit(
            request,
            section,
            form,
            stale.current.version,
            newer_rows=section.rows(stale.current),
            status=409,
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _render_edit(request, section, form, request.POST.get("version"), status=422)
    if form.changed_data:
        messages.success(
            request,
            _("%(section)s opgeslagen. Uw coach krijgt hiervan bericht.")
            % {"section": section.title},
        )
    else:
        messages.info(request, _("Er was niets veranderd."))
    return redirect(_profile_url(f"section-{key}"))


def _render_edit(request, section, form, version, newer_rows=None, status=200) -> HttpResponse:
    context = {"section": section, "form": form, "version": version, "newer_rows": newer_rows}
    return render(request, "portal/profile_edit.html", context, status=status)


@client_required
@require_http_methods(["GET", "POST"])
def job_add(request: HttpRequest) -> HttpResponse:
    action = requested_action(request)
    client = selectors.own_dossier(request.user, action, detail="werkervaring toevoegen")
    form = WORK_HISTORY.build_form(client, data=request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            services.add_own_job(actor=request.user, client=client, values=form.cleaned_data)
            messages.success(
                request, _("Werkervaring toegevoegd. Uw coach krijgt hiervan bericht.")
            )
            return redirect(_profile_url("section-work_history"))
    context = {"section": WORK_HISTORY, "form": form, "version": None, "adding": True}
    return render(request, "portal/profile_edit.html", context, status=status)


@client_required
@require_http_methods(["GET", "POST"])
def job_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    action = requested_action(request)
    client = selectors.own_dossier(request.user, action, detail="werkervaring verwijderen")
    job = selectors.own_job(client, item_id)
    if request.method == "POST":
        try:
            services.remove_own_job(
                actor=request.user,
                client=client,
                job=job,
                expected_version=_posted_version(request),
            )
        except services.StaleVersion:
            messages.error(
                request,
                _("Deze regel is intussen gewijzigd en is niet verwijderd. Bekijk hem opnieuw."),
            )
        else:
            messages.success(request, _("De regel is verwijderd."))
        return redirect(_profile_url("section-work_history"))
    context = {"job": job, "rows": WORK_HISTORY.rows(job)}
    return render(request, "portal/profile_job_remove.html", context)


@client_required
@require_http_methods(["GET", "POST"])
def correction_request(request: HttpRequest) -> HttpResponse:
    action = requested_action(request)
    client = selectors.own_dossier(request.user, action, detail="correctie vragen")
    form = CorrectionForm(
        request.POST if request.method == "POST" else None,
        initial={"subject": request.GET.get("over")},
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.request_correction(actor=request.user, client=client, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Uw verzoek is verstuurd naar uw coach. U ziet het ook in uw logboek. "
                        "Uw coach past de gegevens aan als ze niet kloppen."
                    ),
                )
                return redirect(_profile_url("personal"))
    context = {"form": form, "personal_rows": selectors.personal_rows(client)}
    return render(request, "portal/correction.html", context, status=status)


@client_required
@require_GET
def download_json(request: HttpRequest) -> HttpResponse:
    client = selectors.own_dossier(request.user, Action.DOWNLOAD, detail="download JSON")
    data = selectors.export_for(request.user, client)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"mijn-werkplein-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@client_required
@require_GET
def printable(request: HttpRequest) -> HttpResponse:
    client = selectors.own_dossier(request.user, Action.DOWNLOAD, detail="afdrukbare pagina")
    context = {
        "client": client,
        **selectors.everything_for(request.user, client),
        **selectors.profile_for(client),
        "now": timezone.now(),
    }
    return render(request, "portal/printable.html", context)
