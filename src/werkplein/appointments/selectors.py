from django.db.models import QuerySet
from django.utils import timezone

from werkplein.appointments.models import Appointment, AppointmentStatus
from werkplein.clients.models import Client


def upcoming_for(client: Client) -> QuerySet[Appointment]:
    """Planned appointments of a client already reached through clients.selectors.dossier_for."""
    return (
        Appointment.objects.filter(
            client=client, status=AppointmentStatus.PLANNED, starts_at__gte=timezone.now()
        )
        .select_related("coach")
        .order_by("starts_at")[:5]
    )


def dossier_card(user, client: Client) -> dict:
    """What the dossier page shows of appointments, for a client reached through dossier_for."""
    return {"appointments": upcoming_for(client)}
