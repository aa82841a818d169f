"""API of the client's own data under /api/v1/me/ (placeholder: replaced by the real router)."""

from ninja import Router

me_router = Router(tags=["me"])
