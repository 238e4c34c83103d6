"""The plan's figure targets: which target a figure has (the one lookup the figures registry asks,
see `qms.core.figures.figure_target`), and each target beside its live figure and its trend.

The live values are the registry's (`figure_value`), so the plan page shows what the dashboard
shows. A target with a department names who answers for it; the registry's figures are the
centre's, so the department's target is compared with the centre's figure."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from qms.core.figures import (
    Figure,
    FigureValue,
    figure_get,
    figure_text,
    figure_value,
    figure_values,
    figures_memo,
)

from ..models import Comparator, Plan, PlanTarget


def approved_plan(year: int) -> Plan | None:
    """The approved yearly 工作计划 of `year` (None when there is none yet)."""
    return Plan.objects.filter(kind=Plan.Kind.YEARLY, year=year, approved_on__isnull=False).first()


def plan_target_for_figure(key: str, *, as_of: dt.date | None = None) -> float | None:
    """The centre-wide target the approved plan of `as_of`'s year sets for figure `key` (None when
    no approved plan sets one: the figure's registered default then applies). Only a target that
    points the figure's way (≥ for a figure where higher is better, ≤ otherwise) replaces it."""
    figure = figure_get(key)
    if figure is None:
        return None
    year = (as_of or timezone.localdate()).year
    comparator = Comparator.AT_LEAST if figure.higher_is_better else Comparator.AT_MOST
    value = (PlanTarget.objects.filter(plan__kind=Plan.Kind.YEARLY, plan__year=year, plan__approved_on__isnull=False,
                                       figure_key=key, department__isnull=True, comparator=comparator)
             .values_list("value", flat=True).first())
    return float(value) if value is not None else None


def target_met(value: float | None, comparator: str, target: Decimal | float) -> bool | None:
    """Whether a figure's value meets the target (None when the figure is not measurable)."""
    if value is None:
        return None
    return value >= float(target) if comparator == Comparator.AT_LEAST else value <= float(target)


def month_ends(today: dt.date, months: int = 12) -> list[dt.date]:
    """The last `months` month ends up to today, oldest first; the current month ends today."""
    days, day = [], today
    for _ in range(months):
        days.append(day)
        day = day.replace(day=1) - dt.timedelta(days=1)
    return list(reversed(days))


@dataclass
class TargetRow:
    target: PlanTarget
    figure: Figure | None
    value: FigureValue | None
    met: bool | None
    trend: list[dict] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.figure.label if self.figure else self.target.figure_key

    @property
    def unit(self) -> str:
        return self.figure.unit if self.figure else ""

    @property
    def value_text(self) -> str:
        if self.figure is None:
            return "—"
        return self.figure.text(self.value.value if self.value else None)

    @property
    def target_text(self) -> str:
        return f"{self.target.get_comparator_display()} {figure_text(float(self.target.value), self.unit)}"

    @property
    def behind(self) -> bool:
        return self.met is False


def target_rows(plan: Plan, *, as_of: dt.date | None = None, trend: bool = False, targets=None) -> list[TargetRow]:
    """Each target of the plan beside the live figure (as of `as_of`, default today) and, with
    `trend`, the figure at each of the last twelve month ends. Each figure is computed once per date
    (once in all for a figure of the current state), in the registry's memo."""
    with figures_memo():
        return _target_rows(plan, today=as_of or timezone.localdate(), trend=trend, targets=targets)


def _target_rows(plan: Plan, *, today: dt.date, trend: bool, targets) -> list[TargetRow]:
    targets = list(targets if targets is not None else plan.targets.select_related("department"))

    rows = []
    for target in targets:
        figure = figure_get(target.figure_key)
        value = figure_value(target.figure_key, as_of=today) if figure else None
        row = TargetRow(target=target, figure=figure, value=value,
                        met=target_met(value.value if value else None, target.comparator, target.value))
        if trend and figure and figure.dated:  # a current-state figure has no past values to show
            days = month_ends(today)
            for day, point in zip(days, figure_values(target.figure_key, days), strict=True):
                number = point.value if point else None
                row.trend.append({"month": f"{day:%Y-%m}", "value": number, "text": figure.text(number),
                                  "met": target_met(number, target.comparator, target.value)})
        rows.append(row)
    return rows
