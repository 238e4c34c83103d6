"""Figures owned by cases (see qms.core.figures): 按期办结率, 提前办结率, 即办件占比, 平均办理时长.

Each covers the twelve months up to `as_of` (default today), from the same day a year earlier,
exclusive, to `as_of`, inclusive; the arithmetic is `selectors.case_figures`."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.figures import Figure, FigureValue, figure_memoised, figure_register

from .selectors import CaseFigures, case_totals, case_totals_by_month, case_totals_summed


def twelve_months(as_of: dt.date | None) -> tuple[dt.date, dt.date]:
    end = as_of or timezone.localdate()
    try:
        start = end.replace(year=end.year - 1)
    except ValueError:  # 29 February
        start = end.replace(year=end.year - 1, day=28)
    return start + dt.timedelta(days=1), end


def _totals(start: dt.date, end: dt.date) -> CaseFigures:
    """The case totals of start..end, shared by the four figures (memoised, see qms.core.figures)."""
    return figure_memoised(("case_totals", start, end), lambda: case_totals(start=start, end=end))


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months, (year, month) = [], (start.year, start.month)
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _series(pick):
    """A trend in one pass: the twelve months up to a month end are whole months, so the totals of
    every month in the span (two queries) add up to each such window; other dates are left to
    `compute` (the registry computes them one by one)."""

    def series(days: list[dt.date]) -> dict[dt.date, FigureValue]:
        windows = {day: twelve_months(day) for day in days if (day + dt.timedelta(days=1)).day == 1}
        windows = {day: (start, end) for day, (start, end) in windows.items() if start.day == 1}
        if len(windows) < 2:
            return {}
        span = (min(s for s, _ in windows.values()), max(e for _, e in windows.values()))
        monthly = figure_memoised(("case_totals_by_month", *span),
                                  lambda: case_totals_by_month(start=span[0], end=span[1]))
        empty = (CaseFigures(), 0)
        for start, end in windows.values():
            figure_memoised(("case_totals", start, end),
                            lambda s=start, e=end: case_totals_summed([monthly.get(m, empty) for m in _months(s, e)]))
        return {day: _value(day, pick) for day in windows}

    return series


def _value(as_of, pick) -> FigureValue:
    start, end = twelve_months(as_of)
    totals = _totals(start, end)
    value, numerator, denominator = pick(totals)
    return FigureValue(
        value=value, numerator=numerator, denominator=denominator,
        detail=f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}：办结 {totals.finished_all} 件（有承诺时限 {totals.finished} 件），"
               f"按期 {totals.on_time} 件；承诺件 {totals.promised} 件，其中提前 {totals.early} 件；受理 {totals.received} 件，即办件 {totals.immediate} 件",
        url=reverse("case-figures"))


def _on_time(t: CaseFigures):
    return t.on_time_rate, t.on_time, t.finished


def _early(t: CaseFigures):
    return t.early_rate, t.early, t.promised


def _immediate(t: CaseFigures):
    return t.immediate_share, t.immediate, t.received


def _mean_days(t: CaseFigures):
    return t.mean_days, None, t.finished_all


def cases_on_time_rate(*, as_of: dt.date | None = None) -> FigureValue:
    """按期办结率: of the cases finished in the twelve months up to the date (with a known 承诺时限), the
    share whose elapsed working days (after the day of acceptance up to and including the day of
    completion) are at most the 承诺时限, in %."""
    return _value(as_of, _on_time)


def cases_early_rate(*, as_of: dt.date | None = None) -> FigureValue:
    """提前办结率: of the 承诺件 (承诺时限 > 0 working days; 即办件 are left out) finished in the twelve
    months up to the date, the share whose elapsed working days are fewer than the 承诺时限, in %."""
    return _value(as_of, _early)


def cases_immediate_share(*, as_of: dt.date | None = None) -> FigureValue:
    """即办件占比: of the cases accepted in the twelve months up to the date (with a known 承诺时限), the
    share whose 承诺时限 is 0 working days, in %."""
    return _value(as_of, _immediate)


def cases_mean_days(*, as_of: dt.date | None = None) -> FigureValue:
    """平均办理时长: the mean elapsed working days of the cases finished in the twelve months up to
    the date."""
    return _value(as_of, _mean_days)


# 按期办结率 ≥ 99 %: the default target; the centre's approved yearly plan may set another (100 %),
# which `qms.core.figures.figure_target` then gives everywhere. Below it the dossier's pre-flight names
# the figure. A handful of late cases in 30,000 should not block an application.
ON_TIME_TARGET = 99.0


# What users read for each figure (see `Figure.help`), from the docstrings above.
HELP = {
    "cases_on_time_rate": _("近12个月办结且有承诺时限的办件中，办理用时（受理次日起至办结日，按工作日计）不超过承诺时限的所占比例。"),
    "cases_early_rate": _("近12个月办结的承诺件（承诺时限大于0个工作日，即办件不计入）中，办理用时少于承诺时限的所占比例。"),
    "cases_immediate_share": _("近12个月受理且有承诺时限的办件中，承诺时限为0个工作日（即办件）的所占比例。"),
    "cases_mean_days": _("近12个月办结的办件的平均办理用时（受理次日起至办结日，按工作日计）。"),
}


def register() -> None:
    for key, label, unit, target, compute, pick, higher in [
        ("cases_on_time_rate", "按期办结率", "%", ON_TIME_TARGET, cases_on_time_rate, _on_time, True),
        ("cases_early_rate", "提前办结率", "%", None, cases_early_rate, _early, True),
        ("cases_immediate_share", "即办件占比", "%", None, cases_immediate_share, _immediate, True),
        ("cases_mean_days", "平均办理时长", "工作日", None, cases_mean_days, _mean_days, False),
    ]:
        figure_register(Figure(key=key, label=label, unit=unit, target=target, definition=compute.__doc__.strip(), help=HELP[key],
                               compute=compute, higher_is_better=higher, series=_series(pick)))
