"""The benefits card of the dossier page, filled without help from the dossier view."""

from django import template

from werkplein.benefits import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def benefits_card(context):
    """The card's data for the dossier's client (a fixed number of queries), or None."""
    request = context.get("request")
    client = context.get("client")
    if request is None or client is None:
        return None
    return selectors.dossier_card(request.user, client)
