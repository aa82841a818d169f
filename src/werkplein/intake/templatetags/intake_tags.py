"""Template tags of the intake: its dossier card and the client's recommendations in his portal."""

from django import template

from werkplein.intake import selectors

register = template.Library()


@register.simple_tag
def latest_intake(client):
    """The client's latest intake for the dossier card (one query); the dossier view reached
    and logged the client already."""
    return selectors.latest_intake(client) if client is not None else None


@register.inclusion_tag("intake/portal_recommendations.html")
def intake_recommendations(client):
    """The client's own recommendations and route, on his portal home."""
    return {"intake": selectors.own_recommendations(client) if client is not None else None}
