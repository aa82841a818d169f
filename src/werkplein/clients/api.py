"""API v1 for clients: search and caseload, registration, the dossier and its sections.

Thin: a schema in, a selector or service, a schema out. Reach is decided by the selectors only;
a client out of reach is a 404 (never a 403), and every attempt is in the access log.
"""

import copy
import datetime
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from phonenumber_field.phonenumber import PhoneNumber

from werkplein.clients import selectors, services
from werkplein.clients.forms import RegistrationForm
from werkplein.clients.models import Client
from werkplein.clients.sections import SECTIONS, Section, get_section
from werkplein.core.forms import CentsField

router = Router(tags=["klanten"])
PAGE_SIZE = 50


# --- schemas -------------------------------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


class ClientListItem(Schema):
    id: int
    name: str
    bsn: str
    date_of_birth: datetime.date
    coach: Ref | None
    segment: str
    last_contact_at: datetime.datetime | None
    next_contact_due: datetime.date | None

    @staticmethod
    def resolve_name(client: Client) -> str:
        return client.full_name

    @staticmethod
    def resolve_coach(client: Client) -> dict[str, Any] | None:
        return _ref(client.coach)


class SectionData(Schema):
    """A one-per-client section: its version (for optimistic locking) and its field values."""

    version: int
    data: dict[str, Any]


class SectionItem(Schema):
    """One line of a list section (work history, benefits)."""

    id: int
    version: int
    data: dict[str, Any]


class Guidance(Schema):
    segment: str
    contact_frequency_days: int
    version: int


class Dossier(Schema):
    id: int
    name: str
    bsn: str
    date_of_birth: datetime.date
    coach: Ref | None
    team: Ref | None
    guidance: Guidance
    last_contact_at: datetime.datetime | None
    next_contact_due: datetime.date | None
    sections: dict[str, SectionData | list[SectionItem]]


class Registration(Schema):
    bsn: str
    first_name: str
    name_prefix: str = ""
    last_name: str
    date_of_birth: datetime.date
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""
    municipality: int = Field(description="id van de woongemeente")
    phone: str = ""
    email: str = ""


class SectionPatch(Schema):
    version: int = Field(description="de versie waarop de wijziging voortbouwt")
    item: int | None = Field(None, description="id van de regel, alleen bij lijstsecties")
    data: dict[str, Any] = Field(default_factory=dict, description="alleen de gewijzigde velden")


class NewSectionItem(Schema):
    data: dict[str, Any]


class Stale(Schema):
    detail: str
    version: int
    data: dict[str, Any]


# --- helpers -------------------------------------------------------------------------------------


def _ref(obj: models.Model | None) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": str(obj)}


def _api_value(instance: models.Model, name: str) -> Any:
    """A stored value as the API shows it: ids for relations, cents as integers, ISO dates."""
    value = instance.serializable_value(name)
    if isinstance(value, PhoneNumber):
        return value.as_e164
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _section_values(section: Section, instance: models.Model) -> dict[str, Any]:
    return {name: _api_value(instance, name) for name in section.fields}


def _section_out(section: Section, instance: models.Model) -> SectionData | SectionItem:
    version = getattr(instance, section.version_field)
    data = _section_values(section, instance)
    if section.many:
        return SectionItem(id=instance.pk, version=version, data=data)
    return SectionData(version=version, data=data)


def _sections(client: Client) -> dict[str, SectionData | list[SectionItem]]:
    result: dict[str, Any] = {}
    for key, section in SECTIONS.items():
        if section.many:
            items = selectors.section_items(client, section)
            result[key] = [_section_out(section, item) for item in items]
        else:
            result[key] = _section_out(section, selectors.section_instance(client, section))
    return result


def _dossier(client: Client) -> dict[str, Any]:
    return {
        "id": client.pk,
        "name": client.full_name,
        "bsn": client.bsn,
        "date_of_birth": client.date_of_birth,
        "coach": _ref(client.coach),
        "team": _ref(client.team),
        "guidance": {
            "segment": client.segment,
            "contact_frequency_days": client.contact_frequency_days,
            "version": client.guidance_version,
        },
        "last_contact_at": client.last_contact_at,
        "next_contact_due": client.next_contact_due,
        "sections": _sections(client),
    }


def _section_or_404(key: str, *, many: bool | None = None) -> Section:
    section = get_section(key)
    if section is None or (many is not None and section.many != many):
        raise Http404
    return section


def _form_value(name: str, field: forms.Field, value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(field, CentsField):  # the form takes euros; the API speaks cents, like the model
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError({name: [_("Geef het bedrag in hele centen (een geheel getal).")]})
        return field.prepare_value(value)
    return value


def _form_data(section: Section, values: dict[str, Any]) -> dict[str, Any]:
    """API values as the section's form expects them posted: prefixed names, euros for cents."""
    unknown = sorted(set(values) - set(section.fields))
    if unknown:
        raise ValidationError(
            {name: [_("Deze sectie heeft geen veld met deze naam.")] for name in unknown}
        )
    fields = section.form_class.base_fields
    return {
        f"{section.key}-{name}": _form_value(name, fields[name], value)
        for name, value in values.items()
    }


def _valid_form(section: Section, client: Client, instance: models.Model | None, data: dict):
    # A copy: the form writes cleaned values into its instance, and the service's logbook line
    # needs the stored values as "before".
    form = section.build_form(client, instance=copy.copy(instance), data=data)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form


def _stale(section: Section, current: models.Model) -> dict[str, Any]:
    detail = _(
        "Iemand anders heeft deze gegevens net gewijzigd. Uw wijziging is niet opgeslagen; "
        "hierbij de nieuwste gegevens en versie."
    )
    return {
        "detail": detail,
        "version": getattr(current, section.version_field),
        "data": _section_values(section, current),
    }


def _reach_section(request: HttpRequest, client_id: int, section: Section, purpose: str | None):
    user = request.auth
    client = selectors.dossier_for_change(
        user,
        client_id,
        purpose,
        permitted=user.has_perm("clients.change_section", section.key),
        detail=f"sectie {section.key} wijzigen niet toegestaan",
    )
    return user, client


# --- endpoints -----------------------------------------------------------------------------------


@router.get("/", response=list[ClientListItem], summary="Klanten zoeken of de caseload")
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=PAGE_SIZE)
def list_clients(request: HttpRequest, q: str = "") -> models.QuerySet[Client]:
    """With q: search by BSN, date of birth or name. Without: the team caseload (coach, lead)."""
    user = request.auth
    if not q.strip() and user.has_perm("clients.view_caseload"):
        return selectors.caseload_for(user, selectors.CaseloadFilter(scope="team"))
    return selectors.search_clients(user, q)


@router.post("/", response={201: Dossier}, summary="Klant inschrijven")
def register_client(request: HttpRequest, payload: Registration) -> Status[dict]:
    user = request.auth
    if not user.has_perm("clients.register_client"):
        raise PermissionDenied
    form = RegistrationForm(payload.model_dump(), werkplein_id=user.werkplein_id)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    client = services.register_client(actor=user, data=form.cleaned_data)
    return Status(201, _dossier(client))


@router.get("/{client_id}/", response=Dossier, summary="Dossier")
def get_dossier(request: HttpRequest, client_id: int, purpose: str | None = None) -> dict:
    """The dossier for a stated purpose (doelbinding); the read is logged."""
    return _dossier(selectors.dossier_for(request.auth, client_id, purpose))


@router.patch(
    "/{client_id}/sections/{key}/",
    response={200: SectionData | SectionItem, 409: Stale},
    summary="Sectie wijzigen (gedeeltelijk)",
)
def update_section(
    request: HttpRequest,
    client_id: int,
    key: str,
    payload: SectionPatch,
    purpose: str | None = None,
) -> Any:
    """Changes the given fields only; refused with 409 if someone saved since `version`."""
    section = _section_or_404(key)
    user, client = _reach_section(request, client_id, section, purpose)
    if section.many and payload.item is None:
        raise ValidationError({"item": [_("Geef aan welke regel u wijzigt.")]})
    instance = selectors.section_instance(client, section, payload.item)
    merged = _section_values(section, instance) | payload.data
    form = _valid_form(section, client, instance, _form_data(section, merged))
    try:
        saved = services.update_section(
            actor=user,
            client=client,
            section=section,
            instance=instance,
            changes={name: form.cleaned_data[name] for name in form.changed_data},
            expected_version=payload.version,
        )
    except services.StaleVersion as stale:
        return Status(409, _stale(section, stale.current))
    return _section_out(section, saved)


@router.post(
    "/{client_id}/sections/{key}/items/",
    response={201: SectionItem},
    summary="Regel toevoegen aan een lijstsectie",
)
def add_section_item(
    request: HttpRequest,
    client_id: int,
    key: str,
    payload: NewSectionItem,
    purpose: str | None = None,
) -> Status[SectionData | SectionItem]:
    section = _section_or_404(key, many=True)
    user, client = _reach_section(request, client_id, section, purpose)
    form = _valid_form(section, client, None, _form_data(section, payload.data))
    item = services.add_section_item(
        actor=user, client=client, section=section, values=form.cleaned_data
    )
    return Status(201, _section_out(section, item))
