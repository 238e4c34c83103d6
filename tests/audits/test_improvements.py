"""The continual-improvement register: entry with the figure's value before, completion with the
value after, refusals, the owner's to-do, and the management review's 持续改进 input."""

import datetime as dt
from decimal import Decimal

import pytest

from audits.evaluation.selectors.reviews import review_inputs
from audits.evaluation.services import reviews as review_svc
from audits.models import Improvement, ImprovementStatus
from audits.services import improvement_complete, improvement_create
from qms.core.errors import ApplicationError, PermissionRefused, TransitionRefused
from qms.core.todo import todos_for

pytestmark = pytest.mark.django_db
START = dt.date(2026, 3, 2)


def enter(actor, owner, department, **kw):
    fields = {"title": "缩短不动产登记等候时间", "source": "complaint", "source_ref": "TS-2026-003",
              "problem": "高峰期平均等候超过 40 分钟", "measures": "增设潮汐窗口，推行预约办理", "owner": owner,
              "department": department, "started_on": START, "due_on": START + dt.timedelta(days=60), **kw}
    return improvement_create(actor=actor, **fields)


def test_entered_numbered_and_completed_with_values_before_and_after(office_user, head_user, departments):
    item = enter(office_user, head_user, departments["market"], figure_key="satisfaction_rate",
                 value_before=Decimal("96.50"))
    assert item.number == "CI-2026-01" and item.status == ImprovementStatus.OPEN
    assert [t.kind for t in todos_for(head_user) if t.kind == "完成持续改进"] == ["完成持续改进"]
    done = improvement_complete(actor=head_user, improvement=item, result="等候降至 15 分钟",
                                completed_on=START + dt.timedelta(days=40), value_after=Decimal("98.70"))
    assert (done.status, done.value_before, done.value_after) == (ImprovementStatus.DONE, Decimal("96.50"),
                                                                  Decimal("98.70"))
    assert done.history.first().history_user == head_user
    assert not [t for t in todos_for(head_user) if t.kind == "完成持续改进"]
    with pytest.raises(TransitionRefused):
        improvement_complete(actor=office_user, improvement=done, result="再次完成")


def test_refusals_name_the_field(office_user, head_user, departments, role_users):
    with pytest.raises(ApplicationError, match="改进措施") as refusal:
        enter(office_user, head_user, departments["market"], measures=" ")
    assert refusal.value.field == "measures"
    with pytest.raises(ApplicationError, match="没有指标"):
        enter(office_user, head_user, departments["market"], figure_key="no_such_figure")
    with pytest.raises(ApplicationError, match="计划完成日期"):
        enter(office_user, head_user, departments["market"], due_on=START - dt.timedelta(days=1))
    for name in ("head", "auditor", "staff", "admin"):
        with pytest.raises(PermissionRefused):
            enter(role_users[name], head_user, departments["market"])
    item = enter(role_users["manager"], head_user, departments["market"])
    with pytest.raises(PermissionRefused):
        improvement_complete(actor=role_users["staff"], improvement=item, result="完成")
    with pytest.raises(ApplicationError, match="改进效果"):
        improvement_complete(actor=head_user, improvement=item, result="")
    assert Improvement.objects.count() == 1


def test_management_review_draws_on_the_register(office_user, manager_user, head_user, departments):
    enter(office_user, head_user, departments["market"])
    review = review_svc.review_create(actor=manager_user, title="2026年度管理评审", period_start=dt.date(2026, 1, 1),
                                      period_end=dt.date(2026, 12, 31), planned_on=dt.date(2026, 12, 20))
    section = {s.key: s for s in review_inputs(review)}["improvements"]
    assert section.available and section.rows[0][:3] == ["CI-2026-01", "缩短不动产登记等候时间", "投诉"]


def test_register_pages(client, office_user, head_user, departments):
    client.force_login(office_user)
    response = client.post("/audits/improvements/new/", {
        "title": "推行一次性告知", "source": "survey", "problem": "材料反复补正", "measures": "编制告知单",
        "department": departments["tax"].pk, "owner": head_user.pk, "started_on": "2026-03-02",
        "due_on": "2026-05-01"})
    assert response.status_code == 302
    page = client.get("/audits/improvements/").content.decode()
    assert "推行一次性告知" in page and "满意度调查" in page
    client.force_login(head_user)
    item = Improvement.objects.get()
    response = client.post(f"/audits/improvements/{item.pk}/complete/", {"result": "补正率下降一半"})
    assert response.status_code == 302 and Improvement.objects.get().status == ImprovementStatus.DONE
