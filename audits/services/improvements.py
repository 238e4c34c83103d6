"""The continual-improvement register. Its one move (实施中 -> 已完成) is `improvement_complete`;
the value of the linked figure is read from the figure registry when none is given."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused, TransitionRefused
from qms.core.figures import figure_get, figure_value
from qms.core.history import save_with_reason
from qms.core.numbering import number_next

from ..models import Improvement, ImprovementSource, ImprovementStatus
from ..permissions import can_complete_improvement, can_record_improvement


def _figure_now(key: str) -> Decimal | None:
    value = figure_value(key) if key else None
    return Decimal(str(round(value.value, 2))) if value and value.value is not None else None


def _check(improvement: Improvement) -> None:
    if improvement.source not in ImprovementSource.values:
        raise ApplicationError(_("来源无效。"), field="source")
    for field, label in (("title", "改进项目"), ("problem", "存在的问题"), ("measures", "改进措施")):
        if not (getattr(improvement, field) or "").strip():
            raise ApplicationError(_("请填写%(f)s。") % {"f": label}, field=field)
    if improvement.figure_key and figure_get(improvement.figure_key) is None:
        raise ApplicationError(_("没有指标“%(k)s”。") % {"k": improvement.figure_key}, field="figure_key")
    if improvement.due_on < improvement.started_on:
        raise ApplicationError(_("计划完成日期不能早于开始日期。"), field="due_on")


@transaction.atomic
def improvement_create(*, actor, title: str, source: str, problem: str, measures: str, owner, department,
                       started_on: dt.date, due_on: dt.date, source_ref: str = "", figure_key: str = "",
                       value_before: Decimal | None = None) -> Improvement:
    """Enter an improvement (CI-YYYY-NN). The figure's value before is today's unless given."""
    if not can_record_improvement(actor):
        raise PermissionRefused(_("只有标准化办公室和管理层可以登记持续改进。"))
    improvement = Improvement(
        title=(title or "").strip(), source=source, source_ref=(source_ref or "").strip(), problem=problem,
        measures=measures, owner=owner, department=department, started_on=started_on, due_on=due_on,
        figure_key=figure_key, created_by=actor,
        value_before=value_before if value_before is not None else _figure_now(figure_key))
    _check(improvement)
    improvement.number = number_next(key="CI", year=started_on.year, width=2)
    return save_with_reason(improvement, actor=actor, reason=_("登记持续改进"))


@transaction.atomic
def improvement_complete(*, actor, improvement: Improvement, result: str, completed_on: dt.date | None = None,
                         value_after: Decimal | None = None) -> Improvement:
    """Report the improvement done with its effect; the figure's value after is today's unless given."""
    improvement = Improvement.objects.select_for_update().get(pk=improvement.pk)
    if not can_complete_improvement(actor, improvement):
        raise PermissionRefused(_("只有负责人、标准化办公室或管理层可以完成该改进。"))
    if improvement.status != ImprovementStatus.OPEN:
        raise TransitionRefused(_("%(n)s 已完成。") % {"n": improvement.number})
    if not (result or "").strip():
        raise ApplicationError(_("请填写改进效果。"), field="result")
    completed_on = completed_on or timezone.localdate()
    if completed_on < improvement.started_on:
        raise ApplicationError(_("完成日期不能早于开始日期。"), field="completed_on")
    improvement.status, improvement.completed_on, improvement.result = ImprovementStatus.DONE, completed_on, result
    improvement.value_after = value_after if value_after is not None else _figure_now(improvement.figure_key)
    return save_with_reason(improvement, actor=actor, reason=_("完成持续改进"))
