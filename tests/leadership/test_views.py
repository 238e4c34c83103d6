"""The pages: reachable from the nav, readable by every login, editable only by the office and
management (403 for the others), the plan's targets beside the live figures, the Word download."""

import datetime as dt

import pytest
from django.urls import reverse

from qms.core.documents.docx import docx_text
from qms.leadership.models import Body, Decision, Meeting, Plan, PlanTarget

from .helpers import GE, LEADER, known_figure, make_group, make_plan, today

pytestmark = pytest.mark.django_db


def test_nav_links_the_page_and_every_login_reads_it(role_users, client, office_user, manager_user):
    make_group(office_user, (manager_user, LEADER))
    for user in role_users.values():
        client.force_login(user)
        assert reverse("leadership-home") in client.get(reverse("home")).content.decode()
        page = client.get(reverse("leadership-home"))
        assert page.status_code == 200 and "组长" in page.content.decode()


@pytest.mark.parametrize("name", ["leadership-body-create", "leadership-meeting-create", "leadership-plan-create"])
def test_edit_pages_refuse_who_may_not_edit(name, role_users, client):
    for role, user in role_users.items():
        client.force_login(user)
        expected = 200 if role in ("office", "manager") else 403
        assert client.get(reverse(name)).status_code == expected, role
        if expected == 403:
            assert client.post(reverse(name), {"name": "x", "title": "x"}).status_code == 403


def test_office_records_a_meeting_and_a_decision_through_the_pages(office_user, manager_user, head_user, client):
    group = make_group(office_user, (manager_user, LEADER))
    client.force_login(office_user)
    response = client.post(reverse("leadership-meeting-create"), {
        "body": group.pk, "title": "领导小组第二次会议", "held_on": today().isoformat(), "attendees": [manager_user.pk],
        "minutes": "听取年度计划执行情况。"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    client.post(reverse("leadership-decision-add", args=[meeting.pk]), {
        "text": "开展专项整改", "owner": head_user.pk, "due_on": (today() + dt.timedelta(days=7)).isoformat()})
    decision = Decision.objects.get()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "开展专项整改" in page and "leadership_decision:complete" in page
    client.force_login(head_user)
    assert "leadership_decision:complete" in client.get(meeting.get_absolute_url()).content.decode()
    assert client.post(reverse("leadership-decision-add", args=[meeting.pk]), {"text": "x"}).status_code == 403
    client.post(reverse("leadership-decision-complete", args=[decision.pk]), {"note": "已完成"})
    decision.refresh_from_db()
    assert decision.status == "done"
    assert client.get(reverse("leadership-decision-verify", args=[decision.pk])).status_code == 403
    client.force_login(manager_user)
    client.post(reverse("leadership-decision-verify", args=[decision.pk]), {"decision": "verify", "note": "已落实"})
    decision.refresh_from_db()
    assert decision.status == "closed"


def test_plan_page_shows_targets_beside_live_figures(monkeypatch, office_user, manager_user, head_user,
                                                     departments, client):
    known_figure(monkeypatch, "known_rate", value=92.0)
    plan = make_plan(office_user, approved_by=manager_user, targets=[("known_rate", GE, 95, None),
                                                                     ("known_rate", GE, 90, departments["market"])])
    client.force_login(head_user)
    page = client.get(reverse("leadership-plan-detail", args=[plan.pk])).content.decode()
    assert 'data-target="known_rate" data-behind="1"' in page and 'data-target="known_rate" data-behind="0"' in page
    assert "≥ 95.0%" in page and "92.0%" in page and "1 项未达成" in page
    assert reverse("leadership-target-add", args=[plan.pk]) not in page
    target = PlanTarget.objects.first()
    assert client.post(reverse("leadership-target-remove", args=[target.pk])).status_code == 403
    client.force_login(office_user)
    response = client.post(reverse("leadership-target-add", args=[plan.pk]),
                           {"figure_key": "coverage", "comparator": "ge", "value": "90"})
    assert response.status_code == 302 and plan.targets.count() == 3


def test_plan_word_document(office_user, manager_user, departments, client):
    from qms.leadership.services import plans

    plan = make_plan(office_user, approved_by=manager_user, targets=[("coverage", GE, 90, None)])
    plans.task_add(actor=office_user, plan=plan, text="组织年度内部审核", due_month=9, department=departments["market"])
    client.force_login(office_user)
    response = client.get(reverse("leadership-plan-docx", args=[plan.pk]))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert plan.title in text and "组织年度内部审核" in text and "标准覆盖率" in text and "≥ 90.0%" in text
    assert f"{plan.year}年1月15日" in text


def test_body_and_member_pages(office_user, manager_user, client):
    client.force_login(office_user)
    client.post(reverse("leadership-body-create"), {"kind": "group", "name": "标准化工作领导小组", "order": 0})
    group = Body.objects.get()
    client.post(reverse("leadership-member-add", args=[group.pk]), {
        "user": manager_user.pk, "role": "leader", "term_start": today().isoformat()})
    member = group.memberships.get()
    assert member.position == manager_user.title
    client.post(reverse("leadership-member-leave", args=[member.pk]), {"term_end": today().isoformat()})
    member.refresh_from_db()
    assert member.term_end == today()
    assert Plan.objects.count() == 0
