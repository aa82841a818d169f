"""Who may do what with appointments. Reach itself (which clients a staff user may see) is
decided in core.access; these predicates assume the client was reached through a selector."""

import datetime

import rules
from django.conf import settings
from django.utils import timezone

from werkplein.accounts.models import Role


@rules.predicate
def is_planner(user) -> bool:
    """Staff who plan appointments with clients: coaches and team leads."""
    return user.is_authenticated and user.role in (Role.COACH, Role.TEAM_LEAD)


@rules.predicate
def is_client(user) -> bool:
    return user.is_authenticated and user.role == Role.CLIENT


@rules.predicate
def is_own_client_record(user, client) -> bool:
    return client is not None and client.user_id is not None and client.user_id == user.pk


@rules.predicate
def owns_appointment(user, appointment) -> bool:
    return appointment is not None and appointment.client.user_id == user.pk


def cutoff() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.WERKPLEIN_APPOINTMENT_CUTOFF_HOURS)


@rules.predicate
def before_cutoff(user, appointment) -> bool:
    """A client changes an appointment himself only until the cut-off before its start."""
    return appointment is not None and timezone.now() < appointment.starts_at - cutoff()


@rules.predicate
def is_planned(user, appointment) -> bool:
    return appointment is not None and appointment.status == "planned"


# The object of book_for is the client the appointment is for.
rules.add_perm("appointments.book_for", is_planner | (is_client & is_own_client_record))
# Moving or cancelling: the client his own appointment (the cut-off is checked by the service,
# which explains it); staff any appointment of a client they reach.
rules.add_perm("appointments.change_appointment", is_planner | (is_client & owns_appointment))
# Whether the client may still change it himself now (shows or hides his buttons).
rules.add_perm(
    "appointments.change_own_now", is_client & owns_appointment & is_planned & before_cutoff
)
rules.add_perm("appointments.schedule_appointment", is_planner)
rules.add_perm("appointments.register_outcome", is_planner)
rules.add_perm("appointments.manage_availability", is_planner)
