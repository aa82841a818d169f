"""The notification preferences page: how and when each person wants to be told.

One page for everyone at /meldingen/; a client sees it in the look of Mijn Werkplein (and may be
sent to it from /mijn/meldingen/ through `client_preferences`). A person only ever sees and
changes his own preferences: there is no id in the address.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from phonenumber_field.phonenumber import PhoneNumber

from werkplein.accounts.models import Role
from werkplein.core.forms import add_service_errors
from werkplein.core.http import requested_action
from werkplein.notifications import preferences, selectors
from werkplein.notifications.forms import PreferencesForm, kinds_for
from werkplein.notifications.sms import mobile_e164
from werkplein.portal import selectors as portal_selectors
from werkplein.portal.decorators import client_required

STAFF_TEMPLATE = "notifications/preferences.html"
PORTAL_TEMPLATE = "notifications/preferences_portal.html"


def _as_phone(e164: str) -> PhoneNumber | str:
    """A stored E.164 number as the form shows it (06 12345678), or ""."""
    return PhoneNumber.from_string(e164, region="NL") if e164 else ""


def _initial(user, client) -> dict:
    current = selectors.settings_for(user)
    if current.pk is not None:
        mobile = mobile_e164(str(current.mobile)) if current.mobile else ""
    else:
        # Never saved: a client's mobile number from his dossier, if that is a mobile number.
        mobile = mobile_e164(str(client.phone)) if client is not None and client.phone else ""
    return {
        **selectors.preferences_for(user),
        "mobile": _as_phone(mobile),
        "quiet_from": current.quiet_from,
        "quiet_until": current.quiet_until,
    }


def _page(request: HttpRequest, *, portal: bool) -> HttpResponse:
    user = request.user
    client = None
    if portal:
        # Reading the dossier's phone number is a read of the client's data: logged.
        client = portal_selectors.own_dossier(user, requested_action(request), detail="meldingen")
    kinds = kinds_for(user)
    initial = _initial(user, client)
    status = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST, kinds=kinds, initial=initial)
        status = 422
        if form.is_valid():
            try:
                preferences.save_preferences(
                    actor=user,
                    channels=form.channels(),
                    mobile=form.cleaned_data["mobile"],
                    quiet_from=form.cleaned_data["quiet_from"],
                    quiet_until=form.cleaned_data["quiet_until"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Uw keuzes voor meldingen zijn opgeslagen."))
                return redirect(request.path)
    else:
        form = PreferencesForm(kinds=kinds, initial=initial)
    template = PORTAL_TEMPLATE if portal else STAFF_TEMPLATE
    return render(request, template, {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def preferences_page(request: HttpRequest) -> HttpResponse:
    """Every role's own page; a client gets the Mijn Werkplein variant."""
    return _page(request, portal=request.user.role == Role.CLIENT)


@client_required
@require_http_methods(["GET", "POST"])
def client_preferences(request: HttpRequest) -> HttpResponse:
    """The same page for /mijn/meldingen/: clients only."""
    return _page(request, portal=True)
