"""API v1 for the access log: only for the security officer (the selectors refuse others)."""

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from werkplein.audit import selectors
from werkplein.audit.models import AccessEvent

router = Router(tags=["toegangslog"])
PAGE_SIZE = 50


class AccessEventQuery(Schema):
    username: str = ""
    client_id: int | None = None
    organisation_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    outside_own_work: bool = False


class AccessEventOut(Schema):
    id: int
    at: datetime.datetime
    username: str
    role: str
    organisation_id: int | None
    organisation_name: str
    client_id: int | None
    purpose: str
    action: str
    outcome: str
    relation: str
    detail: str
    request_id: str
    ip_address: str | None

    @staticmethod
    def resolve_client_id(event: AccessEvent) -> int | None:
        return event.requested_client_id  # also set for refused attempts at unknown clients


@router.get("/access-events/", response=list[AccessEventOut], summary="Toegangslog, nieuwste eerst")
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=PAGE_SIZE)
def list_access_events(
    request: HttpRequest, filters: Query[AccessEventQuery]
) -> QuerySet[AccessEvent]:
    """outside_own_work: only reads outside the reader's own caseload or shared team."""
    criteria = selectors.AccessEventFilter(
        username=filters.username,
        client_id=filters.client_id,
        organisation_id=filters.organisation_id,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    if filters.outside_own_work:
        return selectors.reads_outside_own_work(request.auth, criteria)
    return selectors.access_events_for(request.auth, criteria)
