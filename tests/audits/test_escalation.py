import datetime as dt

import pytest
import time_machine

from audits import services
from audits.models import CorrectiveAction
from audits.selectors.nonconformities import corrective_actions_overdue
from audits.tasks import corrective_actions_escalate_task
from qms.core.models import Notification

pytestmark = pytest.mark.django_db


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(9, 0)), tick=False)


def test_beat_schedule_runs_the_escalation_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["audits-escalate-overdue"]
    assert entry["task"] == "audits.corrective_actions_escalate"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}  # every day at 07:00


def test_missing_plan_is_escalated_to_head_and_management_once_then_weekly(head_user, manager_user, nonconformity,
                                                                           staff_user):
    action = nonconformity.actions.get()
    due = action.plan_due
    with at(due):
        assert corrective_actions_escalate_task.delay().get() == 0  # on the deadline day: not yet late
    with at(due + dt.timedelta(days=1)):
        assert list(corrective_actions_overdue()) == [action]
        assert corrective_actions_escalate_task.delay().get() == 1
        assert corrective_actions_escalate_task.delay().get() == 0  # same day again: no duplicate
    notes = Notification.objects.filter(verb="overdue")
    assert {n.recipient for n in notes} == {head_user, manager_user}
    assert all(nonconformity.number in n.message and "逾期 1 天" in n.message for n in notes)
    assert not Notification.objects.filter(recipient=staff_user).exists()
    with at(due + dt.timedelta(days=5)):
        assert services.corrective_actions_escalate() == 0
    with at(due + dt.timedelta(days=8)):
        assert services.corrective_actions_escalate() == 1
    assert CorrectiveAction.objects.get(pk=action.pk).escalated_on == due + dt.timedelta(days=8)


def test_late_implementation_is_overdue_but_a_plan_in_review_is_not(head_user, auditor_user, nonconformity):
    action = nonconformity.actions.get()
    due = dt.date.today() + dt.timedelta(days=3)
    services.corrective_action_propose(actor=head_user, action=action, correction="c", why_chain=["w"],
                                       root_cause="r", action_plan="p", owner=head_user, due_date=due)
    with at(action.plan_due + dt.timedelta(days=2)):
        assert services.corrective_actions_escalate() == 0  # the plan is with the auditor
    services.corrective_action_accept(actor=auditor_user, action=action)
    with at(due + dt.timedelta(days=1)):
        assert services.corrective_actions_escalate() == 1
    message = Notification.objects.filter(verb="overdue", recipient=head_user).get().message
    assert "实施中" in message and str(due) in message
