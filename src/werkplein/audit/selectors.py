"""Reading the access log: only the security officer, only his own Werkplein."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from werkplein.accounts.models import User
from werkplein.audit.models import AccessEvent, Action, QualitySample
from werkplein.core.access import ORDINARY_RELATIONS


@dataclass(frozen=True)
class AccessEventFilter:
    username: str = ""
    client_id: int | None = None
    organisation_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _in_period(events: QuerySet[AccessEvent], criteria: AccessEventFilter) -> QuerySet:
    tz = timezone.get_current_timezone()
    if criteria.date_from:
        start = datetime.datetime.combine(criteria.date_from, datetime.time.min, tzinfo=tz)
        events = events.filter(at__gte=start)
    if criteria.date_to:
        end = datetime.datetime.combine(
            criteria.date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        events = events.filter(at__lt=end)
    return events


def access_events_for(user: User, criteria: AccessEventFilter | None = None) -> QuerySet:
    """The access log of the user's Werkplein, newest first, filtered."""
    if not user.has_perm("audit.view_access_log"):
        raise PermissionDenied
    criteria = criteria or AccessEventFilter()
    events = AccessEvent.objects.filter(werkplein_id=user.werkplein_id)
    if criteria.username:
        events = events.filter(username__iexact=criteria.username.strip())
    if criteria.client_id:
        events = events.filter(requested_client_id=criteria.client_id)
    if criteria.organisation_id:
        events = events.filter(organisation_id=criteria.organisation_id)
    return _in_period(events, criteria).order_by("-at", "-id")


def reads_outside_own_work(user: User, criteria: AccessEventFilter | None = None) -> QuerySet:
    """Reads of dossiers outside the reader's own caseload or shared team, for periodic review."""
    return (
        access_events_for(user, criteria)
        .filter(action__in=(Action.READ, Action.UPDATE))
        .exclude(relation__in=ORDINARY_RELATIONS)
    )


def samples_for(user: User) -> QuerySet:
    """The open samples assigned to a quality officer, with their clients' names."""
    return (
        QualitySample.objects.filter(
            werkplein_id=user.werkplein_id, reviewer=user, closed_at__isnull=True
        )
        .prefetch_related("clients")
        .order_by("-created_at")
    )
