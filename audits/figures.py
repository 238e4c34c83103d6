"""Figures owned by the audits app, registered in qms.core.figures for the dashboard and the
scoring sheet. The arithmetic lives in audits.selectors.figures; these wrap it."""

import datetime as dt

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from qms.core.figures import Figure, FigureValue, figure_register

from .models import CorrectiveAction
from .models.nonconformity import CAStatus
from .selectors import figures as audit_figures

DONE = (CAStatus.TO_VERIFY, CAStatus.VERIFIED, CAStatus.EFFECTIVE, CAStatus.INEFFECTIVE)


def ca_closed_on_time(*, as_of: dt.date | None = None) -> FigureValue:
    """纠正措施按期完成率: of corrective-action rounds whose due date has passed (as of the date)
    or that were completed, the share completed on or before their due date."""
    today = as_of or timezone.localdate()
    relevant = CorrectiveAction.objects.filter(due_date__isnull=False).filter(
        Q(due_date__lte=today) | Q(status__in=DONE)
    )
    on_time = relevant.filter(status__in=DONE, completed_on__isnull=False, completed_on__lte=F("due_date"))
    total, good = relevant.count(), on_time.count()
    return FigureValue(value=round(100 * good / total, 1) if total else None, numerator=good, denominator=total,
                       detail=f"按期完成 {good} / 应完成 {total} 项纠正措施", url=reverse("nonconformity-list"))


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
                           definition=ca_closed_on_time.__doc__.strip(), compute=ca_closed_on_time))
    figure_register(Figure(key="open_ca", label="未关闭纠正措施", unit="项", higher_is_better=False,
                           definition=audit_figures.corrective_actions_open.__doc__.strip(), compute=open_ca))
    figure_register(Figure(key="overdue_ca", label="逾期纠正措施", unit="项", higher_is_better=False,
                           definition=audit_figures.corrective_actions_overdue_count.__doc__.strip(),
                           compute=overdue_ca))
