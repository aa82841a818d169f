"""Reads of plans, job applications and the participation ladder."""

from werkplein.accounts.models import User
from werkplein.clients.models import Client


def dossier_card(user: User, client: Client) -> dict:
    """What the dossier page shows of the plan, for a client reached through dossier_for."""
    return {}
