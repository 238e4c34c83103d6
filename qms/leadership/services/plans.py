"""The 实施方案 and the yearly 工作计划: the record (approved by whom, when), its tasks and its
figure targets. An approved yearly plan's centre-wide targets become the figures' targets
(`services.targets.plan_target_for_figure`)."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.figures import figure_get
from qms.core.history import save_with_reason

from ..models import Comparator, Plan, PlanTarget, PlanTask, TaskStatus
from ..permissions import can_update_task
from .bodies import require_editor


@transaction.atomic
def plan_save(*, actor, plan: Plan | None = None, kind: str, year: int, title: str, document_number: str = "",
              summary: str = "", approved_by=None, approved_on: dt.date | None = None) -> Plan:
    """Create or change a plan. Approval is recorded with both who approved it and when."""
    require_editor(actor)
    if not (title or "").strip():
        raise ApplicationError(_("请填写标题。"), field="title")
    if (approved_by is None) != (approved_on is None):
        raise ApplicationError(_("批准人和批准日期须同时填写。"), field="approved_on")
    if kind == Plan.Kind.YEARLY and Plan.objects.filter(kind=kind, year=year).exclude(
            pk=getattr(plan, "pk", None)).exists():
        raise ApplicationError(_("%(y)d年度工作计划已存在。") % {"y": year}, field="year")
    is_new = plan is None
    plan = plan or Plan(created_by=actor)
    plan.kind, plan.year, plan.title = kind, year, title.strip()
    plan.document_number, plan.summary = (document_number or "").strip(), (summary or "").strip()
    plan.approved_by, plan.approved_on = approved_by, approved_on
    return save_with_reason(plan, actor=actor, reason=_("登记计划") if is_new else _("修改计划"))


@transaction.atomic
def task_add(*, actor, plan: Plan, text: str, due_month: int, department=None) -> PlanTask:
    require_editor(actor)
    if not (text or "").strip():
        raise ApplicationError(_("请填写工作任务。"), field="text")
    if not 1 <= int(due_month or 0) <= 12:
        raise ApplicationError(_("完成月份须为 1–12。"), field="due_month")
    order = plan.tasks.count() + 1
    return save_with_reason(PlanTask(plan=plan, text=text.strip(), due_month=due_month, department=department,
                                     order=order), actor=actor, reason=_("计划任务"))


@transaction.atomic
def task_set_status(*, actor, task: PlanTask, status: str) -> PlanTask:
    """Move a task on (the office, management, or the head of its department)."""
    task = PlanTask.objects.select_for_update().get(pk=task.pk)
    if not can_update_task(actor, task):
        raise PermissionRefused(_("只有标准化办公室、管理层或责任部门负责人可以更新任务进度。"))
    if status not in TaskStatus.values:
        raise ApplicationError(_("无效的任务状态。"), field="status")
    task.status = status
    return save_with_reason(task, actor=actor, reason=_("任务进度：%(s)s") % {"s": TaskStatus(status).label})


@transaction.atomic
def target_set(*, actor, plan: Plan, figure_key: str, comparator: str, value, department=None) -> PlanTarget:
    """Set (or change) the plan's target for a registered figure, for the centre or a department."""
    require_editor(actor)
    figure = figure_get(figure_key)
    if figure is None:
        raise ApplicationError(_("没有名为“%(k)s”的指标。") % {"k": figure_key}, field="figure_key")
    if comparator not in Comparator.values:
        raise ApplicationError(_("请选择 ≥ 或 ≤。"), field="comparator")
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("目标值须为数字。"), field="value") from None
    if number < 0 or (figure.unit == "%" and number > 100):
        raise ApplicationError(_("百分比目标须在 0–100 之间。"), field="value")
    target = PlanTarget.objects.filter(plan=plan, figure_key=figure_key, department=department).first() or PlanTarget(
        plan=plan, figure_key=figure_key, department=department)
    target.comparator, target.value = comparator, number
    return save_with_reason(target, actor=actor, reason=_("计划目标"))


@transaction.atomic
def target_remove(*, actor, target: PlanTarget) -> None:
    require_editor(actor)
    target._change_reason = _("删除计划目标")
    target._history_user = actor
    target.delete()
