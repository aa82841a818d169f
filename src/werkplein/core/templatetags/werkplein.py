import datetime

from django import template
from django.http import QueryDict
from django.utils import timezone

register = template.Library()


@register.filter
def timesince_days(moment: datetime.datetime | None) -> int:
    """Whole days between a moment and today, in Europe/Amsterdam."""
    if moment is None:
        return 0
    return (timezone.localdate() - timezone.localdate(moment)).days


@register.filter
def days_until_today(day: datetime.date | None) -> int:
    return 0 if day is None else (timezone.localdate() - day).days


@register.filter
def toggle_sort(key: str, current: str) -> str:
    """Clicking the column sorted ascending sorts it descending, and the other way round."""
    return f"-{key}" if current == key else key


@register.simple_tag
def query_with(params: dict, **changes: str) -> str:
    query = QueryDict(mutable=True)
    query.update(params)
    for name, value in changes.items():
        query[name] = value
    return query.urlencode()
