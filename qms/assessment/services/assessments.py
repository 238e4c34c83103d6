"""Self-assessments: create, score, attach evidence, write the narrative, submit (freeze a
snapshot), and revise (a new draft after a submission; the submitted one stays as it was)."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from qms.core.errors import ApplicationError, TransitionRefused
from qms.core.history import save_with_reason
from qms.core.uploads import upload_check
from qms.core.workflow import transition

from .. import rules
from ..evidence import evidence_find, evidence_kind, evidence_url
from ..models import Assessment, EvidenceFile, EvidenceLink, Score, ScoringItem, ScoringTemplate
from ..workflows import ASSESSMENT_WORKFLOW
from .templates import require_editor, template_require_consistent

NARRATIVE_FIELDS = ("title", "overview", "work_done", "results", "problems", "improvement_plan",
                    "summary_organisation", "summary_system", "summary_implementation", "summary_improvement",
                    "summary_outlook")
EVIDENCE_FILE_KINDS = {"docx", "pdf", "xlsx", "jpg", "png"}


def _require_draft(assessment: Assessment):
    if assessment.status != Assessment.Status.DRAFT:
        raise TransitionRefused("该自评已提交，内容已冻结；如需修改请“修订为新草稿”。")


@transaction.atomic
def assessment_create(*, actor, template: ScoringTemplate, year: int, title: str = "") -> Assessment:
    """A draft self-assessment with an empty score row per item."""
    require_editor(actor)
    template_require_consistent(template)
    assessment = Assessment(template=template, year=year, created_by=actor,
                            title=title or f"{year} 年度标准化工作自评")
    save_with_reason(assessment, actor=actor, reason="新建自评")
    items = ScoringItem.objects.filter(section__template=template)
    for item in items:
        save_with_reason(Score(assessment=assessment, item=item), actor=actor, reason="新建自评")
    return assessment


def _score_for(assessment: Assessment, item_id: int) -> Score:
    try:
        return Score.objects.select_for_update().select_related("item", "assessment__template").get(
            assessment=assessment, item_id=item_id)
    except Score.DoesNotExist as exc:
        raise ApplicationError("该计分项不属于这份自评。") from exc


@transaction.atomic
def score_set(*, actor, assessment: Assessment, item_id: int, points=None, comment: str | None = None,
              veto_failed: bool | None = None) -> Score:
    """Record a score (0..max, in the template's steps), a comment, or a veto answer."""
    require_editor(actor)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require_draft(assessment)
    score = _score_for(assessment, item_id)
    item = score.item
    points = rules.to_decimal(points)
    if points is not None:
        refusal = rules.points_refusal(points, maximum=item.max_points, step=assessment.template.step)
        if refusal:
            raise ApplicationError(f"第 {item.code} 项“{item.title}”：{refusal}。", field="points")
    score.points = points
    if comment is not None:
        score.comment = comment.strip()
    if veto_failed is not None:
        if veto_failed and not item.is_veto:
            raise ApplicationError(f"第 {item.code} 项不是否决项。")
        score.veto_failed = veto_failed
    return save_with_reason(score, actor=actor, reason="自评打分")


@transaction.atomic
def evidence_link_add(*, actor, score: Score, kind: str, reference: str) -> EvidenceLink:
    require_editor(actor)
    _require_draft(score.assessment)
    found_kind = evidence_kind(kind)
    if found_kind is None:
        raise ApplicationError("不支持的证据类型。", field="kind")
    obj = evidence_find(found_kind, reference)
    if obj is None:
        raise ApplicationError(f"没有找到{found_kind.label}“{reference}”。", field="reference")
    link = EvidenceLink(score=score, kind=found_kind.key, object_id=str(obj.pk), label=str(obj)[:300],
                        url=evidence_url(found_kind, obj), added_by=actor)
    return save_with_reason(link, actor=actor, reason="添加证据")


@transaction.atomic
def evidence_file_add(*, actor, score: Score, upload) -> EvidenceFile:
    require_editor(actor)
    _require_draft(score.assessment)
    checked = upload_check(upload, allowed=EVIDENCE_FILE_KINDS)
    name = getattr(upload, "name", "") or f"证据.{checked.kind}"
    evidence = EvidenceFile(score=score, name=name[:200], sha256=checked.sha256, added_by=actor)
    evidence.file.save(f"evidence.{checked.kind}", ContentFile(checked.data), save=False)
    return save_with_reason(evidence, actor=actor, reason="上传证据文件")


@transaction.atomic
def evidence_remove(*, actor, evidence) -> None:
    require_editor(actor)
    _require_draft(evidence.score.assessment)
    evidence.delete()


@transaction.atomic
def assessment_update(*, actor, assessment: Assessment, **fields) -> Assessment:
    """The narrative sections of the 自评报告."""
    require_editor(actor)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require_draft(assessment)
    for name, value in fields.items():
        if name not in NARRATIVE_FIELDS:
            raise ApplicationError(f"不能修改字段：{name}")
        setattr(assessment, name, value)
    return save_with_reason(assessment, actor=actor, reason="编辑自评报告")


@transaction.atomic
def assessment_submit(*, actor, assessment: Assessment) -> Assessment:
    """Freeze the scores, the figures and the evidence list in a snapshot."""
    from ..selectors import assessment_snapshot

    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    ASSESSMENT_WORKFLOW.check(assessment, actor, "submit")
    assessment.snapshot = assessment_snapshot(assessment)
    assessment.submitted_by, assessment.submitted_at = actor, timezone.now()
    return transition(assessment, actor=actor, move="submit", workflow=ASSESSMENT_WORKFLOW,
                      reason="提交自评（冻结快照）")


@transaction.atomic
def assessment_revise(*, actor, assessment: Assessment) -> Assessment:
    """A new draft copying a submitted assessment's scores, comments and evidence links."""
    require_editor(actor)
    if assessment.status != Assessment.Status.SUBMITTED:
        raise TransitionRefused("只有已提交的自评可以修订为新草稿。")
    if assessment.revisions.exists():
        raise ApplicationError("这份自评已有修订草稿，请在最新版本上修改。")
    draft = Assessment(template=assessment.template, year=assessment.year, title=assessment.title,
                       previous=assessment, created_by=actor,
                       **{f: getattr(assessment, f) for f in NARRATIVE_FIELDS if f != "title"})
    save_with_reason(draft, actor=actor, reason=f"由已提交的自评 #{assessment.pk} 修订")
    for old in assessment.scores.prefetch_related("links", "files"):
        score = save_with_reason(Score(assessment=draft, item_id=old.item_id, points=old.points,
                                       veto_failed=old.veto_failed, comment=old.comment),
                                 actor=actor, reason="修订")
        for link in old.links.all():
            save_with_reason(EvidenceLink(score=score, kind=link.kind, object_id=link.object_id, label=link.label,
                                          url=link.url, added_by=link.added_by), actor=actor, reason="修订")
        for old_file in old.files.all():  # stored files are immutable: the draft cites the same file
            save_with_reason(EvidenceFile(score=score, file=old_file.file.name, name=old_file.name,
                                          sha256=old_file.sha256, added_by=old_file.added_by),
                             actor=actor, reason="修订")
    return draft
