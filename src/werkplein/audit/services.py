"""Writing the access log. Each event is one insert; nothing here updates or deletes."""

from werkplein.accounts.models import User
from werkplein.audit.models import AccessEvent, Action, Outcome, Relation
from werkplein.clients.models import Client
from werkplein.core.request_context import client_ip_var, request_id_var


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
        requested_client_id=client.pk if client else requested_client_id,
        purpose=purpose,
        action=action,
        outcome=outcome,
        relation=relation,
        detail=detail[:200],
        request_id=request_id_var.get(),
        ip_address=client_ip_var.get(),
    )
