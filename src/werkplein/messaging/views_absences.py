"""Absence pages: a coach reports his own leave with a stand-in from his team; a team lead
also reports it for the members of his team, and withdraws it."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from werkplein.accounts.models import User
from werkplein.core.forms import DutchDateInput, add_service_errors, service_message
from werkplein.core.pagination import paginate
from werkplein.messaging import absences

PAGE_SIZE = 25


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class AbsenceForm(forms.Form):
    coach = PersonChoiceField(
        label=gettext_lazy("Wie is afwezig?"),
        queryset=User.objects.none(),
        empty_label=None,
    )
    stand_in = PersonChoiceField(
        label=gettext_lazy("Vervanger"),
        queryset=User.objects.none(),
        empty_label=gettext_lazy("Kies een vervanger"),
        help_text=gettext_lazy(
            "Een coach uit hetzelfde team. Hij ziet in deze periode de dossiers en berichten."
        ),
        error_messages={"required": gettext_lazy("Kies een vervanger.")},
    )
    starts_on = forms.DateField(
        label=gettext_lazy("Eerste dag"),
        widget=DutchDateInput(),
        error_messages={
            "required": gettext_lazy("Vul de eerste dag van de afwezigheid in."),
            "invalid": gettext_lazy("Vul een geldige datum in."),
        },
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Laatste dag"),
        widget=DutchDateInput(),
        error_messages={
            "required": gettext_lazy("Vul de laatste dag van de afwezigheid in."),
            "invalid": gettext_lazy("Vul een geldige datum in."),
        },
    )

    def __init__(self, *args, actor: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        managed = absences.coaches_managed_by(actor)
        self.fields["coach"].queryset = managed
        self.fields["coach"].initial = actor.pk
        self.fields["stand_in"].queryset = absences.stand_in_choices(actor)
        self.reports_for_others = len(managed) > 1
        if not self.reports_for_others:
            # A coach only reports his own absence: no choice to make.
            self.fields["coach"].widget = forms.HiddenInput()
            self.fields["coach"].required = False

    def clean_coach(self) -> User:
        return self.cleaned_data.get("coach") or self.actor


def _require_coach(user: User) -> None:
    if user.role not in absences.COACH_ROLES:
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def absence_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_coach(user)
    form = AbsenceForm(request.POST or None, actor=user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                absence = absences.set_absence(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("De afwezigheid is opgeslagen. %(name)s neemt in die periode waar.")
                    % {"name": absence.stand_in.get_full_name() or absence.stand_in.username},
                )
                return redirect("messaging_extra:absences")
    page = paginate(absences.absences_for(user), request.GET.get("page"), PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "standing_in": absences.absences_stood_in_for(user).select_related("coach"),
        "is_lead": form.reports_for_others,
    }
    return render(request, "messaging/absences.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def absence_cancel(request: HttpRequest, absence_id: int) -> HttpResponse:
    _require_coach(request.user)
    absence = absences.absence_to_manage(request.user, absence_id)
    if request.method == "POST":
        try:
            absences.cancel_absence(actor=request.user, absence=absence)
        except ValidationError as exc:
            messages.error(request, service_message(exc))
        else:
            messages.success(request, _("De afwezigheid is ingetrokken."))
        return redirect("messaging_extra:absences")
    return render(request, "messaging/absence_cancel.html", {"absence": absence})
