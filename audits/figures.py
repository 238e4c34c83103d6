"""Figures owned by the audits app, registered in qms.core.figures for the dashboard and the
scoring sheet. The arithmetic lives in audits.selectors.figures; these wrap it."""

import datetime as dt

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.figures import Figure, FigureValue, figure_register

from .models import CorrectiveAction
from .selectors import figures as audit_figures


def ca_closed_on_time(*, as_of: dt.date | None = None) -> FigureValue:
    """纠正措施按期完成率 (corrective actions completed on time), as of the date.

    = corrective-action rounds completed (a completion date on or before the date) by their due
      date ÷ (rounds completed + open rounds overdue on the date).
    Overdue open rounds are exactly those counted by 逾期纠正措施 (no plan by the plan deadline, or
    not done by the due date), so any overdue action lowers this rate below 100 %. Open rounds
    not yet due are in neither count. Nothing completed and nothing overdue: not measurable."""
    today = as_of or timezone.localdate()
    counts = CorrectiveAction.objects.filter(completed_on__isnull=False, completed_on__lte=today).aggregate(
        done=Count("id"), on_time=Count("id", filter=Q(due_date__isnull=True) | Q(completed_on__lte=F("due_date"))))
    done, on_time = counts["done"], counts["on_time"]
    overdue = audit_figures.corrective_actions_overdue_count(today=today)
    total = done + overdue
    return FigureValue(value=round(100 * on_time / total, 1) if total else None, numerator=on_time, denominator=total,
                       detail=f"按期完成 {on_time} 项 / （已完成 {done} 项 + 逾期未完成 {overdue} 项）",
                       url=reverse("nonconformity-list"))


def open_ca(*, as_of: dt.date | None = None) -> FigureValue:
    """未关闭纠正措施: see audits.selectors.figures.corrective_actions_open."""
    n = audit_figures.corrective_actions_open()
    return FigureValue(value=n, detail=f"{n} 项未关闭", url=reverse("nonconformity-list"))


def overdue_ca(*, as_of: dt.date | None = None) -> FigureValue:
    """逾期纠正措施: see audits.selectors.figures.corrective_actions_overdue_count."""
    n = audit_figures.corrective_actions_overdue_count(today=as_of)
    return FigureValue(value=n, detail=f"{n} 项逾期", url=reverse("nonconformity-list") + "?overdue=1")


def register() -> None:
    figure_register(Figure(key="ca_closed_on_time", label="纠正措施按期完成率", unit="%", target=100.0,
                           help=_("截至当日，按期完成的纠正措施轮次 ÷（已完成的轮次 + 已逾期未完成的轮次）。尚未到期的未完成措施不计入；既无完成也无逾期时不计算。"),
                           definition=ca_closed_on_time.__doc__.strip(), compute=ca_closed_on_time))
    figure_register(Figure(key="open_ca", label="未关闭纠正措施", unit="项", higher_is_better=False,
                           help=_("未关闭的不符合项中，尚未作出有效或无效验证结论的纠正措施轮次数，按当前状态计算。"),
                           definition=audit_figures.corrective_actions_open.__doc__.strip(), compute=open_ca,
                           dated=False))
    figure_register(Figure(key="overdue_ca", label="逾期纠正措施", unit="项", higher_is_better=False,
                           help=_("截至当日，未关闭的不符合项中过了计划期限仍未制定措施（待制定）或过了完成期限仍未完成（实施中）的纠正措施项数。"),
                           definition=audit_figures.corrective_actions_overdue_count.__doc__.strip(),
                           compute=overdue_ca))
