"""Security of the client's account: an optional second step at login (TOTP app)."""

import segno
from django.contrib import messages
from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from werkplein.accounts import services as account_services
from werkplein.accounts.forms import DisableTwoFactorForm, TokenForm
from werkplein.core.http import requested_action
from werkplein.portal import selectors
from werkplein.portal.decorators import client_required


@client_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def security(request: HttpRequest) -> HttpResponse:
    action = requested_action(request)
    selectors.own_dossier(request.user, action, detail="beveiliging account")
    user = request.user
    enabled = account_services.has_confirmed_device(user)
    step = request.POST.get("stap") or request.GET.get("stap") or ""
    token_form = TokenForm(request.POST if step == "koppelen" else None)
    password_form = DisableTwoFactorForm(request.POST if step == "uitzetten" else None)
    status = 200
    if request.method == "POST" and step == "koppelen" and not enabled:
        status = 422
        if token_form.is_valid():
            token = token_form.cleaned_data["token"]
            if account_services.verify_token(request=request, user=user, token=token):
                messages.success(
                    request,
                    _(
                        "De tweede stap staat aan. Voortaan vragen wij bij het inloggen ook de "
                        "code uit uw app."
                    ),
                )
                return redirect("portal:security")
            token_form.add_error(
                "token", _("Deze code klopt niet of is verlopen. Probeer de nieuwe code.")
            )
    elif request.method == "POST" and step == "uitzetten" and enabled:
        status = 422
        if password_form.is_valid():
            # Through authenticate(), so wrong passwords count towards the lockout.
            checked = authenticate(
                request,
                username=user.get_username(),
                password=password_form.cleaned_data["password"],
            )
            if checked is not None and checked.pk == user.pk:
                account_services.disable_two_factor(user=user)
                messages.success(request, _("De tweede stap staat uit."))
                return redirect("portal:security")
            password_form.add_error("password", _("Dit wachtwoord klopt niet."))
    elif request.method == "POST":
        return redirect("portal:security")
    context = {"enabled": enabled, "step": step, "token_form": token_form}
    context["password_form"] = password_form
    if not enabled and step == "koppelen":
        device = account_services.pending_device(user)
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=4)
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "portal/security.html", context, status=status)
