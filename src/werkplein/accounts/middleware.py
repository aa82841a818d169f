from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# Pages a logged-in staff member may open before the second factor.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/")


class RequireTwoFactorMiddleware:
    """Staff who see BSN and benefit data must pass TOTP before anything else (when required)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.WERKPLEIN_REQUIRE_2FA
            and user.is_authenticated
            and user.is_werkplein_staff
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Log eerst in met uw tweede stap (authenticator-app).")},
                    status=401,
                )
            return redirect("accounts:two_factor")
        return self.get_response(request)
