"""Reads for the client's own pages. A client reaches exactly one dossier: his own."""

from werkplein.accounts.models import User
from werkplein.audit.models import Action, Outcome, Purpose, Relation
from werkplein.audit.services import record_access
from werkplein.clients.models import Client
from werkplein.core.access import own_client


def own_dossier(user: User, action: Action = Action.READ, detail: str = "") -> Client:
    """The client record of the logged-in client, with the read (or change) logged.

    Any other user, or a client account without a record, gets ClientNotFound (a 404).
    """
    client = own_client(user)
    record_access(
        user=user,
        client=client,
        action=action,
        outcome=Outcome.ALLOWED,
        relation=Relation.SELF,
        purpose=Purpose.OWN_DOSSIER,
        detail=detail,
    )
    return client
