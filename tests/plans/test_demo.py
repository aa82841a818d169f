"""The demo plan: realistic, and idempotent."""

import datetime

from werkplein.plans.demo import seed_demo_plan
from werkplein.plans.models import ActivityStatus, JobApplication, LadderStep, Plan
from werkplein.plans.selectors import progress_for


def test_seed_demo_plan(world):
    client, coach = world.client_user_client, world.users["coach"]
    today = datetime.date.today()
    plan = seed_demo_plan(client=client, coach=coach, today=today)
    assert plan.goals.count() == 3
    assert plan.activities.count() == 6
    assert plan.activities.filter(status=ActivityStatus.DONE).count() == 3
    assert (plan.applications_required, plan.obligation_weeks) == (4, 4)
    assert not plan.is_accepted
    progress = progress_for(world.users["client"], client, today)
    assert progress.current_rung.rung == 4 and len(progress.ladder) == 3
    assert progress.obligation.count == 3  # below target: the card shows it
    assert progress.next_activity is not None

    again = seed_demo_plan(client=client, coach=coach, today=today)
    assert again.pk == plan.pk
    assert Plan.objects.count() == 1
    assert LadderStep.objects.count() == 3 and JobApplication.objects.count() == 5
