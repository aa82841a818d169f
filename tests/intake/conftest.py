import pytest

from werkplein.intake.models import RoutingRule


@pytest.fixture
def routing(world):
    """The demo's rules: under 27 → Jongeren, 45 and over → 45-plus; nothing for the rest."""
    wp = world.zutphen.werkplein
    young = RoutingRule.objects.create(
        werkplein=wp, position=10, name="Jongeren", max_age=26, team=world.team_shared
    )
    older = RoutingRule.objects.create(
        werkplein=wp, position=20, name="45-plus", min_age=45, team=world.team_private
    )
    return young, older
