"""The ASGI application (uvicorn: `werkplein serve`).

HTTP goes to Django; websockets (the chat box, /ws/gesprekken/<id>/) to Channels, behind the
same session login and a check that the page opening the socket comes from an allowed host.

With WERKPLEIN_SERVE_STATIC=1 (the demo sets it) the application serves /static/ itself; in
production a web server or CDN in front serves the collected files instead.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkplein.settings")
# Sets Django up before anything below imports models.
http_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from werkplein.messaging.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": http_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

if os.environ.get("WERKPLEIN_SERVE_STATIC") == "1":
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    # Serves /static/ and hands everything else (other pages, websockets) to the router.
    application = ASGIStaticFilesHandler(application)
