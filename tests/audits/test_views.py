import datetime as dt

import pytest

from audits import services
from audits.models import Audit, Nonconformity, Result

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor_client(client, auditor_user):
    client.force_login(auditor_user)
    return client


def test_tablet_checklist_saves_one_item_and_raises_a_nonconformity(auditor_client, running_audit, head_user):
    page = auditor_client.get(f"/audits/{running_audit.pk}/checklist/")
    assert page.status_code == 200 and b'hx-post="/audits/checklist-items/' in page.content
    item = running_audit.items.order_by("order").first()
    response = auditor_client.post(f"/audits/checklist-items/{item.pk}/record/", {
        "result": "nonconform", "grade": "major", "clause": "4.2", "evidence": "窗口未公示办事指南",
        "version": item.version}, HTTP_HX_REQUEST="true")
    nc = Nonconformity.objects.get()
    assert response.status_code == 200 and b'data-saved="1"' in response.content
    assert nc.number.encode() in response.content and nc.grade == "major" and nc.description == "窗口未公示办事指南"
    other = running_audit.items.order_by("order").last()
    assert other.result == Result.PENDING  # the rest of the sheet is untouched


def test_refused_item_keeps_what_the_auditor_typed(auditor_client, running_audit):
    item = running_audit.items.first()
    response = auditor_client.post(f"/audits/checklist-items/{item.pk}/record/", {
        "result": "nonconform", "evidence": "叫号系统停用两小时", "version": item.version}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "请选择等级" in content and "叫号系统停用两小时" in content and 'data-saved' not in content
    assert not Nonconformity.objects.exists()


def test_audit_is_planned_generated_started_and_completed_through_the_pages(auditor_client, departments,
                                                                            standards_in_force, auditor_user):
    response = auditor_client.post("/audits/new/", {
        "title": "窗口服务专项审核", "lead_auditor": auditor_user.pk, "departments": [departments["market"].pk],
        "start_date": "2026-05-11", "end_date": "2026-05-12", "criteria": "服务标准体系"})
    audit = Audit.objects.get()
    assert response.status_code == 302 and audit.number == "NS-2026-01"
    auditor_client.post(f"/audits/{audit.pk}/checklist/generate/")
    assert audit.items.count() == 2
    auditor_client.post(f"/audits/{audit.pk}/checklist/add/", {"requirement": "抽查首问登记表",
                                                                "department": departments["market"].pk})
    assert audit.items.count() == 3
    auditor_client.post(f"/audits/{audit.pk}/start/", {"opening_notes": "首次会议"})
    for item in audit.items.all():
        auditor_client.post(f"/audits/checklist-items/{item.pk}/record/", {"result": "conform"})
    response = auditor_client.post(f"/audits/{audit.pk}/complete/", {"conclusion": "运行有效"})
    audit.refresh_from_db()
    assert response.status_code == 302 and audit.status == "completed"
    report = auditor_client.get(f"/audits/{audit.pk}/report/")
    assert report.status_code == 200 and report["Content-Disposition"].startswith("attachment")


def test_independence_refusal_is_shown_on_the_form(auditor_client, auditor_user, departments):
    response = auditor_client.post("/audits/new/", {"title": "x", "lead_auditor": auditor_user.pk,
                                                    "departments": [departments["office"].pk]})
    assert response.status_code == 200 and "不能审核本部门" in response.content.decode()


def test_copy_page_starts_next_years_audit(auditor_client, running_audit):
    response = auditor_client.post(f"/audits/{running_audit.pk}/copy/", {"start_date": "2027-03-01"})
    copy = Audit.objects.get(copied_from=running_audit)
    assert response.status_code == 302 and copy.items.count() == 2 and copy.number == "NS-2027-01"


def test_programme_shows_coverage_and_what_is_left_uncovered(client, office_user, auditor_user, departments,
                                                             standards_in_force):
    programme = services.programme_create(actor=office_user, year=2026, objectives="覆盖全部进驻部门")
    services.audit_create(actor=auditor_user, title="上半年审核", lead_auditor=auditor_user, programme=programme,
                          planned_month=3, departments=[departments["market"]], standards=[standards_in_force[0]])
    client.force_login(office_user)
    content = client.get("/audits/programmes/2026/").content.decode()
    uncovered = content.split('id="uncovered"')[1]
    assert "税务局窗口" in uncovered and "市场监督管理局窗口" not in uncovered
    assert "302 服务提供规范" in uncovered and "301 服务规范" not in uncovered


def test_home_shows_figures(client, manager_user, nonconformity):
    client.force_login(manager_user)
    content = client.get(f"/audits/?year={nonconformity.raised_on.year}").content.decode()
    assert 'data-figure="total">1<' in content and "市场监督管理局窗口" in content


def test_register_filters_by_grade_and_overdue(client, manager_user, nonconformity):
    client.force_login(manager_user)
    assert nonconformity.number in client.get("/audits/nonconformities/?grade=minor").content.decode()
    assert nonconformity.number not in client.get("/audits/nonconformities/?grade=major").content.decode()
    assert nonconformity.number not in client.get("/audits/nonconformities/?overdue=on").content.decode()
    assert nonconformity.number in client.get("/audits/nonconformities/?status=to_plan").content.decode()


def test_head_walks_the_steps_offered_on_the_page(client, head_user, auditor_user, nonconformity):
    client.force_login(head_user)
    page = client.get(f"/audits/nonconformities/{nonconformity.pk}/").content.decode()
    assert 'id="step-propose"' in page and 'id="step-accept"' not in page
    action = nonconformity.actions.get()
    response = client.post(f"/audits/corrective-actions/{action.pk}/propose/", {
        "propose-correction": "补签", "propose-why1": "未要求签字", "propose-why2": "培训未覆盖",
        "propose-root_cause": "培训缺失", "propose-action_plan": "每周抽查", "propose-owner": head_user.pk,
        "propose-due_date": (dt.date.today() - dt.timedelta(days=1)).isoformat()})
    assert response.status_code == 200 and "完成期限不能早于今天" in response.content.decode()
    client.force_login(auditor_user)
    page = client.get(f"/audits/nonconformities/{nonconformity.pk}/").content.decode()
    assert 'id="step-propose"' not in page


def test_closed_nonconformity_offers_only_reopen(client, auditor_user, head_user, nonconformity):
    action = nonconformity.actions.get()
    services.corrective_action_propose(actor=head_user, action=action, correction="c", why_chain=["w"],
                                       root_cause="r", action_plan="p", owner=head_user, due_date=dt.date.today())
    services.corrective_action_accept(actor=auditor_user, action=action)
    services.corrective_action_report_done(actor=head_user, action=action, completion_note="完成")
    services.corrective_action_verify(actor=auditor_user, action=action, note="ok",
                                      effectiveness_review_on=dt.date.today())
    services.corrective_action_judge_effectiveness(actor=auditor_user, action=action, effective=True, note="ok")
    client.force_login(auditor_user)
    page = client.get(f"/audits/nonconformities/{nonconformity.pk}/").content.decode()
    assert "已关闭，只读" in page and 'id="step-' not in page and "重新打开" in page
    response = client.post(f"/audits/nonconformities/{nonconformity.pk}/reopen/", {"reason": "回访再次发现"})
    assert response.status_code == 302
    assert Nonconformity.objects.get(pk=nonconformity.pk).status == "open"


def test_planned_audit_is_cancelled_with_a_reason(auditor_client, planned_audit):
    response = auditor_client.post(f"/audits/{planned_audit.pk}/cancel/", {"reason": ""})
    assert response.status_code == 200
    auditor_client.post(f"/audits/{planned_audit.pk}/cancel/", {"reason": "与上级督查时间冲突，并入下次审核"})
    planned_audit.refresh_from_db()
    assert planned_audit.status == "cancelled"
    assert planned_audit.status_changes.last().note == "与上级督查时间冲突，并入下次审核"
