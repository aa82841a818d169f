"""Pages of the case conferences under /casusoverleg/.

Thin: parse, call a selector or service, render. Out of reach is a 404: the conference page for
anyone but its participants, the series pages for anyone but their managers.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from werkplein.audit.models import Purpose
from werkplein.clients import selectors as client_selectors
from werkplein.conferences import selectors, services
from werkplein.conferences.forms import AgendaForm, OutcomeForm, SeriesForm
from werkplein.core.forms import add_service_errors, service_message


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise Http404


# --- series --------------------------------------------------------------------------------


@login_required
def series_list(request: HttpRequest) -> HttpResponse:
    _require(request, "conferences.manage_series")
    return render(
        request, "conferences/series_list.html", {"series": selectors.series_list(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_edit(request: HttpRequest, pk: str | None = None) -> HttpResponse:
    _require(request, "conferences.manage_series")
    series = selectors.series_for(request.user, pk) if pk is not None else None
    initial = {}
    if series is not None:
        initial = {
            "name": series.name,
            "weekdays": series.weekdays,
            "starts_at": series.starts_at,
            "duration_minutes": series.duration_minutes,
            "max_clients": series.max_clients,
            "location": series.location,
            "members": list(series.members.values_list("pk", flat=True)),
            "active": series.active,
        }
    form = SeriesForm(
        request.POST or None,
        initial=initial,
        members_queryset=selectors.eligible_members(request.user),
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = services.SeriesData(
                name=form.cleaned_data["name"],
                weekdays=form.cleaned_data["weekdays"],
                starts_at=form.cleaned_data["starts_at"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                max_clients=form.cleaned_data["max_clients"],
                location=form.cleaned_data["location"],
                members=list(form.cleaned_data["members"]),
                active=form.cleaned_data["active"],
            )
            try:
                services.save_series(actor=request.user, data=data, series=series)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("De reeks is opgeslagen."))
                return redirect("conferences:series")
    return render(
        request, "conferences/series_form.html", {"form": form, "series": series}, status=status
    )


# --- conferences ---------------------------------------------------------------------------


@login_required
def conference_list(request: HttpRequest) -> HttpResponse:
    _require(request, "conferences.view_conferences")
    services.schedule_all(request.user.werkplein_id)
    return render(
        request,
        "conferences/list.html",
        {
            "rows": selectors.upcoming_conferences(request.user),
            "may_add": request.user.has_perm("conferences.add_to_agenda"),
            "may_manage": request.user.has_perm("conferences.manage_series"),
        },
    )


@login_required
def conference_detail(request: HttpRequest, pk: str) -> HttpResponse:
    _require(request, "conferences.view_conferences")
    page = selectors.conference_for(request.user, pk)
    return render(
        request,
        "conferences/detail.html",
        {"page": page, "conference": page.conference, "purpose": Purpose.CASE_CONFERENCE},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: str) -> HttpResponse:
    _require(request, "conferences.manage_series")
    conference = selectors.open_conference(request.user, pk)
    if request.method == "POST":
        try:
            services.cancel_conference(actor=request.user, conference=conference)
        except ValidationError as exc:
            messages.error(request, service_message(exc))
        else:
            messages.success(request, _("Het casusoverleg is geannuleerd."))
        return redirect("conferences:list")
    return render(request, "conferences/cancel.html", {"conference": conference})


@login_required
@require_http_methods(["GET", "POST"])
def add_item(request: HttpRequest, pk: str) -> HttpResponse:
    _require(request, "conferences.add_to_agenda")
    conference = selectors.open_conference(request.user, pk)
    clients = list(selectors.own_clients(request.user))
    form = AgendaForm(request.POST or None, clients=clients)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            client = client_selectors.dossier_for(
                request.user, form.cleaned_data["client"], Purpose.GUIDANCE
            )
            try:
                services.add_to_agenda(
                    actor=request.user,
                    conference=conference,
                    client=client,
                    question=form.cleaned_data["question"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("De klant staat op de agenda."))
                return redirect("conferences:list")
    return render(
        request,
        "conferences/add_item.html",
        {"form": form, "conference": conference, "free": conference.max_clients - conference.taken},
        status=status,
    )


@login_required
@require_POST
def remove_item(request: HttpRequest, pk: str) -> HttpResponse:
    _require(request, "conferences.add_to_agenda")
    item = selectors.own_item(request.user, pk)
    try:
        services.remove_from_agenda(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, service_message(exc))
    else:
        messages.success(request, _("De klant is van de agenda gehaald."))
    return redirect("conferences:list")


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, pk: str) -> HttpResponse:
    _require(request, "conferences.view_conferences")
    page, line = selectors.item_for_recording(request.user, pk)
    form = OutcomeForm(request.POST or None, owners=page.attendees)
    status = 200
    if request.method == "POST":
        status = 422
        if not page.may_record:
            messages.error(request, str(services.LATE_FOR_RECORDING))
        elif form.is_valid():
            try:
                services.record_outcome(
                    actor=request.user,
                    item=line.item,
                    advice=form.cleaned_data["advice"],
                    decision=form.cleaned_data["decision"],
                    follow_ups=[
                        services.FollowUpData(description=d, owner=o, due_on=due)
                        for d, o, due in form.follow_ups()
                    ],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("De uitkomst is vastgelegd."))
                return redirect("conferences:detail", page.conference.pk)
    return render(
        request,
        "conferences/record.html",
        {"form": form, "page": page, "line": line, "conference": page.conference},
        status=status,
    )
