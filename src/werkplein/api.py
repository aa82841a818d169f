"""API v1: one NinjaAPI; each app contributes its router."""

from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="Werkplein API",
    version="1",
    urls_namespace="api-v1",
    auth=django_auth,
)
