"""`{% absence_notice client %}`: tells a client that his coach is away today and who stands
in, on any page that has the client (the portal home), without the view having to look it up."""

from django import template

from werkplein.messaging.absences import absence_of

register = template.Library()


@register.inclusion_tag("messaging/_absence_notice.html")
def absence_notice(client) -> dict:
    coach = getattr(client, "coach", None)
    return {"absence": absence_of(coach) if coach is not None else None}
