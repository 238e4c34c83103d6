"""满意率 (satisfaction rate), computed in the database.

Definition (the one used on every page, figure, scorecard and report): of the ratings in the
period, the share that are 满意 or 基本满意: (满意 + 基本满意) / all ratings x 100, rounded to two
decimals; no ratings gives None (not measurable), never 100 %. Each breakdown is one
aggregate query (COUNT with FILTER, grouped by window, service item, staff or TruncMonth), so
the cost does not grow with Python loops over ratings."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from qms.org.models import Department

from ..models import Grade, Rating
from .settings import evaluation_settings


def _counts() -> dict:
    return {
        "total": Count("id"),
        "satisfied": Count("id", filter=Q(grade=Grade.SATISFIED)),
        "basic": Count("id", filter=Q(grade=Grade.BASIC)),
        "dissatisfied": Count("id", filter=Q(grade=Grade.DISSATISFIED)),
        "on_time": Count("id", filter=Q(finished_on_time=True)),
        "timed": Count("id", filter=Q(finished_on_time__isnull=False)),
    }


def rate_of(favourable: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(100) * favourable / total).quantize(Decimal("0.01"))


@dataclass
class RateRow:
    key: object
    label: str
    total: int
    satisfied: int
    basic: int
    dissatisfied: int
    on_time: int = 0
    timed: int = 0
    target: Decimal | None = None

    @property
    def rate(self) -> Decimal | None:
        return rate_of(self.satisfied + self.basic, self.total)

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate_of(self.on_time, self.timed)

    @property
    def meets_target(self) -> bool | None:
        if self.rate is None or self.target is None:
            return None
        return self.rate >= self.target


def _row(values: dict, key, label, target) -> RateRow:
    return RateRow(key=key, label=label, target=target, total=values["total"], satisfied=values["satisfied"],
                   basic=values["basic"], dissatisfied=values["dissatisfied"], on_time=values["on_time"],
                   timed=values["timed"])


def ratings_between(start: dt.date, end: dt.date, *, department=None):
    qs = Rating.objects.filter(rated_on__gte=start, rated_on__lte=end)
    return qs.filter(department=department) if department is not None else qs


def satisfaction_summary(qs, *, target=None) -> RateRow:
    target = target if target is not None else evaluation_settings().satisfaction_target
    return _row(qs.aggregate(**_counts()), None, "合计", target)


def satisfaction_by_month(qs, *, target=None) -> list[RateRow]:
    target = target if target is not None else evaluation_settings().satisfaction_target
    rows = qs.annotate(m=TruncMonth("rated_on")).values("m").annotate(**_counts()).order_by("m")
    return [_row(r, r["m"], f"{r['m']:%Y-%m}", target) for r in rows]


def satisfaction_by_department(qs, *, target=None) -> list[RateRow]:
    target = target if target is not None else evaluation_settings().satisfaction_target
    rows = qs.values("department_id").annotate(**_counts()).order_by()
    names = _department_names()
    result = [_row(r, r["department_id"], names.get(r["department_id"], ("", 0))[0], target) for r in rows]
    return sorted(result, key=lambda row: (names.get(row.key, ("", 0))[1], row.label))


def _department_names() -> dict[int, tuple[str, int]]:
    """Window names by id (one small query), so the rating aggregates group by id alone."""
    return {pk: (name, order) for pk, name, order in Department.objects.values_list("pk", "name", "order")}


def satisfaction_by_item(qs, *, target=None, limit: int = 20) -> list[RateRow]:
    """Service items, least satisfied first (then most rated)."""
    target = target if target is not None else evaluation_settings().satisfaction_target
    rows = (qs.exclude(item_name="").values("item_name").annotate(**_counts())
            .order_by("-dissatisfied", "-total", "item_name")[:limit])
    return [_row(r, r["item_name"], r["item_name"], target) for r in rows]


def satisfaction_by_staff(qs, *, target=None, limit: int = 20) -> list[RateRow]:
    target = target if target is not None else evaluation_settings().satisfaction_target
    rows = list(qs.exclude(staff_name="").values("staff_name", "department_id").annotate(**_counts())
                .order_by("-dissatisfied", "-total", "staff_name")[:limit])
    names = _department_names() if rows else {}
    return [_row(r, r["staff_name"], f"{r['staff_name']}（{names.get(r['department_id'], ('', 0))[0]}）", target)
            for r in rows]


def dissatisfaction_reasons(qs, *, limit: int = 10) -> list[dict]:
    return list(qs.filter(grade=Grade.DISSATISFIED).exclude(reason="").values("reason")
                .annotate(n=Count("id")).order_by("-n", "reason")[:limit])


def satisfaction_by_department_month(start: dt.date, end: dt.date) -> dict[int, RateRow]:
    """department id -> RateRow for the period, in one query (scorecards use it)."""
    rows = ratings_between(start, end).values("department_id").annotate(**_counts()).order_by()
    return {r["department_id"]: _row(r, r["department_id"], "", None) for r in rows}
