"""The conference card on the dossier page: the dossier view passes only `client`, so the card
fetches its own data (one query) through conferences.selectors."""

from django import template

from werkplein.conferences import selectors

register = template.Library()


@register.inclusion_tag("conferences/_card.html", takes_context=True)
def conference_card(context, client):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or client is None:
        return {"conference_card": None}
    return {**selectors.dossier_card(user, client), "client": client}
