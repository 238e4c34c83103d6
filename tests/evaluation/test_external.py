"""External evaluations (外部评价): recorded with scope and score, findings followed up into the
持续改进 register or a nonconformity (or closed with a reason), files through the upload gate,
the figure 外部评价得分率, the satisfaction page, the management review's input and 我的待办."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.evaluation.documents.summary import build_evaluation_summary_docx
from audits.evaluation.dossier import evaluation_summary_context
from audits.evaluation.models import ExternalKind, FollowUp
from audits.evaluation.selectors.reviews import review_inputs
from audits.evaluation.services.external import (
    external_attachment_add,
    external_evaluation_create,
    external_finding_add,
    external_finding_close,
    external_finding_improve,
    external_finding_raise_nonconformity,
)
from audits.evaluation.services.reviews import review_create
from audits.models import Improvement, Nonconformity
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.figures import figure_get, figure_value
from qms.core.todo import todos_for

from ..docs import docx_all_text
from ..hostile import png_bytes

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 5, 12)


def visit(actor, departments, **extra):
    fields = {"kind": ExternalKind.MYSTERY, "title": "二季度明察暗访", "held_on": DAY, "evaluator": "县效能办",
              "departments": [departments["market"], departments["tax"]], "score": Decimal("92"),
              "full_score": Decimal("100"), **extra}
    return external_evaluation_create(actor=actor, **fields)


def test_recorded_with_scope_and_score_and_only_by_the_office(office_user, head_user, departments):
    evaluation = visit(office_user, departments)
    assert set(evaluation.departments.values_list("code", flat=True)) == {"SCJG", "SW"}
    assert evaluation.score_rate == Decimal("92.00")
    assert evaluation.history.first().history_user == office_user
    with pytest.raises(ApplicationError, match="满分"):
        visit(office_user, departments, score=Decimal("11"), full_score=Decimal("10"))
    with pytest.raises(PermissionRefused):
        visit(head_user, departments)


def test_a_finding_raises_an_improvement_once(office_user, head_user, departments):
    finding = external_finding_add(actor=office_user, evaluation=visit(office_user, departments),
                                   text="午间窗口无人值守", department=departments["market"])
    improvement = external_finding_improve(actor=office_user, finding=finding, title="落实午间轮岗",
                                           measures="AB岗午间轮流值守", owner=head_user,
                                           department=departments["market"], due_on=dt.date(2026, 6, 30))
    assert isinstance(improvement, Improvement) and improvement.source == "external_evaluation"
    assert improvement.problem == "午间窗口无人值守" and improvement.started_on == DAY
    finding.refresh_from_db()
    assert (finding.follow_up, finding.follow_up_ref) == (FollowUp.IMPROVEMENT, improvement.number)
    with pytest.raises(ApplicationError, match="已跟进"):
        external_finding_close(actor=office_user, finding=finding, reason="重复")


def test_a_finding_raises_a_nonconformity_against_its_department(office_user, departments):
    evaluation = visit(office_user, departments)
    nowhere = external_finding_add(actor=office_user, evaluation=evaluation, text="大厅指引不清")
    with pytest.raises(ApplicationError, match="涉及部门"):
        external_finding_raise_nonconformity(actor=office_user, finding=nowhere, grade="minor", description="x")
    finding = external_finding_add(actor=office_user, evaluation=evaluation, text="未执行一次性告知",
                                   department=departments["tax"])
    nc = external_finding_raise_nonconformity(actor=office_user, finding=finding, grade="minor",
                                              description="未按一次性告知制出具告知单")
    assert isinstance(nc, Nonconformity) and nc.source == "external_evaluation" and nc.department == departments["tax"]
    assert "县效能办" in nc.evidence
    finding.refresh_from_db()
    assert finding.follow_up == FollowUp.NONCONFORMITY and finding.follow_up_ref == nc.number


def test_the_figure_weighs_each_evaluation_by_its_scale(office_user, departments):
    visit(office_user, departments)  # 92 / 100
    visit(office_user, departments, kind=ExternalKind.DEPUTIES, title="代表委员评议", score=Decimal("9.5"),
          full_score=Decimal("10"))
    visit(office_user, departments, kind=ExternalKind.THIRD_PARTY, title="无得分", score=None)
    value = figure_value("external_score_rate", as_of=dt.date(2026, 12, 31))
    assert (value.numerator, value.denominator) == (101.5, 110.0)
    assert value.value == 92.27
    assert "满分" in figure_get("external_score_rate").definition
    assert figure_value("external_score_rate", as_of=dt.date(2028, 1, 1)).value is None


def test_findings_without_follow_up_are_the_offices_todo(office_user, head_user, departments):
    evaluation = visit(office_user, departments)
    finding = external_finding_add(actor=office_user, evaluation=evaluation, text="叫号屏故障")
    today = dt.date(2026, 5, 20)
    assert [t.kind for t in todos_for(office_user, today=today)].count("跟进外部评价问题") == 1
    assert "跟进外部评价问题" not in [t.kind for t in todos_for(head_user, today=today)]
    external_finding_close(actor=office_user, finding=finding, reason="当场已修复")
    assert "跟进外部评价问题" not in [t.kind for t in todos_for(office_user, today=today)]


def test_attachments_pass_the_upload_gate(office_user, departments, client):
    evaluation = visit(office_user, departments)
    with pytest.raises(ApplicationError, match="文件类型不符"):
        external_attachment_add(actor=office_user, evaluation=evaluation,
                                upload=SimpleUploadedFile("report.pdf", b"#!/bin/sh\necho hi\n"))
    attachment = external_attachment_add(actor=office_user, evaluation=evaluation,
                                         upload=SimpleUploadedFile("现场照片.png", png_bytes()))
    client.force_login(office_user)
    page = client.get(reverse("external-detail", args=[evaluation.pk])).content.decode()
    assert "现场照片.png" in page
    assert client.get(reverse("external-attachment", args=[attachment.pk])).status_code == 200


def test_review_and_satisfaction_page_show_external_evaluations(office_user, manager_user, departments, client):
    evaluation = visit(office_user, departments)
    external_finding_add(actor=office_user, evaluation=evaluation, text="咨询台无人")
    review = review_create(actor=manager_user, title="2026 年管理评审", period_start=dt.date(2026, 1, 1),
                           period_end=dt.date(2026, 12, 31), planned_on=dt.date(2026, 12, 20))
    section = next(s for s in review_inputs(review, today=dt.date(2026, 12, 20)) if s.key == "external")
    assert section.available and "明察暗访 1 次" in section.lines[0] and "待跟进 1 项" in section.lines[0]
    assert section.rows[0][2] == "二季度明察暗访" and section.rows[0][5] == "92 / 100"
    client.force_login(manager_user)
    page = client.get(reverse("satisfaction-overview") + "?year=2026").content.decode()
    assert "二季度明察暗访" in page and "外部评价" in page
    summary = docx_all_text(build_evaluation_summary_docx(evaluation_summary_context(dt.date(2026, 12, 31))))
    assert "五、外部评价" in summary and "二季度明察暗访" in summary and "县效能办" in summary


def test_pages_for_every_role(office_user, role_users, departments, client):
    evaluation = visit(office_user, departments)
    finding = external_finding_add(actor=office_user, evaluation=evaluation, text="窗口着装不规范",
                                   department=departments["market"])
    for name, user in role_users.items():
        client.force_login(user)
        assert client.get(reverse("external-list") + "?year=2026").status_code == 200, name
        assert client.get(reverse("external-detail", args=[evaluation.pk])).status_code == 200, name
        office = name == "office"
        for url in (reverse("external-create"), reverse("external-finding-improve", args=[finding.pk]),
                    reverse("external-finding-nonconformity", args=[finding.pk])):
            assert client.get(url).status_code == (200 if office else 403), (name, url)


def test_office_records_an_evaluation_and_closes_a_finding_through_the_pages(office_client, departments):
    response = office_client.post(reverse("external-create"), {
        "kind": "third_party", "title": "2026 年度第三方满意度测评", "held_on": "2026-11-20",
        "evaluator": "某某调查咨询有限公司", "departments": [departments["market"].pk], "score": "96.4",
        "full_score": "100", "summary": "总体满意度较高"})
    assert response.status_code == 302
    detail = response["Location"]
    pk = int(detail.rstrip("/").split("/")[-1])
    office_client.post(reverse("external-finding-add", args=[pk]), {"text": "等候区座椅不足"})
    page = office_client.get(detail).content.decode()
    assert "等候区座椅不足" in page and "待跟进" in page and "96.4 / 100" in page


def test_follow_up_links_show_only_to_those_who_may_open_them(office_user, head_user, role_users, departments,
                                                              client):
    evaluation = visit(office_user, departments)
    finding = external_finding_add(actor=office_user, evaluation=evaluation, text="午休时段无人值守",
                                   department=departments["market"])
    improvement = external_finding_improve(actor=office_user, finding=finding, title="午间值守",
                                           measures="AB岗轮值", owner=head_user, department=departments["market"],
                                           due_on=dt.date(2026, 6, 30))
    for name, user in role_users.items():
        client.force_login(user)
        page = client.get(reverse("external-detail", args=[evaluation.pk])).content.decode()
        assert improvement.number in page, name
        linked = "/audits/improvements/#improvement-" in page
        assert linked == (name in ("office", "auditor", "manager", "head")), name
