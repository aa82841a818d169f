"""The security officer's access log and review report; the quality officer's samples."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from werkplein.accounts.models import Role
from werkplein.audit import selectors, services
from werkplein.audit.forms import AccessEventFilterForm, DrawSampleForm
from werkplein.core.forms import add_service_errors
from werkplein.core.pagination import paginate


def _criteria(
    request: HttpRequest,
) -> tuple[AccessEventFilterForm, selectors.AccessEventFilter | None]:
    """The filter from the form; None when the form is invalid, so that nothing is listed."""
    form = AccessEventFilterForm(request.GET or None, werkplein_id=request.user.werkplein_id)
    if not form.is_bound:
        return form, selectors.AccessEventFilter()
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, selectors.AccessEventFilter(
        username=data["username"],
        client_id=data["client_id"],
        organisation_id=data["organisation"].pk if data["organisation"] else None,
        date_from=data["date_from"],
        date_to=data["date_to"],
    )


def _render_log(request: HttpRequest, events, form, report: bool) -> HttpResponse:
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": paginate(events, request.GET.get("page")),
        "report": report,
        "query_without_page": query.urlencode(),
    }
    return render(request, "audit/access_log.html", context)


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    form, criteria = _criteria(request)
    events = selectors.access_events_for(request.user, criteria)
    return _render_log(request, events if criteria else events.none(), form, False)


@login_required
def review_report(request: HttpRequest) -> HttpResponse:
    form, criteria = _criteria(request)
    events = selectors.reads_outside_own_work(request.user, criteria)
    return _render_log(request, events if criteria else events.none(), form, True)


@login_required
def samples(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.QUALITY_OFFICER:
        raise PermissionDenied
    return render(request, "audit/samples.html", {"samples": selectors.samples_for(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def draw_sample(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("audit.draw_sample"):
        raise PermissionDenied
    form = DrawSampleForm(request.POST or None, werkplein_id=request.user.werkplein_id)
    if request.method == "POST" and form.is_valid():
        try:
            sample = services.draw_sample(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Steekproef getrokken: %(count)s dossiers voor %(reviewer)s.")
                % {"count": sample.clients.count(), "reviewer": sample.reviewer},
            )
            return redirect("home")
    return render(request, "audit/draw_sample.html", {"form": form})
