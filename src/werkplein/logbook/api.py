"""API v1 for a client's logbook: read (internal entries only for those who may) and write."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from werkplein.clients import selectors as client_selectors
from werkplein.logbook import selectors, services
from werkplein.logbook.forms import LogEntryForm
from werkplein.logbook.models import LogEntry

router = Router(tags=["logboek"])
PAGE_SIZE = 50


class LogEntryOut(Schema):
    id: int
    kind: str
    visibility: str
    text: str
    occurred_at: datetime.datetime
    author_name: str | None
    author_kind: str
    version: int

    @staticmethod
    def resolve_author_name(entry: LogEntry) -> str | None:
        return None if entry.author is None else str(entry.author)


class LogEntryIn(Schema):
    kind: str
    visibility: str
    text: str


@router.get("/{client_id}/logbook/", response=list[LogEntryOut], summary="Logboek, nieuwste eerst")
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=PAGE_SIZE)
def list_entries(
    request: HttpRequest, client_id: int, kind: str = "", purpose: str | None = None
) -> QuerySet[LogEntry]:
    client = client_selectors.dossier_for(request.auth, client_id, purpose)
    return selectors.log_entries_for(request.auth, client, kind)


@router.post("/{client_id}/logbook/", response={201: LogEntryOut}, summary="Logboekregel schrijven")
def add_entry(
    request: HttpRequest, client_id: int, payload: LogEntryIn, purpose: str | None = None
) -> Status[LogEntry]:
    user = request.auth
    client = client_selectors.dossier_for_change(
        user,
        client_id,
        purpose,
        permitted=user.has_perm("logbook.add_entry"),
        detail="logboek schrijven niet toegestaan",
    )
    form = LogEntryForm(payload.model_dump())  # people write every kind but "system"
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return Status(201, services.add_log_entry(actor=user, client=client, **form.cleaned_data))
