"""The team lead's pages under /team/: his dashboard and the coach proposals he decides.

A proposal of a team the user does not lead is a 404, like a missing one. Every decision is one
service call; a proposal decided or replaced meanwhile gives a Dutch message and changes nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from werkplein.allocation import selectors, services
from werkplein.allocation.forms import OverrideForm
from werkplein.allocation.models import ProposalStatus
from werkplein.clients.models import Segment
from werkplein.core.forms import add_service_errors, service_message
from werkplein.core.pagination import paginate

UNASSIGNED_PAGE_SIZE = 25


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("allocation.view_dashboard"):
        raise PermissionDenied
    dashboard = selectors.team_dashboard(request.user)
    unassigned = paginate(dashboard.unassigned, request.GET.get("page"), UNASSIGNED_PAGE_SIZE)
    context = {
        "teams": dashboard.teams,
        "unassigned": unassigned,
        "segments": Segment.choices,
    }
    return render(request, "allocation/dashboard.html", context)


def _proposal_page(request: HttpRequest, proposal, form=None, status: int = 200) -> HttpResponse:
    is_open = proposal.status == ProposalStatus.OPEN
    coaches = list(selectors.team_coaches(proposal.team)) if is_open else []
    context = {
        "proposal": proposal,
        "client": proposal.client,
        "is_open": is_open,
        "stored": selectors.stored_figures(proposal),
        "current": selectors.team_loads(proposal.team) if is_open else [],
        "segments": Segment.choices,
        "form": form or OverrideForm(coaches=coaches),
    }
    return render(request, "allocation/proposal.html", context, status=status)


@login_required
@require_GET
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    return _proposal_page(request, selectors.proposal_for(request.user, pk))


def _decided(request: HttpRequest, decided) -> HttpResponse:
    messages.success(
        request,
        _("%(coach)s is nu de werkcoach van %(client)s.")
        % {"coach": decided.chosen_coach, "client": decided.client.full_name},
    )
    return redirect("allocation:dashboard")


def _closed(request: HttpRequest, exc: services.ProposalClosed) -> HttpResponse:
    messages.error(request, exc.message)
    return redirect("allocation:proposal", exc.proposal.pk)


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    the_proposal = selectors.proposal_for(request.user, pk)
    try:
        decided = services.confirm_proposal(actor=request.user, proposal=the_proposal)
    except services.ProposalClosed as exc:
        return _closed(request, exc)
    except ValidationError as exc:
        messages.error(request, service_message(exc))
        return redirect("allocation:proposal", the_proposal.pk)
    return _decided(request, decided)


@login_required
@require_POST
def override(request: HttpRequest, pk: int) -> HttpResponse:
    the_proposal = selectors.proposal_for(request.user, pk)
    coaches = list(selectors.team_coaches(the_proposal.team))
    form = OverrideForm(request.POST, coaches=coaches)
    if form.is_valid():
        try:
            decided = services.override_proposal(
                actor=request.user,
                proposal=the_proposal,
                coach_id=form.cleaned_data["coach"],
                reason=form.cleaned_data["reason"],
            )
        except services.ProposalClosed as exc:
            return _closed(request, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _decided(request, decided)
    return _proposal_page(request, the_proposal, form, status=422)
