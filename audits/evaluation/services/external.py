"""External evaluations (外部评价): record one with its scope and score, add its findings and
files, and follow each finding up: raise an improvement in the 持续改进 register or a
nonconformity (through the audit app's services, see `sources`), or close it with a reason.
A finding is followed up once."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason
from qms.core.uploads import upload_check

from .. import sources
from ..models import ExternalAttachment, ExternalEvaluation, ExternalFinding, ExternalKind, FollowUp
from ..permissions import can_manage_evaluation

ATTACHMENT_KINDS = {"jpg", "png", "pdf", "docx", "xlsx"}


def _require_office(actor):
    if not can_manage_evaluation(actor):
        raise PermissionRefused(_("只有标准化办公室可以登记外部评价。"))


@transaction.atomic
def external_evaluation_create(*, actor, kind: str, title: str, held_on: dt.date, evaluator: str,
                               departments=(), scope: str = "", score: Decimal | None = None,
                               full_score: Decimal = Decimal("100"), summary: str = "") -> ExternalEvaluation:
    """Record an external evaluation; `score` is on the evaluation's own scale (`full_score` points)."""
    _require_office(actor)
    if kind not in ExternalKind.values:
        raise ApplicationError(_("评价方式无效。"), field="kind")
    for field, value, label in (("title", title, _("名称")), ("evaluator", evaluator, _("评价机构/人员"))):
        if not (value or "").strip():
            raise ApplicationError(_("请填写%(f)s。") % {"f": label}, field=field)
    if score is not None and not Decimal(0) <= score <= full_score:
        raise ApplicationError(_("得分应在 0 到满分 %(m)s 之间。") % {"m": format(full_score.normalize(), "f")}, field="score")
    evaluation = save_with_reason(
        ExternalEvaluation(kind=kind, title=title.strip(), held_on=held_on, evaluator=evaluator.strip(),
                           scope=(scope or "").strip(), score=score, full_score=full_score,
                           summary=(summary or "").strip(), created_by=actor),
        actor=actor, reason=_("登记外部评价"))
    evaluation.departments.set(departments)
    return evaluation


@transaction.atomic
def external_finding_add(*, actor, evaluation: ExternalEvaluation, text: str, department=None) -> ExternalFinding:
    _require_office(actor)
    if not (text or "").strip():
        raise ApplicationError(_("请填写发现的问题。"), field="text")
    return save_with_reason(ExternalFinding(evaluation=evaluation, text=text.strip(), department=department),
                            actor=actor, reason=_("登记外部评价发现的问题"))


def _open_finding(finding: ExternalFinding) -> ExternalFinding:
    finding = (ExternalFinding.objects.select_for_update(of=("self",)).select_related("evaluation", "department")
               .get(pk=finding.pk))
    if finding.follow_up:
        raise ApplicationError(_("该问题已跟进：%(f)s %(r)s") % {"f": finding.get_follow_up_display(),
                                                             "r": finding.follow_up_ref})
    return finding


def _followed(finding, *, actor, follow_up: str, ref: str) -> ExternalFinding:
    finding.follow_up, finding.follow_up_ref = follow_up, ref
    return save_with_reason(finding, actor=actor, reason=_("跟进：%(f)s %(r)s") % {
        "f": finding.get_follow_up_display(), "r": ref})


def _source_ref(finding) -> str:
    return f"{finding.evaluation.get_kind_display()} {finding.evaluation.held_on:%Y-%m-%d}"[:50]


@transaction.atomic
def external_finding_improve(*, actor, finding: ExternalFinding, title: str, measures: str, owner, department,
                             due_on: dt.date, started_on: dt.date | None = None, figure_key: str = ""):
    """Raise an improvement (source: 外部评价) in the 持续改进 register from the finding."""
    _require_office(actor)
    finding = _open_finding(finding)
    create = sources.improvement_creator()
    if create is None:
        raise ApplicationError(_("持续改进登记尚未启用。"))
    improvement = create(actor=actor, title=title, source="external_evaluation", source_ref=_source_ref(finding),
                         problem=finding.text, measures=measures, owner=owner, department=department,
                         started_on=started_on or finding.evaluation.held_on, due_on=due_on, figure_key=figure_key)
    _followed(finding, actor=actor, follow_up=FollowUp.IMPROVEMENT, ref=improvement.number)
    return improvement


@transaction.atomic
def external_finding_raise_nonconformity(*, actor, finding: ExternalFinding, grade: str, description: str,
                                         clause: str = ""):
    """Raise a nonconformity (source: 外部评价) against the finding's department."""
    _require_office(actor)
    finding = _open_finding(finding)
    if finding.department is None:
        raise ApplicationError(_("请先为该问题指明涉及部门，才能开具不符合项。"))
    raise_nc = sources.nonconformity_raiser()
    if raise_nc is None:
        raise ApplicationError(_("内审与不符合项模块尚未启用。"))
    evaluation = finding.evaluation
    evidence = _("%(k)s（%(d)s，%(e)s）：%(t)s") % {"k": evaluation.get_kind_display(), "d": evaluation.held_on,
                                                  "e": evaluation.evaluator, "t": finding.text}
    nc = raise_nc(actor=actor, department=finding.department, clause=(clause or "").strip(),
                  description=(description or "").strip(), evidence=evidence, grade=grade,
                  source="external_evaluation", source_ref=_source_ref(finding))
    _followed(finding, actor=actor, follow_up=FollowUp.NONCONFORMITY, ref=getattr(nc, "number", "") or str(nc.pk))
    return nc


@transaction.atomic
def external_finding_close(*, actor, finding: ExternalFinding, reason: str) -> ExternalFinding:
    """Close a finding that needs no action (already corrected on the spot, outside the centre's remit)."""
    _require_office(actor)
    finding = _open_finding(finding)
    if not (reason or "").strip():
        raise ApplicationError(_("请说明无需整改的理由。"), field="reason")
    return _followed(finding, actor=actor, follow_up=FollowUp.NO_ACTION, ref=reason.strip()[:300])


@transaction.atomic
def external_attachment_add(*, actor, evaluation: ExternalEvaluation, upload) -> ExternalAttachment:
    """Keep the evaluation's report, score sheet or photos (content-checked by the upload gate)."""
    _require_office(actor)
    checked = upload_check(upload, allowed=ATTACHMENT_KINDS)
    attachment = ExternalAttachment(evaluation=evaluation, kind=checked.kind, sha256=checked.sha256,
                                    name=(getattr(upload, "name", "") or f"report.{checked.kind}")[:200],
                                    uploaded_by=actor)
    attachment.file.save(f"report.{checked.kind}", ContentFile(checked.data), save=False)
    return save_with_reason(attachment, actor=actor, reason=_("上传外部评价附件"))
