from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from werkplein.accounts.models import Role
from werkplein.core.access import ClientNotFound


def client_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mijn Werkplein is for clients only: anyone else is sent to log in or gets a 404."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.role != Role.CLIENT:
            raise ClientNotFound()
        return view(request, *args, **kwargs)

    return wrapped
