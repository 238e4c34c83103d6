"""The demo's leading group and plans, loaded on the demo organisation alone (quick)."""

import io

import pytest

from qms.core.figures import figure_target
from qms.demo import leadership as demo_leadership
from qms.demo import org as demo_org
from qms.leadership.models import Body, Decision, Meeting, Plan
from qms.leadership.services.bodies import members_current

from .helpers import today

pytestmark = pytest.mark.django_db


def test_demo_group_meetings_and_plans():
    out = io.StringIO()
    demo_org.load(out)
    demo_leadership.load(out)
    group = Body.objects.get(kind=Body.Kind.GROUP)
    current = members_current(group, day=today())
    assert current[0].get_role_display() == "组长" and current[0].user.title == "中心主任"
    assert group.memberships.filter(term_end__isnull=False).count() == 1  # a former member, kept
    assert group.offices.get().memberships.filter(role="office_director").exists()
    first, second = Meeting.objects.order_by("held_on")
    assert {d.status for d in first.decisions.all()} == {"closed"}
    assert {d.status for d in second.decisions.all()} == {"open"}
    assert Decision.objects.filter(status="open", due_on__lt=today()).exists()  # one overdue
    plan = Plan.objects.get(kind=Plan.Kind.YEARLY, year=today().year)
    assert plan.approved and plan.targets.filter(department__isnull=False).count() >= 2
    assert {"coverage", "implementation_rate", "training_rate", "cases_on_time_rate", "satisfaction_rate"} <= set(
        plan.targets.values_list("figure_key", flat=True))
    assert figure_target("cases_mean_days") == 3.0
    demo_leadership.load(out)  # idempotent
    assert Body.objects.count() == 2 and Plan.objects.count() == 2
