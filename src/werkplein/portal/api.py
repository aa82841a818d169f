"""API of the client's own data under /api/v1/me/: the same rules as the pages of Mijn Werkplein.

Only client accounts: for anyone else every endpoint is a 404. Each call starts with
portal.selectors.own_dossier, which logs the read or change.
"""

import copy
import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from phonenumber_field.phonenumber import PhoneNumber

from werkplein.audit.models import Action
from werkplein.clients.models import Client
from werkplein.clients.sections import Section
from werkplein.core.pagination import paginate
from werkplein.portal import selectors, services
from werkplein.portal.forms import PORTAL_SECTIONS, WORK_HISTORY, OwnNoteForm

me_router = Router(tags=["mijn werkplein"])
PAGE_SIZE = 50


# --- schemas -------------------------------------------------------------------------------------


class SectionOut(Schema):
    version: int
    data: dict[str, Any]


class ItemOut(Schema):
    id: int
    version: int
    data: dict[str, Any]


class ProfileOut(Schema):
    personal: dict[str, Any] = Field(description="gegevens van partners: alleen lezen")
    sections: dict[str, SectionOut] = Field(description="contact, address, education, ...")
    work_history: list[ItemOut]
    benefits: list[dict[str, Any]]


class ProfilePatch(Schema):
    version: int = Field(description="de versie waarop de wijziging voortbouwt")
    data: dict[str, Any] = Field(default_factory=dict, description="alleen de gewijzigde velden")


class NewJob(Schema):
    data: dict[str, Any]


class Stale(Schema):
    detail: str
    version: int
    data: dict[str, Any]


class Detail(Schema):
    detail: str


class CorrectionIn(Schema):
    subject: str = Field(description="name, bsn, date_of_birth, municipality, benefits, other")
    text: str


class NoteIn(Schema):
    text: str


class NoteEdit(Schema):
    text: str
    version: int


class LogEntryOut(Schema):
    id: int
    occurred_at: datetime.datetime
    author: str
    text: str
    version: int
    editable: bool


class StaleLogEntry(LogEntryOut):
    detail: str


class LogPage(Schema):
    items: list[LogEntryOut]
    count: int
    page: int
    pages: int


class AccessEventOut(Schema):
    at: datetime.datetime
    organisation: str
    role: str
    purpose: str
    action: str
    refused: bool
    name: str


class AccessPage(Schema):
    items: list[AccessEventOut]
    count: int
    page: int
    pages: int


# --- helpers -------------------------------------------------------------------------------------


def _api_value(instance: models.Model, name: str) -> Any:
    value = getattr(instance, name)
    if isinstance(value, PhoneNumber):
        return value.as_e164
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _values(section: Section, instance: models.Model) -> dict[str, Any]:
    return {name: _api_value(instance, name) for name in section.fields}


def _section(key: str) -> Section:
    section = PORTAL_SECTIONS.get(key)
    if section is None:
        raise Http404
    return section


def _form_data(section: Section, values: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(values) - set(section.fields))
    if unknown:
        raise ValidationError(
            {
                name: [_("Dit veld bestaat hier niet of kunt u niet zelf wijzigen.")]
                for name in unknown
            }
        )
    nested = sorted(name for name, value in values.items() if isinstance(value, (list, dict)))
    if nested:
        raise ValidationError(
            {
                name: [_("Vul hier één waarde in (tekst of een getal), geen lijst of object.")]
                for name in nested
            }
        )
    # The forms parse text, as a browser posts it: a number or true/false becomes its text.
    return {f"{section.key}-{n}": ("" if v is None else str(v)) for n, v in values.items()}


def _valid_form(section: Section, client: Client, instance, values: dict[str, Any]):
    form = section.build_form(client, instance=instance, data=_form_data(section, values))
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form


def _entry_out(entry, user, client) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "occurred_at": entry.occurred_at,
        "author": selectors.author_label(entry.author, user, client),
        "text": entry.text,
        "version": entry.version,
        "editable": selectors.may_edit_entry(entry, user),
    }


def _profile(client: Client) -> dict[str, Any]:
    return {
        "personal": selectors.export_personal(client),
        "sections": {
            key: {
                "version": (instance := selectors.section_instance(client, section)).version,
                "data": _values(section, instance),
            }
            for key, section in PORTAL_SECTIONS.items()
        },
        "work_history": [
            {"id": job.pk, "version": job.version, "data": _values(WORK_HISTORY, job)}
            for job in selectors.own_jobs(client)
        ],
        "benefits": [selectors.benefit_record(b) for b in selectors.own_benefits(client)],
    }


# --- endpoints -----------------------------------------------------------------------------------


@me_router.get("/profile/", response=ProfileOut, summary="Mijn gegevens")
def get_profile(request: HttpRequest) -> dict[str, Any]:
    return _profile(selectors.own_dossier(request.auth))


@me_router.post("/profile/work-history/", response={201: ItemOut}, summary="Werkervaring toevoegen")
def add_job(request: HttpRequest, payload: NewJob) -> Status[dict]:
    user = request.auth
    client = selectors.own_dossier(user, Action.UPDATE, detail="werkervaring toevoegen (API)")
    form = _valid_form(WORK_HISTORY, client, None, payload.data)
    job = services.add_own_job(actor=user, client=client, values=form.cleaned_data)
    return Status(201, {"id": job.pk, "version": job.version, "data": _values(WORK_HISTORY, job)})


@me_router.delete(
    "/profile/work-history/{item_id}/",
    response={204: None, 409: Stale},
    summary="Werkervaring verwijderen",
)
def remove_job(request: HttpRequest, item_id: int, version: int) -> Any:
    user = request.auth
    client = selectors.own_dossier(user, Action.UPDATE, detail="werkervaring verwijderen (API)")
    job = selectors.own_job(client, item_id)
    try:
        services.remove_own_job(actor=user, client=client, job=job, expected_version=version)
    except services.StaleVersion as stale:
        return Status(
            409,
            {
                "detail": _("Deze regel is intussen gewijzigd en is niet verwijderd."),
                "version": stale.current.version,
                "data": _values(WORK_HISTORY, stale.current),
            },
        )
    return Status(204, None)


@me_router.post(
    "/profile/correction/", response={201: LogEntryOut}, summary="Coach om een correctie vragen"
)
def request_correction(request: HttpRequest, payload: CorrectionIn) -> Status[dict]:
    user = request.auth
    client = selectors.own_dossier(user, Action.UPDATE, detail="correctie vragen (API)")
    entry = services.request_correction(
        actor=user, client=client, subject=payload.subject, text=payload.text
    )
    return Status(201, _entry_out(entry, user, client))


# After the fixed /profile/... paths, which "{key}" would otherwise take.
@me_router.patch(
    "/profile/{key}/",
    response={200: SectionOut, 409: Stale},
    summary="Eigen gegevens wijzigen: contact, address, education, skills of wishes",
)
def patch_profile(request: HttpRequest, key: str, payload: ProfilePatch) -> Any:
    section = _section(key)
    user = request.auth
    client = selectors.own_dossier(user, Action.UPDATE, detail=f"{key} wijzigen (API)")
    instance = selectors.section_instance(client, section)
    merged = _values(section, instance) | payload.data
    form = _valid_form(section, client, copy.copy(instance), merged)
    try:
        saved = services.update_own_section(
            actor=user,
            client=client,
            section=section,
            instance=instance,
            changes={name: form.cleaned_data[name] for name in form.changed_data},
            expected_version=payload.version,
        )
    except services.StaleVersion as stale:
        detail = _(
            "Uw coach heeft deze gegevens net gewijzigd. Uw wijziging is niet opgeslagen; "
            "hierbij de nieuwste gegevens en versie."
        )
        return Status(
            409,
            {
                "detail": detail,
                "version": stale.current.version,
                "data": _values(section, stale.current),
            },
        )
    return {"version": saved.version, "data": _values(section, saved)}


@me_router.get("/logbook/", response=LogPage, summary="Logboek, nieuwste eerst")
def list_logbook(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    user = request.auth
    client = selectors.own_dossier(user, detail="logboek (API)")
    rows = paginate(selectors.own_log_entries(user, client), page, PAGE_SIZE)
    return {
        "items": [_entry_out(e, user, client) for e in rows.object_list],
        "count": rows.paginator.count,
        "page": rows.number,
        "pages": rows.paginator.num_pages,
    }


@me_router.post("/logbook/", response={201: LogEntryOut}, summary="Bericht in het logboek")
def add_note(request: HttpRequest, payload: NoteIn) -> Status[dict]:
    user = request.auth
    client = selectors.own_dossier(user, Action.UPDATE, detail="logboek schrijven (API)")
    form = OwnNoteForm({"text": payload.text})
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    entry = services.add_own_note(actor=user, client=client, text=form.cleaned_data["text"])
    return Status(201, _entry_out(entry, user, client))


@me_router.put(
    "/logbook/{entry_id}/",
    response={200: LogEntryOut, 403: Detail, 409: StaleLogEntry},
    summary="Eigen bericht aanpassen (de vorige versie blijft bewaard)",
)
def edit_note(request: HttpRequest, entry_id: int, payload: NoteEdit) -> Any:
    user = request.auth
    client = selectors.own_dossier(user, Action.UPDATE, detail="logboekregel wijzigen (API)")
    entry = selectors.own_log_entry(user, client, entry_id)
    refused = _("U kunt alleen uw eigen berichten aanpassen. Er is niets veranderd.")
    if not selectors.may_edit_entry(entry, user):
        return Status(403, {"detail": refused})
    form = OwnNoteForm({"text": payload.text})
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    try:
        saved = services.edit_own_note(
            actor=user,
            client=client,
            entry=entry,
            text=form.cleaned_data["text"],
            expected_version=payload.version,
        )
    except services.logbook_services.StaleEntry as stale:
        detail = _(
            "Dit bericht is intussen gewijzigd. Uw versie is niet opgeslagen; hierbij de "
            "nieuwste tekst en versie."
        )
        return Status(409, {"detail": detail, **_entry_out(stale.current, user, client)})
    except PermissionDenied:
        return Status(403, {"detail": refused})
    return _entry_out(saved, user, client)


@me_router.get("/access-events/", response=AccessPage, summary="Wie heeft mijn dossier bekeken")
def list_access_events(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    user = request.auth
    client = selectors.own_dossier(user, detail="inzage toegangslog (API)")
    rows = paginate(selectors.access_events_on_own_dossier(user, client), page, PAGE_SIZE)
    return {
        "items": [selectors.access_event_row(e) for e in rows.object_list],
        "count": rows.paginator.count,
        "page": rows.number,
        "pages": rows.paginator.num_pages,
    }


@me_router.get("/export/", response=dict[str, Any], summary="Al mijn gegevens (inzagerecht)")
def export(request: HttpRequest) -> dict[str, Any]:
    user = request.auth
    client = selectors.own_dossier(user, Action.DOWNLOAD, detail="download JSON (API)")
    return selectors.export_for(user, client)
