"""API v1: one NinjaAPI; each app contributes its router. Every error answers in JSON, in Dutch.

Authentication is the Django session (`django_auth`), so the API is as strong as the login: lockout,
two-factor (RequireTwoFactorMiddleware answers 401 for the API) and CSRF for unsafe methods.
"""

import logging
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.openapi.docs import Swagger
from ninja.security import django_auth

from werkplein.appointments.api import me_router as my_appointments_router
from werkplein.audit.api import router as audit_router
from werkplein.clients.api import router as clients_router
from werkplein.logbook.api import router as logbook_router
from werkplein.plans.api import me_router as my_plan_router
from werkplein.portal.api import me_router as my_dossier_router

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Werkplein API",
    version="1",
    description="Klantvolgsysteem van het Werkplein. Inloggen met de sessie van de website.",
    urls_namespace="api-v1",
    auth=django_auth,
    # Swagger from ninja/static (not the CDN) once "ninja" is in INSTALLED_APPS: CSP allows 'self'.
    docs=Swagger(),
    docs_decorator=login_required,
)
api.add_router("/clients/", clients_router)
api.add_router("/clients/", logbook_router)
api.add_router("/audit/", audit_router)
# The client's own data: the same rules as the pages of Mijn Werkplein.
api.add_router("/me/", my_dossier_router)
api.add_router("/me/", my_plan_router)
api.add_router("/me/", my_appointments_router)


# Pydantic's error types, as a person filling in the fields would read them.
SCHEMA_MESSAGES = {
    "missing": gettext_lazy("Dit veld is verplicht."),
    "int_parsing": gettext_lazy("Vul een geheel getal in."),
    "int_type": gettext_lazy("Vul een geheel getal in."),
    "int_from_float": gettext_lazy("Vul een geheel getal in."),
    "bool_parsing": gettext_lazy("Vul true of false in."),
    "bool_type": gettext_lazy("Vul true of false in."),
    "string_type": gettext_lazy("Vul tekst in."),
    "date_parsing": gettext_lazy("Vul een geldige datum in (jjjj-mm-dd)."),
    "date_from_datetime_parsing": gettext_lazy("Vul een geldige datum in (jjjj-mm-dd)."),
    "date_type": gettext_lazy("Vul een geldige datum in (jjjj-mm-dd)."),
    "datetime_parsing": gettext_lazy("Vul een geldig tijdstip in."),
    "datetime_from_date_parsing": gettext_lazy("Vul een geldig tijdstip in."),
    "dict_type": gettext_lazy("Verwacht een object met velden."),
    "model_attributes_type": gettext_lazy("Verwacht een object met velden."),
    "greater_than_equal": gettext_lazy("Deze waarde is te klein."),
    "json_invalid": gettext_lazy("De inhoud is geen geldige JSON."),
}
SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})


def _error_response(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


def _field_name(location: list[Any]) -> str:
    """("body", "payload", "data", "text") → "data.text"; the request's own wrapping dropped."""
    parts = [str(p) for p in location]
    if parts and parts[0] in SOURCES:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in ("payload", "filters"):
        parts = parts[1:]
    return ".".join(parts) or "__all__"


@api.exception_handler(SchemaValidationError)
def schema_invalid(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        message = SCHEMA_MESSAGES.get(error.get("type", ""), _("Deze waarde is ongeldig."))
        errors.setdefault(_field_name(error.get("loc", [])), []).append(str(message))
    return _error_response(request, 422, _("De invoer is niet geldig."), errors=errors)


@api.exception_handler(DjangoValidationError)
def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error_response(request, 422, _("De invoer is niet geldig."), errors=errors)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error_response(request, 403, _("U heeft geen toegang tot deze functie."))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error_response(request, 404, _("Niet gevonden."))


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error_response(request, 401, _("U bent niet ingelogd."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    messages = {
        400: _("Het verzoek kon niet worden gelezen; stuur geldige JSON."),
        401: _("U bent niet ingelogd."),
        403: _("U heeft geen toegang tot deze functie."),
        429: _("Te veel verzoeken. Probeer het later opnieuw."),
    }
    if exc.status_code == 403 and "CSRF" in exc.message:  # Ninja's SessionAuth CSRF check
        detail = _("De CSRF-controle is mislukt. Stuur de CSRF-token mee (kop X-CSRFToken).")
    else:
        detail = messages.get(exc.status_code, str(exc))
    return _error_response(request, exc.status_code, detail)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A JSON 500 for the caller; the error still reaches Django's logging and signal."""
    logger.error("API error at %s", request.path, exc_info=exc)
    got_request_exception.send(sender=None, request=request)
    return _error_response(request, 500, _("Er ging iets mis. Probeer het later opnieuw."))


def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/: the API's own JSON 404, not the site's HTML page. A GET
    of a known path without its closing slash is sent on, as Django does for pages."""
    with_slash = request.path + "/"
    if request.method == "GET" and not request.path.endswith("/"):
        match = resolve(with_slash)
        if match.func is not unknown_path:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(with_slash + (f"?{query}" if query else ""))
    return _error_response(request, 404, _("Niet gevonden."))
