"""Demo data of the allocation app: a client just through intake, waiting for the team lead to
confirm the coach the system proposed. Called from core.seeding.seed_demo."""

import datetime

from django.db import transaction
from django.utils import timezone

from werkplein.accounts.models import Team, User
from werkplein.allocation import services
from werkplein.allocation.models import CoachProposal, ProposalStatus
from werkplein.clients.models import Client, Segment
from werkplein.clients.services import save_new_client
from werkplein.core.seeding import bsn_sequence

DEMO_BSN_OFFSET = 7_000_000  # far from the demo's own clients (offset 0 upwards)


@transaction.atomic
def seed_open_proposal(
    *, team: Team, actor: User, today: datetime.date | None = None
) -> CoachProposal:
    """A new client of `team` without a coach, with the system's open coach proposal for the
    team lead. Idempotent: a second call returns the same open proposal."""
    today = today or timezone.localdate()
    bsn = next(bsn_sequence(DEMO_BSN_OFFSET))
    client = Client.objects.filter(werkplein_id=team.werkplein_id, bsn=bsn).first()
    if client is None:
        municipality = (
            team.werkplein.organisations.filter(kind="municipality").order_by("id").first()
        )
        client = Client(
            werkplein_id=team.werkplein_id,
            bsn=bsn,
            first_name="Dewi",
            last_name="Nieuwenhuis",
            date_of_birth=today.replace(year=today.year - 23, day=1),
            postcode="7201 KL",
            city="Zutphen",
            municipality=municipality,
            team=team,
            segment=Segment.INTENSIVE,
        )
        save_new_client(client, "")
    open_proposal = client.coach_proposals.filter(status=ProposalStatus.OPEN).first()
    if open_proposal is not None:
        return open_proposal
    return services.propose_coach(actor=actor, client=client, team=team)
