"""Who may keep the leading group, its meetings and plans; the decisions' moves and refusals."""

import datetime as dt

import pytest

from qms.core.errors import ApplicationError, PermissionRefused, TransitionRefused
from qms.core.models import WorkflowEvent
from qms.leadership.models import Body, DecisionStatus, Membership, PlanTask, TaskStatus
from qms.leadership.services import bodies, meetings, plans
from qms.leadership.workflows import DECISION_WORKFLOW

from .helpers import GE, LEADER, MEMBER, make_group, make_meeting, make_plan, today

pytestmark = pytest.mark.django_db


def test_only_office_and_management_keep_the_group(role_users):
    for role in ("head", "auditor", "staff", "admin"):
        with pytest.raises(PermissionRefused):
            bodies.body_save(actor=role_users[role], kind=Body.Kind.GROUP, name="领导小组")
    group = make_group(role_users["manager"], (role_users["manager"], LEADER))
    assert group.memberships.get().get_role_display() == "组长"
    with pytest.raises(PermissionRefused):
        bodies.member_add(actor=role_users["head"], body=group, role=MEMBER, user=role_users["head"],
                          term_start=today())


def test_an_office_belongs_to_a_group(office_user):
    with pytest.raises(ApplicationError) as error:
        bodies.body_save(actor=office_user, kind=Body.Kind.OFFICE, name="办公室")
    assert error.value.field == "parent"


def test_a_member_who_leaves_stays_in_the_history(office_user, manager_user, head_user):
    group = make_group(office_user, (manager_user, LEADER), (head_user, MEMBER))
    member = group.memberships.get(user=head_user)
    bodies.member_leave(actor=office_user, member=member, term_end=dt.date(2025, 12, 31))
    assert [m.user for m in bodies.members_current(group, day=today())] == [manager_user]
    assert [m.user for m in bodies.members_current(group, day=dt.date(2025, 6, 1))] == [manager_user, head_user]
    assert Membership.objects.filter(user=head_user).exists()
    assert member.history.count() == 2
    with pytest.raises(ApplicationError):
        bodies.member_leave(actor=office_user, member=member, term_end=dt.date(2026, 1, 31))


def test_a_named_person_without_a_login_may_be_a_member(office_user):
    group = make_group(office_user)
    member = bodies.member_add(actor=office_user, body=group, role=MEMBER, person_name="吴晓峰",
                               position="市场监管局标准化股股长", term_start=today())
    assert member.name == "吴晓峰"
    with pytest.raises(ApplicationError):
        bodies.member_add(actor=office_user, body=group, role=MEMBER, term_start=today())


def test_a_current_member_is_not_added_twice(office_user, manager_user):
    group = make_group(office_user, (manager_user, LEADER))
    with pytest.raises(ApplicationError):
        bodies.member_add(actor=office_user, body=group, role=MEMBER, user=manager_user, term_start=today())


def test_meeting_needs_minutes_and_attendees_and_no_future_date(office_user, manager_user, head_user):
    group = make_group(office_user)
    with pytest.raises(ApplicationError):
        meetings.meeting_record(actor=office_user, body=group, title="会议", held_on=today(), minutes="",
                                attendees=[manager_user])
    with pytest.raises(ApplicationError):
        meetings.meeting_record(actor=office_user, body=group, title="会议", held_on=today(), minutes="纪要")
    with pytest.raises(ApplicationError):
        meetings.meeting_record(actor=office_user, body=group, title="会议", held_on=today() + dt.timedelta(days=1),
                                minutes="纪要", attendees=[manager_user])
    with pytest.raises(PermissionRefused):
        meetings.meeting_record(actor=head_user, body=group, title="会议", held_on=today(), minutes="纪要",
                                attendees=[manager_user])


def test_decision_moves_owner_completes_office_verifies(office_user, manager_user, head_user, staff_user):
    group = make_group(office_user)
    meeting = make_meeting(office_user, group, [manager_user, head_user])
    decision = meetings.decision_add(actor=office_user, meeting=meeting, text="开展专项整改", owner=head_user,
                                     due_on=today() + dt.timedelta(days=10))
    assert decision.department == head_user.department and decision.status == DecisionStatus.OPEN
    with pytest.raises(PermissionRefused):
        meetings.decision_complete(actor=staff_user, decision=decision, note="已完成")
    with pytest.raises(ApplicationError):
        meetings.decision_complete(actor=head_user, decision=decision, note=" ")
    decision = meetings.decision_complete(actor=head_user, decision=decision, note="整改方案已报送")
    assert decision.status == DecisionStatus.DONE and decision.completed_on == today()
    with pytest.raises(PermissionRefused):  # the owner does not verify their own work
        meetings.decision_verify(actor=head_user, decision=decision, effective=True, note="好")
    decision = meetings.decision_verify(actor=manager_user, decision=decision, effective=False, note="方案不具体")
    assert decision.status == DecisionStatus.OPEN
    decision = meetings.decision_complete(actor=head_user, decision=decision, note="补充了时间表")
    decision = meetings.decision_verify(actor=office_user, decision=decision, effective=True, note="已落实")
    assert decision.status == DecisionStatus.CLOSED and decision.verified_by == office_user
    with pytest.raises(TransitionRefused):
        meetings.decision_complete(actor=head_user, decision=decision, note="再次")
    moves = list(WorkflowEvent.objects.filter(workflow=DECISION_WORKFLOW.key).values_list("move", flat=True))
    assert moves == ["", "complete", "reject", "complete", "verify"]


def test_decision_due_date_not_before_the_meeting(office_user, manager_user):
    meeting = make_meeting(office_user, make_group(office_user), [manager_user])
    with pytest.raises(ApplicationError) as error:
        meetings.decision_add(actor=office_user, meeting=meeting, text="x", owner=manager_user,
                              due_on=today() - dt.timedelta(days=1))
    assert error.value.field == "due_on"


def test_plan_rules(office_user, manager_user, head_user, departments):
    with pytest.raises(PermissionRefused):
        make_plan(head_user)
    plan = make_plan(office_user)
    with pytest.raises(ApplicationError):  # one yearly plan per year
        make_plan(office_user)
    with pytest.raises(ApplicationError):  # approved by whom and when, together
        plans.plan_save(actor=office_user, plan=plan, kind=plan.kind, year=plan.year, title=plan.title,
                        approved_by=manager_user)
    with pytest.raises(ApplicationError):
        plans.target_set(actor=office_user, plan=plan, figure_key="no_such_figure", comparator=GE, value=90)
    with pytest.raises(ApplicationError):
        plans.target_set(actor=office_user, plan=plan, figure_key="coverage", comparator=GE, value=120)
    with pytest.raises(PermissionRefused):
        plans.target_set(actor=head_user, plan=plan, figure_key="coverage", comparator=GE, value=90)
    first = plans.target_set(actor=office_user, plan=plan, figure_key="coverage", comparator=GE, value=90)
    again = plans.target_set(actor=office_user, plan=plan, figure_key="coverage", comparator=GE, value=92)
    assert first.pk == again.pk and plan.targets.count() == 1


def test_task_status_by_office_or_the_departments_head(office_user, head_user, departments, role_users):
    plan = make_plan(office_user)
    own = plans.task_add(actor=office_user, plan=plan, text="窗口流程标准修订", due_month=6,
                         department=departments["market"])
    other = plans.task_add(actor=office_user, plan=plan, text="办税规范宣贯", due_month=7, department=departments["tax"])
    plans.task_set_status(actor=head_user, task=own, status=TaskStatus.ACTIVE)
    with pytest.raises(PermissionRefused):
        plans.task_set_status(actor=head_user, task=other, status=TaskStatus.DONE)
    with pytest.raises(PermissionRefused):
        plans.task_set_status(actor=role_users["staff"], task=own, status=TaskStatus.DONE)
    plans.task_set_status(actor=office_user, task=other, status=TaskStatus.DONE)
    assert dict(PlanTask.objects.values_list("text", "status")) == {"窗口流程标准修订": "active", "办税规范宣贯": "done"}
    with pytest.raises(ApplicationError):
        plans.task_add(actor=office_user, plan=plan, text="x", due_month=13)
