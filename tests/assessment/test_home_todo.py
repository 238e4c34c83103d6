"""我的待办: each role's home page starts with what that person must do, with due dates, drawn from
the same rules as the pages where it is done; doing it empties the list."""

import datetime as dt

import pytest
from django.utils import timezone

from audits.evaluation.services import complaints as complaint_svc
from audits.models import CAStatus
from audits.services.nonconformities import nonconformity_acknowledge, nonconformity_raise
from qms.core.todo import todos_for
from standards import services as std
from standards.models import Acknowledgement

from ..standards.helpers import make_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(office_user, auditor_user, departments, head_user, manager_user):
    from qms.org.selectors import organisation_profile

    today = timezone.localdate()
    profile = organisation_profile()
    profile.consultation_min_working_days = 3  # a short consultation: five calendar days from today
    profile.save()
    standard, edition = make_in_force(office_user, applicable_departments=[departments["market"]])
    std.acknowledgements_request(edition=edition, actor=office_user)
    _s, draft_std = make_in_force(office_user, name="预约服务规范", number="Q/XZFW 301.02-2024")
    revision = std.edition_revision_start(actor=office_user, standard=draft_std.standard, reason="修订")
    consultation = std.consultation_open(actor=office_user, edition=revision, deadline=today + dt.timedelta(days=5),
                                         departments=[departments["market"]])
    complaint = complaint_svc.complaint_create(
        actor=office_user, channel="hotline", complainant_name="张三", description="等候时间长",
        department=departments["market"], received_on=today)
    nc = nonconformity_raise(actor=auditor_user, department=departments["market"], description="未按标准公示",
                             grade="minor", source="internal_audit")
    return {"edition": edition, "consultation": consultation, "complaint": complaint, "nc": nc, "today": today}


def kinds(user):
    return sorted(t.kind for t in todos_for(user))


def test_department_head_sees_what_to_do_with_due_dates(head_user, work):
    todos = todos_for(head_user)
    assert sorted(t.kind for t in todos) == ["反馈征求意见", "学习确认", "提交整改计划", "确认不符合项", "答复投诉"]
    due = {t.kind: t.due_on for t in todos}
    assert due["反馈征求意见"] == work["today"] + dt.timedelta(days=5)
    assert due["答复投诉"] == work["complaint"].due_on and due["学习确认"] is None
    assert [t.due_on is None for t in todos] == sorted(t.due_on is None for t in todos)  # dated first


def test_doing_the_things_empties_the_list(head_user, work):
    ack = Acknowledgement.objects.get(user=head_user, edition=work["edition"])
    std.acknowledgement_confirm(actor=head_user, acknowledgement=ack)
    std.comment_submit(actor=head_user, consultation=work["consultation"], clause="4.2", text="建议增加网上预约渠道")
    nonconformity_acknowledge(actor=head_user, nonconformity=work["nc"], note="情况属实")
    complaint_svc.complaint_investigate(actor=head_user, complaint=work["complaint"], note="核实")
    complaint_svc.complaint_reply(actor=head_user, complaint=work["complaint"], reply="已致歉", substantiated=True)
    assert kinds(head_user) == ["提交整改计划"]


def test_an_edition_no_longer_in_force_is_not_to_be_acknowledged(client, head_user, work, office_user):
    """The 学习确认 page and 我的待办 owe the same things: editions in force only."""
    std.edition_withdraw(actor=office_user, edition=work["edition"], reason="上级标准废止")
    assert "学习确认" not in kinds(head_user)
    client.force_login(head_user)
    assert work["edition"].number not in client.get("/standards/acknowledgements/").content.decode()


def test_other_roles_see_their_own_work(role_users, work, departments):
    assert kinds(role_users["staff"]) == []  # of the tax department: nothing asked of it
    assert "答复投诉" in kinds(role_users["office"])  # the office handles every complaint
    assert "确认不符合项" not in kinds(role_users["office"])
    auditor = role_users["auditor"]
    action = work["nc"].actions.get()
    assert action.status == CAStatus.TO_PLAN and kinds(auditor) == []


def test_home_page_lists_the_todos_and_links_the_dashboard(client, head_user, work):
    client.force_login(head_user)
    page = client.get("/").content.decode()
    assert page.count("todo-item") == 5 and "答复投诉" in page and 'href="/dashboard/"' in page
    assert 'id="my-figures"' in page
