"""`{% open_coach_proposal client as proposal %}`: the client's open coach proposal for his
dossier card, in one query, without the dossier view having to look it up."""

from django import template

from werkplein.allocation.selectors import open_proposal_of

register = template.Library()


@register.simple_tag(takes_context=True)
def open_coach_proposal(context, client):
    if client is None or getattr(client, "pk", None) is None:
        return None
    return open_proposal_of(context["user"], client)
