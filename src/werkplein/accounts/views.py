import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from werkplein.accounts import services
from werkplein.accounts.forms import (
    ChosenPasswordForm,
    LoginForm,
    QueuedPasswordResetForm,
    TokenForm,
)
from werkplein.accounts.models import Role
from werkplein.audit.models import Action
from werkplein.clients import selectors as client_selectors
from werkplein.core.http import stated_purpose


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
    if enrolling and user.role == Role.CLIENT:
        return redirect("portal:security")  # a client links an app only if he wants to
    form = TokenForm(request.POST if request.method == "POST" else None)
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


# --- inviting a client to Mijn Werkplein ---------------------------------------------------------


@login_required
@require_POST
def invite_client(request: HttpRequest, pk: int) -> HttpResponse:
    """A coach (or anyone who may change the dossier) invites the client; from the dossier."""
    purpose = stated_purpose(request)
    client = client_selectors.dossier_for_change(
        request.user,
        pk,
        purpose,
        permitted=request.user.has_perm("accounts.invite_client"),
        detail="uitnodigen voor Mijn Werkplein niet toegestaan",
        action=Action.UPDATE,
    )
    try:
        invitation = services.invite_client(actor=request.user, client=client)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("De uitnodiging is verstuurd. De link is geldig tot %(until)s.")
            % {"until": date_format(localtime(invitation.expires_at), "SHORT_DATETIME_FORMAT")},
        )
    target = reverse("clients:dossier", args=[client.pk])
    if purpose:
        target += "?" + urlencode({"doel": purpose})
    return redirect(target + "#portal-account")


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The client chooses his password through the one-time link; then he logs in."""
    try:
        invitation = services.check_invitation(token)
    except services.InvitationRefused as refused:
        return _invitation_refused(request, refused.reason)
    form = ChosenPasswordForm(invitation.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except services.InvitationRefused as refused:
            return _invitation_refused(request, refused.reason)
        except ValidationError as exc:
            form.add_error("new_password2", exc)
        else:
            messages.success(
                request,
                _(
                    "Uw wachtwoord is opgeslagen. Log nu in met uw e-mailadres (%(username)s) "
                    "en uw nieuwe wachtwoord."
                )
                % {"username": user.username},
            )
            return redirect("accounts:login")
    context = {"form": form, "username": invitation.user.username}
    return render(request, "accounts/accept_invitation.html", context)


def _invitation_refused(request: HttpRequest, reason: str) -> HttpResponse:
    status = 404 if reason == services.InvitationRefused.UNKNOWN else 410
    return render(request, "accounts/invitation_refused.html", {"reason": reason}, status=status)


# --- password reset by e-mail (Django's views, Dutch templates) ----------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ChosenPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
