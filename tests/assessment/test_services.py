"""Self-assessment services against the database: the example template, scoring refusals,
suggested scores from known figures, evidence, submit (freeze) and revise."""

from decimal import Decimal as D

import pytest

from qms.assessment import selectors, services
from qms.assessment.models import Assessment, ScoringTemplate
from qms.core.errors import ApplicationError, PermissionRefused, TransitionRefused

from ..standards.helpers import make_in_force
from .helpers import example_assessment, fill_all, item, known_figure

pytestmark = pytest.mark.django_db


def test_example_template_is_named_as_example_and_adds_up(office_user):
    template = services.template_load_example(actor=office_user)
    assert template.name == "示例模板" and template.is_example
    assert services.template_problems(template) == []
    assert template.sections.count() == 6
    assert sum(s.max_points for s in template.sections.filter(is_bonus=False, is_veto=False)) == D("100")
    assert template.sections.get(is_veto=True).items.count() == 3


def test_staff_without_role_cannot_score_or_load_templates(staff_user, manager_user):
    with pytest.raises(PermissionRefused):
        services.template_load_example(actor=staff_user)
    template, assessment = example_assessment(manager_user)
    with pytest.raises(PermissionRefused):
        services.score_set(actor=staff_user, assessment=assessment, item_id=item(template, "领导机构").pk, points=2)


def test_score_over_the_maximum_or_off_step_is_refused(manager_user):
    template, assessment = example_assessment(manager_user)
    target = item(template, "领导机构")  # worth 4
    with pytest.raises(ApplicationError, match="0 至 4 分"):
        services.score_set(actor=manager_user, assessment=assessment, item_id=target.pk, points="4.5")
    with pytest.raises(ApplicationError, match="0.5 分递进"):
        services.score_set(actor=manager_user, assessment=assessment, item_id=target.pk, points="3.2")
    services.score_set(actor=manager_user, assessment=assessment, item_id=target.pk, points="3.5")
    assert assessment.scores.get(item=target).points == D("3.5")


def test_summary_total_and_gaps_follow_the_scores(manager_user):
    template, assessment = example_assessment(manager_user)
    fill_all(manager_user, assessment)
    summary = selectors.assessment_summary(assessment)
    assert summary.total == D("105") and summary.passed and summary.gaps == []
    services.score_set(actor=manager_user, assessment=assessment, item_id=item(template, "现场实施").pk, points=4)
    summary = selectors.assessment_summary(assessment)
    assert summary.total == D("99")
    assert [(g.item.title, g.shortfall) for g in summary.gaps] == [("现场实施符合标准", D("6"))]
    assert summary.gaps[0].missing_evidence == "实施检查记录"


def test_failed_veto_item_fails_the_assessment(manager_user):
    template, assessment = example_assessment(manager_user)
    fill_all(manager_user, assessment)
    veto = item(template, "弄虚作假")
    services.score_set(actor=manager_user, assessment=assessment, item_id=veto.pk, veto_failed=True)
    summary = selectors.assessment_summary(assessment)
    assert summary.total == D("105") and not summary.passed
    with pytest.raises(ApplicationError, match="不是否决项"):
        services.score_set(actor=manager_user, assessment=assessment, item_id=item(template, "领导机构").pk,
                           veto_failed=True)


def test_suggested_score_comes_from_the_bound_figure(manager_user, monkeypatch):
    from qms.core import figures

    known_figure(monkeypatch, "implementation_rate", "标准实施率", 76.0, target=95.0)
    monkeypatch.delitem(figures._REGISTRY, "training_rate", raising=False)  # as if its app were absent
    template, assessment = example_assessment(manager_user)
    rows = selectors.assessment_rows(assessment)
    by_title = {r.item.title: r for s in rows for r in s.items}
    suggestion = by_title["现场实施符合标准"].suggestion
    assert suggestion.points == D("8")  # 10 × 76/95 = 8.0
    assert "76.0%" in suggestion.explanation
    unbound = by_title["宣贯培训与岗位人员掌握"].suggestion  # training_rate not registered here
    assert unbound.points is None and "尚未提供" in unbound.explanation


def test_training_item_suggestion_also_weighs_the_test_pass_rate(manager_user, monkeypatch):
    """宣贯培训与岗位人员掌握 asks whether staff mastered the standards: 考核合格率 joins 参训率."""
    known_figure(monkeypatch, "training_rate", "参训率", 95.0, target=95.0)
    known_figure(monkeypatch, "training_pass_rate", "考核合格率", 81.0, target=90.0)
    known_figure(monkeypatch, "satisfaction_rate", "满意率", 98.0, target=98.0)
    known_figure(monkeypatch, "external_score_rate", "外部评价得分率", 88.0, target=None)
    _template, assessment = example_assessment(manager_user)
    by_title = {r.item.title: r for s in selectors.assessment_rows(assessment) for r in s.items}
    training = by_title["宣贯培训与岗位人员掌握"].suggestion
    assert training.points == D("7")  # 8 × min(95/95, 81/90) = 7.2 -> 7
    assert "考核合格率 81.0%（目标 90%）" in training.explanation
    satisfaction = by_title["服务对象满意度"].suggestion
    assert satisfaction.points == D("6") and "外部评价得分率 88.0%（无目标，仅供参考）" in satisfaction.explanation


def test_evidence_links_to_a_standard_by_code(manager_user, office_user):
    standard, _edition = make_in_force(office_user, code="301-01")
    template, assessment = example_assessment(manager_user)
    score = assessment.scores.get(item=item(template, "标准明细表"))
    link = services.evidence_link_add(actor=manager_user, score=score, kind="standard", reference="301-01")
    assert link.label == str(standard) and link.url == f"/standards/{standard.pk}/"
    with pytest.raises(ApplicationError, match="没有找到标准"):
        services.evidence_link_add(actor=manager_user, score=score, kind="standard", reference="999-99")


def test_submit_requires_every_item_scored(manager_user):
    template, assessment = example_assessment(manager_user)
    with pytest.raises(ApplicationError, match="未打分"):
        services.assessment_submit(actor=manager_user, assessment=assessment)


def test_submit_freezes_a_snapshot_and_revising_makes_a_new_draft(manager_user):
    template, assessment = example_assessment(manager_user)
    fill_all(manager_user, assessment, points=3)
    submitted = services.assessment_submit(actor=manager_user, assessment=assessment)
    assert submitted.status == Assessment.Status.SUBMITTED
    frozen_total = submitted.snapshot["total"]
    assert frozen_total == "57" and submitted.snapshot["sections"][0]["items"][0]["points"] == "3"
    with pytest.raises(TransitionRefused):
        services.score_set(actor=manager_user, assessment=submitted, item_id=item(template, "领导机构").pk, points=4)
    draft = services.assessment_revise(actor=manager_user, assessment=submitted)
    assert draft.status == Assessment.Status.DRAFT and draft.previous == submitted
    services.score_set(actor=manager_user, assessment=draft, item_id=item(template, "领导机构").pk, points=4)
    assert selectors.assessment_summary(draft).total == D("58")
    submitted.refresh_from_db()
    assert submitted.snapshot["total"] == frozen_total
    assert selectors.assessment_summary(submitted).total == D("57")
    assert [h.status for h in submitted.history.all()][:2] == ["submitted", "draft"]
    with pytest.raises(ApplicationError, match="已有修订草稿"):
        services.assessment_revise(actor=manager_user, assessment=submitted)


def test_assessment_refused_on_an_inconsistent_template(manager_user):
    template = services.template_load_example(actor=manager_user)
    services.item_save(actor=manager_user, section=template.sections.first(), item=item(template, "领导机构"),
                       max_points=D("5"))
    problems = services.template_problems(template)
    assert problems == ["“一、组织保障”各项分值合计 16 分，与标注的 15 分不符"]
    with pytest.raises(ApplicationError, match="分值不一致"):
        services.assessment_create(actor=manager_user, template=template, year=2026)


def test_unknown_figure_cannot_be_bound(manager_user):
    template = services.template_load_example(actor=manager_user)
    with pytest.raises(ApplicationError, match="没有名为"):
        services.item_save(actor=manager_user, section=template.sections.first(), item=item(template, "领导机构"),
                           figure_key="no_such_figure")
    assert ScoringTemplate.objects.count() == 1


def test_macro_documents_are_refused_as_assessment_evidence_and_templates(manager_user, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ..hostile import html_pdf, macro_docx, media_files

    _template, assessment = example_assessment(manager_user)
    score = assessment.scores.first()
    for name, data in (("证据.docx", macro_docx()), ("证据.pdf", html_pdf())):
        with pytest.raises(ApplicationError, match="宏|PDF"):
            services.evidence_file_add(actor=manager_user, score=score, upload=SimpleUploadedFile(name, data))
    with pytest.raises(ApplicationError, match="宏"):
        services.document_template_upload(actor=manager_user, kind="application_form",
                                          upload=SimpleUploadedFile("申请表.docx", macro_docx()))
    assert media_files(settings) == [] and not score.files.exists()
