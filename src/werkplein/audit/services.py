"""Writing the access log. Each event is one insert; nothing here updates or deletes."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from werkplein.accounts.models import Role, User
from werkplein.audit.models import (
    AccessEvent,
    Action,
    Outcome,
    Purpose,
    QualitySample,
    Relation,
)
from werkplein.clients.models import Client
from werkplein.core.access import reachable_clients
from werkplein.core.http import LARGEST_ID
from werkplein.core.request_context import client_ip_var, request_id_var


def _fitting(value: str, max_length: int) -> str:
    """A value as the log can store it: no NUL (PostgreSQL refuses it), cut to the column."""
    value = value.replace("\x00", "?")
    return value if len(value) <= max_length else value[: max_length - 1] + "…"


PURPOSE_LENGTH = AccessEvent._meta.get_field("purpose").max_length
DETAIL_LENGTH = AccessEvent._meta.get_field("detail").max_length


def record_access(
    *,
    user: User,
    action: Action,
    outcome: Outcome,
    relation: Relation,
    purpose: str = "",
    client: Client | None = None,
    requested_client_id: int | None = None,
    detail: str = "",
) -> AccessEvent:
    organisation = user.organisation if user.organisation_id else None
    return AccessEvent.objects.create(
        werkplein_id=user.werkplein_id,
        user=user,
        username=user.username,
        organisation=organisation,
        organisation_name=organisation.name if organisation else "",
        role=user.role,
        client=client,
        requested_client_id=client.pk if client else _storable_id(requested_client_id),
        # A purpose a user typed is logged as typed (it was refused), never cut into a known one.
        purpose=purpose if purpose in Purpose.values else _fitting(purpose, PURPOSE_LENGTH),
        action=action,
        outcome=outcome,
        relation=relation,
        detail=_fitting(detail, DETAIL_LENGTH),
        request_id=request_id_var.get(),
        ip_address=client_ip_var.get(),
    )


def _storable_id(client_id: int | None) -> int | None:
    """The requested id if the log can hold it; a number no client can have is logged as none."""
    # A URL's digits can ask for any number; the log's BigIntegerField holds only so many.
    if client_id is None or not -LARGEST_ID <= client_id <= LARGEST_ID:
        return None
    return client_id


MAX_SAMPLE_SIZE = 50


@transaction.atomic
def draw_sample(*, actor: User, reviewer: User, size: int, description: str) -> QualitySample:
    """Draws a random sample of the clients the team lead reaches, for review afterwards."""
    if not actor.has_perm("audit.draw_sample"):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if reviewer.role != Role.QUALITY_OFFICER or reviewer.werkplein_id != actor.werkplein_id:
        errors["reviewer"] = [_("Kies een kwaliteitsmedewerker van dit Werkplein.")]
    if not 1 <= size <= MAX_SAMPLE_SIZE:
        errors["size"] = [
            _("Een steekproef telt 1 tot %(max)s dossiers.") % {"max": MAX_SAMPLE_SIZE}
        ]
    if not description.strip():
        errors["description"] = [_("Geef de steekproef een omschrijving.")]
    if errors:
        raise ValidationError(errors)
    # Not the agenda of a case conference he happens to attend: those clients are not his.
    client_ids = list(reachable_clients(actor, with_conference=False).values_list("pk", flat=True))
    if not client_ids:
        raise ValidationError({"size": [_("Er zijn geen dossiers om uit te trekken.")]})
    chosen = secrets.SystemRandom().sample(client_ids, min(size, len(client_ids)))
    sample = QualitySample.objects.create(
        werkplein_id=actor.werkplein_id,
        reviewer=reviewer,
        drawn_by=actor,
        description=description.strip(),
    )
    sample.clients.add(*chosen)
    return sample
