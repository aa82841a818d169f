import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from werkplein.accounts import services
from werkplein.accounts.forms import LoginForm, TokenForm
from werkplein.accounts.models import Role


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _safe_next(request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Asks the second factor; a staff member without an app first links one (QR code)."""
    user = request.user
    if user.is_verified():
        return redirect("home")
    enrolling = not services.has_confirmed_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.verify_token(request=request, user=user, token=form.cleaned_data["token"]):
            if enrolling:
                messages.success(request, _("Uw authenticator-app is gekoppeld."))
            return redirect(_safe_next(request))
        form.add_error("token", _("Deze code klopt niet of is verlopen. Probeer de nieuwe code."))
    context = {"form": form, "enrolling": enrolling}
    if enrolling:
        device = services.pending_device(user)
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=4)
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "accounts/two_factor.html", context)


HOME_BY_ROLE = {
    Role.COACH: "clients:caseload",
    Role.TEAM_LEAD: "clients:caseload",
    Role.BACK_OFFICE: "clients:search",
    Role.QUALITY_OFFICER: "audit:samples",
    Role.SECURITY_OFFICER: "audit:access_log",
    Role.FUNCTIONAL_ADMIN: "admin:index",
    Role.CLIENT: "portal:home",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    target = HOME_BY_ROLE.get(request.user.role)
    if target:
        return redirect(target)
    return render(request, "accounts/no_pages_yet.html")
