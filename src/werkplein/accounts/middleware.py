from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from werkplein.accounts.models import Role
from werkplein.accounts.services import has_confirmed_device

# Pages a logged-in user may open before the second factor: logging in and out, the second
# step itself, and the pages reached from an e-mail link. Staff actions under /accounts/ (such
# as inviting a client) are not among them.
_OPEN_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/2fa/",
    "/accounts/uitnodiging/",
    "/accounts/wachtwoord-vergeten/",
    "/accounts/wachtwoord-herstellen/",
    "/static/",
    "/i18n/",
)


def needs_second_factor(user) -> bool:
    """Staff always (when the setting requires it); a client once he has linked an app."""
    if not user.is_authenticated or user.is_verified():
        return False
    if user.is_werkplein_staff:
        return settings.WERKPLEIN_REQUIRE_2FA
    if user.role == Role.CLIENT:
        return has_confirmed_device(user)
    return False


class RequireTwoFactorMiddleware:
    """Staff who see BSN and benefit data must pass TOTP before anything else (when required);
    a client who switched on TOTP himself must pass it too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(_OPEN_PREFIXES) and needs_second_factor(request.user):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Log eerst in met uw tweede stap (authenticator-app).")},
                    status=401,
                )
            return redirect("accounts:two_factor")
        return self.get_response(request)
