"""The ASGI application (uvicorn: `werkplein serve`).

With WERKPLEIN_SERVE_STATIC=1 (the demo sets it) the application serves /static/ itself; in
production a web server or CDN in front serves the collected files instead.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkplein.settings")
application = get_asgi_application()

if os.environ.get("WERKPLEIN_SERVE_STATIC") == "1":
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    application = ASGIStaticFilesHandler(application)
