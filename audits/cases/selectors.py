"""Case performance, computed in the database. Definitions (one place, see also figures.py):

- elapsed working days = working days after the day of acceptance up to and including the day of
  completion (same day = 0), from the shared calendar: ordinal(completion) - ordinal(acceptance);
- 按期办结 = finished with elapsed <= 承诺时限; 提前办结 = elapsed < 承诺时限, counted over the
  承诺件 only (承诺时限 > 0): a 即办件 (承诺时限 0) cannot finish early, so it is in neither the
  numerator nor the denominator of 提前办结率 (the seeds' "承诺件提前办结率");
- the finished figures count cases finished in the period (by the day of completion), leaving out
  those with no known 承诺时限; 即办件占比 counts cases accepted in the period (by the day of
  acceptance) whose 承诺时限 is 0, over all accepted with a known limit."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, DateField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, TruncMonth

from qms.core.calendar import calendar_ensure
from qms.core.models import ImportBatch

from .models import CASE_IMPORTER, Case, CaseStatus

GROUPS = {
    "month": None,  # by the month of completion / acceptance, see _group_expression
    "department": Coalesce("department__name", "department_name", Value("")),
    "window": F("window"),
    "item": F("item_name"),
    "department_id": F("department_id"),  # the linked department (window scorecards); not a page grouping
}


@dataclass
class CaseFigures:
    label: str = ""
    finished: int = 0  # finished in the period, with a known limit
    on_time: int = 0
    promised: int = 0  # finished in the period with a 承诺时限 > 0 (承诺件): 提前办结率's denominator
    early: int = 0
    mean_days: float | None = None  # over every finished case
    finished_all: int = 0
    received: int = 0  # accepted in the period, with a known limit
    immediate: int = 0

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return round(100.0 * part / whole, 1) if whole else None

    @property
    def on_time_rate(self) -> float | None:
        return self._rate(self.on_time, self.finished)

    @property
    def early_rate(self) -> float | None:
        return self._rate(self.early, self.promised)

    @property
    def immediate_share(self) -> float | None:
        return self._rate(self.immediate, self.received)

    @property
    def late(self) -> int:
        return self.finished - self.on_time


def _group_expression(group: str | None, day_field: str):
    if group == "month":
        return TruncMonth(day_field, output_field=DateField())
    return GROUPS[group] if group else Value("")


def _finished_rows(start: dt.date, end: dt.date, group: str | None) -> list[dict]:
    elapsed = F("finished_day__ordinal") - F("accepted_day__ordinal")
    limited = Q(promised_limit__isnull=False)
    return list(
        Case.objects.filter(status=CaseStatus.FINISHED, finished_day__gte=start, finished_day__lte=end)
        .annotate(g=_group_expression(group, "finished_day"), elapsed=elapsed).values("g")
        .annotate(finished_all=Count("pk"), finished=Count("pk", filter=limited),
                  on_time=Count("pk", filter=limited & Q(elapsed__lte=F("promised_limit"))),
                  promised=Count("pk", filter=Q(promised_limit__gt=0)),
                  early=Count("pk", filter=limited & Q(elapsed__lt=F("promised_limit"))),
                  mean_days=Avg("elapsed"))
        .order_by()
    )


def _received_rows(start: dt.date, end: dt.date, group: str | None) -> list[dict]:
    return list(
        Case.objects.filter(accepted_day__gte=start, accepted_day__lte=end, promised_limit__isnull=False)
        .annotate(g=_group_expression(group, "accepted_day")).values("g")
        .annotate(received=Count("pk"), immediate=Count("pk", filter=Q(promised_limit=0)))
        .order_by()
    )


def _label(value) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%Y-%m}"
    return value or "（未填）"


def case_figures(*, start: dt.date, end: dt.date, group: str | None = None) -> list[CaseFigures]:
    """The case figures for start..end (inclusive), one row per group value (or one row in all);
    two aggregate queries. Groups: month, department, window, item."""
    if group is not None and group not in GROUPS:
        raise ValueError(group)
    calendar_ensure(start, end)
    rows: dict[str, CaseFigures] = {}
    for row in _finished_rows(start, end, group):
        fig = rows.setdefault(_label(row["g"]), CaseFigures(label=_label(row["g"])))
        fig.finished_all, fig.finished, fig.on_time, fig.promised, fig.early = (
            row["finished_all"], row["finished"], row["on_time"], row["promised"], row["early"])
        fig.mean_days = round(float(row["mean_days"]), 2) if row["mean_days"] is not None else None
    for row in _received_rows(start, end, group):
        fig = rows.setdefault(_label(row["g"]), CaseFigures(label=_label(row["g"])))
        fig.received, fig.immediate = row["received"], row["immediate"]
    if group is None:
        return [next(iter(rows.values()), CaseFigures())]
    return sorted(rows.values(), key=lambda f: f.label if group == "month" else (-f.finished_all, f.label))


def case_totals_by_month(*, start: dt.date, end: dt.date) -> dict[tuple[int, int], tuple[CaseFigures, int]]:
    """The case totals of each (year, month) in start..end, with the sum of the finished cases'
    elapsed working days (so months add up exactly into a longer period, see `case_totals_summed`).
    Two aggregate queries."""
    calendar_ensure(start, end)
    months: dict[tuple[int, int], list] = {}
    for row in _finished_rows(start, end, "month"):
        fig, _ = months.setdefault((row["g"].year, row["g"].month), [CaseFigures(), 0])
        fig.finished_all, fig.finished, fig.on_time, fig.promised, fig.early = (
            row["finished_all"], row["finished"], row["on_time"], row["promised"], row["early"])
        # elapsed days are whole numbers: their sum is the mean times the count, rounded
        months[row["g"].year, row["g"].month][1] = (
            round(float(row["mean_days"]) * row["finished_all"]) if row["mean_days"] is not None else 0)
    for row in _received_rows(start, end, "month"):
        fig, _ = months.setdefault((row["g"].year, row["g"].month), [CaseFigures(), 0])
        fig.received, fig.immediate = row["received"], row["immediate"]
    return {key: (fig, days) for key, (fig, days) in months.items()}


def case_totals_summed(months: list[tuple[CaseFigures, int]]) -> CaseFigures:
    """The totals of whole months added up: what `case_totals` gives for the period they make."""
    total, elapsed = CaseFigures(), 0
    for fig, days in months:
        for name in ("finished", "on_time", "promised", "early", "finished_all", "received", "immediate"):
            setattr(total, name, getattr(total, name) + getattr(fig, name))
        elapsed += days
    total.mean_days = round(elapsed / total.finished_all, 2) if total.finished_all else None
    return total


def case_figures_by_department(*, start: dt.date, end: dt.date) -> dict[int, CaseFigures]:
    """The case figures for start..end per linked department (by its id), for the window
    scorecards; cases not linked to a department are left out. Two aggregate queries."""
    calendar_ensure(start, end)
    rows: dict[int, CaseFigures] = {}
    for row in _finished_rows(start, end, "department_id"):
        if row["g"] is None:
            continue
        fig = rows.setdefault(row["g"], CaseFigures(label=str(row["g"])))
        fig.finished_all, fig.finished, fig.on_time, fig.promised, fig.early = (
            row["finished_all"], row["finished"], row["on_time"], row["promised"], row["early"])
    for row in _received_rows(start, end, "department_id"):
        if row["g"] is not None:
            fig = rows.setdefault(row["g"], CaseFigures(label=str(row["g"])))
            fig.received, fig.immediate = row["received"], row["immediate"]
    return rows


def case_totals(*, start: dt.date, end: dt.date) -> CaseFigures:
    return case_figures(start=start, end=end)[0]


def cases_late(*, start: dt.date, end: dt.date) -> QuerySet:
    """The finished cases of the period that took longer than promised (the records behind 按期办结率)."""
    elapsed = F("finished_day__ordinal") - F("accepted_day__ordinal")
    return (Case.objects.filter(status=CaseStatus.FINISHED, finished_day__gte=start, finished_day__lte=end,
                                promised_limit__isnull=False)
            .annotate(elapsed=elapsed).filter(elapsed__gt=F("promised_limit"))
            .select_related("department").order_by("-finished_at"))


def case_imports_recent(limit: int = 10) -> QuerySet:
    """The latest case imports that wrote cases (their counts are in `plan`)."""
    return (ImportBatch.objects.filter(importer=CASE_IMPORTER, outcome=ImportBatch.Outcome.IMPORTED)
            .select_related("uploaded_by")[:limit])
