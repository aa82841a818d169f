"""The client's job applications: record one, record what came of it, see the obligation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from werkplein.core.forms import add_service_errors
from werkplein.core.http import posted_version, requested_action
from werkplein.core.pagination import paginate
from werkplein.plans import selectors as plan_selectors
from werkplein.plans import services as plan_services
from werkplein.plans.forms import ApplicationForm, ApplicationResultForm
from werkplein.portal.decorators import client_required
from werkplein.portal.selectors import own_dossier

PAGE_SIZE = 20


@client_required
@require_http_methods(["GET", "POST"])
def applications(request: HttpRequest) -> HttpResponse:
    client = own_dossier(request.user, action=requested_action(request), detail="sollicitaties")
    form = ApplicationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                plan_services.record_application(
                    actor=request.user, client=client, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Uw sollicitatie is opgeslagen. Uw coach ziet hem."))
                return redirect("portal:applications")
    page = paginate(
        plan_selectors.applications_for(request.user, client), request.GET.get("page"), PAGE_SIZE
    )
    context = {
        "client": client,
        "form": form,
        "page": page,
        "progress": plan_selectors.progress_for(request.user, client),
    }
    return render(request, "portal/applications.html", context, status=status)


@client_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, application_id: int) -> HttpResponse:
    client = own_dossier(
        request.user, action=requested_action(request), detail="sollicitatie wijzigen"
    )
    application = plan_selectors.application_for(request.user, client, application_id)
    version = application.version
    newer = None
    status = 200
    if request.method == "GET":
        form = ApplicationResultForm(
            initial={"result": application.result, "notes": application.notes}
        )
    else:
        form = ApplicationResultForm(request.POST)
        status = 422
        if form.is_valid():
            try:
                plan_services.update_application(
                    actor=request.user,
                    application=application,
                    expected_version=posted_version(request),
                    **form.cleaned_data,
                )
            except plan_services.StaleVersion as stale:
                form.add_error(
                    None,
                    _(
                        "Deze sollicitatie is net ergens anders gewijzigd. Uw wijziging is niet "
                        "opgeslagen. Hieronder ziet u wat er nu staat; probeer het opnieuw."
                    ),
                )
                newer, version, status = stale.current, stale.current.version, 409
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Opgeslagen."))
                return redirect("portal:applications")
    context = {
        "client": client,
        "application": application,
        "form": form,
        "version": version,
        "newer": newer,
    }
    return render(request, "portal/applications_edit.html", context, status=status)
