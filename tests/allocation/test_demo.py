"""The demo's open proposal for the team lead: made once, decidable."""

from werkplein.allocation.demo import seed_open_proposal
from werkplein.allocation.models import CoachProposal, ProposalStatus


def test_seed_open_proposal(world):
    lead, team = world.users["team_lead"], world.team_shared
    proposal = seed_open_proposal(team=team, actor=lead)
    assert proposal.status == ProposalStatus.OPEN
    assert proposal.client.coach is None and proposal.client.team == team
    assert proposal.proposed_coach in (world.users["coach"], world.users["teammate"])
    assert seed_open_proposal(team=team, actor=lead) == proposal
    assert CoachProposal.objects.count() == 1
