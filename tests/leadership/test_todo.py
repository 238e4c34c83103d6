"""我的待办: a decision's owner sees it (overdue flagged), the office sees decisions to verify, and
targets behind go to the head of the responsible department or, centre-wide, to the office."""

import datetime as dt

import pytest
from django.urls import reverse

from qms.core.todo import todos_for
from qms.leadership.services import meetings

from .helpers import GE, known_figure, make_group, make_meeting, make_plan, today

pytestmark = pytest.mark.django_db


def _kinds(user, kind):
    return [t for t in todos_for(user) if t.kind == kind]


def test_the_owner_sees_the_decision_and_it_is_flagged_overdue(office_user, manager_user, head_user):
    meeting = make_meeting(office_user, make_group(office_user), [manager_user],
                           held_on=today() - dt.timedelta(days=30))
    late = meetings.decision_add(actor=office_user, meeting=meeting, text="开展专项整改", owner=head_user,
                                 due_on=today() - dt.timedelta(days=2))
    meetings.decision_add(actor=office_user, meeting=meeting, text="修订投诉处理规范", owner=head_user,
                          due_on=today() + dt.timedelta(days=5))
    items = _kinds(head_user, "落实领导小组决议")
    assert [(t.title, t.overdue) for t in items] == [("开展专项整改", True), ("修订投诉处理规范", False)]
    assert items[0].url == reverse("leadership-meeting-detail", args=[meeting.pk])
    assert not _kinds(manager_user, "落实领导小组决议")
    meetings.decision_complete(actor=head_user, decision=late, note="已完成")
    assert len(_kinds(head_user, "落实领导小组决议")) == 1
    assert [t.title for t in _kinds(office_user, "验证领导小组决议落实情况")] == ["开展专项整改"]


def test_targets_behind_go_to_the_departments_head_and_the_office(monkeypatch, office_user, manager_user,
                                                                  head_user, departments, role_users):
    known_figure(monkeypatch, "known_rate", value=92.0)
    make_plan(office_user, approved_by=manager_user, targets=[
        ("known_rate", GE, 95, None), ("known_rate", GE, 98, departments["market"]),
        ("known_rate", GE, 90, departments["tax"])])
    head_items = _kinds(head_user, "计划目标未达成")
    assert [t.title for t in head_items] == ["测试率（市场监督管理局窗口） 92.0%，目标 ≥ 98.0%"]
    assert [t.title for t in _kinds(office_user, "计划目标未达成")] == ["测试率 92.0%，目标 ≥ 95.0%"]
    for role in ("staff", "auditor", "manager"):
        assert not _kinds(role_users[role], "计划目标未达成")


def test_no_target_todo_without_an_approved_plan(monkeypatch, office_user, head_user, departments):
    known_figure(monkeypatch, "known_rate", value=50.0)
    make_plan(office_user, targets=[("known_rate", GE, 95, None), ("known_rate", GE, 95, departments["market"])])
    assert not _kinds(office_user, "计划目标未达成") and not _kinds(head_user, "计划目标未达成")
