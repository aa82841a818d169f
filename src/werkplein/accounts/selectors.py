"""Reads about accounts."""

from werkplein.accounts.models import User
from werkplein.clients.models import Client


def portal_account_card(user: User, client: Client) -> dict:
    """The client's Mijn Werkplein account as the dossier page shows it."""
    return {}
