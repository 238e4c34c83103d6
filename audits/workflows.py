"""The workflows of audits, nonconformities and corrective-action rounds, declared once.

Who makes each move: the audit team (an auditor on the audit), the head of the nonconformity's
department, or an auditor from another department (independence). See `qms.core.workflow`."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.workflow import Move, Rule, Workflow, workflow_register

from .models import AuditStatus, CAStatus, NCStatus
from .permissions import can_answer_nonconformity, can_judge_nonconformity, can_manage_audits

A, C = AuditStatus, CAStatus


def _on_team(user, audit) -> bool:
    return can_manage_audits(user) and (
        user.pk == audit.lead_auditor_id or audit.team.filter(pk=user.pk).exists())


TEAM = Rule(_on_team, lambda user, audit: _("只有审核 %(n)s 的审核组成员可以进行此操作。") % {"n": audit.number})
AUDITORS = Rule(lambda user, audit: can_manage_audits(user), _("只有内审员可以策划和实施内部审核。"))


def _has_items(audit, context):
    if not audit.items.exists():
        return _("检查表为空：请先生成或添加检查项，再开始审核。")
    return None


def _team_fit(audit, context):
    """The audit-team rule (`audits.services.auditors.audit_team_refusal`): qualified on every day
    of the audit, and independent of the audited departments."""
    from .services.auditors import audit_team_refusal

    return audit_team_refusal(audit, today=context.get("today"))


def _ready_to_start(audit, context):
    return _has_items(audit, context) or _team_fit(audit, context)


def _all_recorded(audit, context):
    from .models import Result

    pending = audit.items.filter(result=Result.PENDING).count()
    if pending:
        return _("还有 %(n)d 个检查项未记录结果，不能结束审核。") % {"n": pending}
    return None


AUDIT_WORKFLOW = workflow_register(Workflow(
    key="audit", label=_("内部审核"), model="audits.Audit", statuses=A,
    describe=lambda audit: str(_("审核 %(n)s") % {"n": audit.number}),
    moves=(
        Move("start", (A.PLANNED,), A.IN_PROGRESS, _("开始审核"), TEAM, _ready_to_start, view="audit-start",
             style="success"),
        Move("cancel", (A.PLANNED,), A.CANCELLED, _("取消"), AUDITORS, reason_required=True, view="audit-cancel",
             style="outline-danger"),
        Move("complete", (A.IN_PROGRESS,), A.COMPLETED, _("结束审核"), TEAM, _all_recorded,
             view="audit-complete", style="success"),
    ),
))


def _department_refusal(user, obj) -> str:
    nc = getattr(obj, "nonconformity", obj)
    return _("只有“%(d)s”的部门负责人可以办理这一步。") % {"d": nc.department}


def _auditor_refusal(user, obj) -> str:
    nc = getattr(obj, "nonconformity", obj)
    if getattr(user, "department_id", None) == nc.department_id:
        return _("独立性要求：内审员不能对本部门的不符合项办理这一步。")
    return _("只有内审员可以办理这一步。")


def _nc(obj):
    return getattr(obj, "nonconformity", obj)


DEPARTMENT = Rule(lambda user, obj: can_answer_nonconformity(user, _nc(obj)), _department_refusal)
INDEPENDENT_AUDITOR = Rule(lambda user, obj: can_judge_nonconformity(user, _nc(obj)), _auditor_refusal)

NONCONFORMITY_WORKFLOW = workflow_register(Workflow(
    key="nonconformity", label=_("不符合项"), model="audits.Nonconformity", statuses=NCStatus,
    describe=lambda nc: str(_("不符合项 %(n)s") % {"n": nc.number}),
    moves=(
        Move("close", (NCStatus.OPEN,), NCStatus.CLOSED, _("关闭"), INDEPENDENT_AUDITOR, button=False),
        Move("reopen", (NCStatus.CLOSED,), NCStatus.OPEN, _("重新打开"), INDEPENDENT_AUDITOR,
             reason_required=True, view="nonconformity-reopen", style="outline-danger"),
    ),
))


def _nonconformity_open(action, context):
    if action.nonconformity.status == NCStatus.CLOSED:
        return _("不符合项 %(n)s 已关闭，只读。") % {"n": action.nonconformity.number}
    return None


def _effectiveness_due(action, context):
    today = context.get("today") or timezone.localdate()
    if action.effectiveness_review_on and today < action.effectiveness_review_on:
        return _("有效性评价期至 %(d)s，届时才能评价。") % {"d": action.effectiveness_review_on}
    return _nonconformity_open(action, context)


def _ca_move(name, sources, target, label, who, *, step, condition=_nonconformity_open, **extra):
    return Move(name, sources, target, label, who, condition, view="corrective-action-step", step=step, **extra)


CORRECTIVE_ACTION_WORKFLOW = workflow_register(Workflow(
    key="corrective_action", label=_("纠正措施"), model="audits.CorrectiveAction", statuses=C,
    describe=lambda action: str(_("%(n)s 第 %(r)d 轮纠正措施") % {"n": action.nonconformity.number,
                                                                 "r": action.round}),
    moves=(
        _ca_move("propose", (C.TO_PLAN,), C.TO_REVIEW, _("提交整改计划"), DEPARTMENT, step="propose",
                 style="primary"),
        _ca_move("accept", (C.TO_REVIEW,), C.IMPLEMENTING, _("同意计划"), INDEPENDENT_AUDITOR, step="accept",
                 style="primary"),
        _ca_move("return_plan", (C.TO_REVIEW,), C.TO_PLAN, _("退回计划"), INDEPENDENT_AUDITOR, step="return",
                 reason_required=True, style="outline-danger"),
        _ca_move("report", (C.IMPLEMENTING,), C.TO_VERIFY, _("报告完成"), DEPARTMENT, step="report",
                 style="primary"),
        _ca_move("verify", (C.TO_VERIFY,), C.VERIFIED, _("验证通过"), INDEPENDENT_AUDITOR, step="verify",
                 style="primary"),
        _ca_move("return_work", (C.TO_VERIFY,), C.IMPLEMENTING, _("验证未通过，退回"), INDEPENDENT_AUDITOR,
                 step="return", reason_required=True, style="outline-danger"),
        _ca_move("effective", (C.VERIFIED,), C.EFFECTIVE, _("评价有效并关闭"), INDEPENDENT_AUDITOR, step="judge",
                 condition=_effectiveness_due, reason_required=True, style="primary"),
        _ca_move("ineffective", (C.VERIFIED,), C.INEFFECTIVE, _("评价无效，重新整改"), INDEPENDENT_AUDITOR,
                 step="judge", condition=_effectiveness_due, reason_required=True, style="outline-danger"),
    ),
))
