"""The audits figures: defined once here, reused by the audits pages, the dashboard and the bench.

Every function takes an optional nonconformity queryset (default: all) so that a page can pass
what the user may see, and a `year` (the year the nonconformity was raised) where it matters."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import CA_FINISHED, CorrectiveAction, Grade, NCStatus, Nonconformity
from .nonconformities import overdue_q

REPEAT_WINDOW_DAYS = 365


def _base(queryset=None, year: int | None = None):
    queryset = Nonconformity.objects.all() if queryset is None else queryset
    return queryset.filter(raised_on__year=year) if year else queryset


def nonconformities_by_grade(*, queryset=None, year: int | None = None) -> list[tuple[str, str, int]]:
    """Count of nonconformities per grade (严重 / 一般 / 观察项), every grade listed, as
    (grade value, label, count)."""
    counts = dict(_base(queryset, year).values_list("grade").annotate(n=Count("id")).order_by())
    return [(g.value, str(g.label), counts.get(g.value, 0)) for g in Grade]


def nonconformities_by_department(*, queryset=None, year: int | None = None) -> list[tuple[str, int]]:
    """Count of nonconformities per responsible department, most first, as (department name, count)."""
    rows = (_base(queryset, year).values("department__name").annotate(n=Count("id"))
            .order_by("-n", "department__name"))
    return [(r["department__name"], r["n"]) for r in rows]


def nonconformities_by_subsystem(*, queryset=None, year: int | None = None) -> list[tuple[str, int]]:
    """Count of nonconformities per sub-system, i.e. the tree node of the standard not met
    (nonconformities without a standard are counted under "未关联标准"), as (node, count)."""
    rows = (_base(queryset, year).values("standard__node__code", "standard__node__name").annotate(n=Count("id"))
            .order_by())
    rows = sorted(rows, key=lambda r: (r["standard__node__code"] is None, r["standard__node__code"] or ""))
    return [(f"{r['standard__node__code']} {r['standard__node__name']}" if r["standard__node__code"]
             else str(_("未关联标准")), r["n"]) for r in rows]


def corrective_actions_open(*, queryset=None, year: int | None = None) -> int:
    """Open corrective actions: rounds not yet judged effective or ineffective, of open nonconformities."""
    ncs = _base(queryset, year).filter(status=NCStatus.OPEN)
    return CorrectiveAction.objects.filter(nonconformity__in=ncs).exclude(status__in=CA_FINISHED).count()


def corrective_actions_overdue_count(*, queryset=None, year: int | None = None, today: dt.date | None = None) -> int:
    """Overdue corrective actions: of open nonconformities, no plan by the plan deadline (待制定),
    or not done by the due date (实施中)."""
    today = today or timezone.localdate()
    ncs = _base(queryset, year).filter(status=NCStatus.OPEN)
    return CorrectiveAction.objects.filter(overdue_q(today), nonconformity__in=ncs).count()


def mean_days_to_close(*, queryset=None, year: int | None = None) -> float | None:
    """Mean calendar days from raising to closing, over closed nonconformities (None if none)."""
    pairs = list(_base(queryset, year).filter(status=NCStatus.CLOSED).values_list("raised_on", "closed_on"))
    if not pairs:
        return None
    return round(sum((closed - raised).days for raised, closed in pairs) / len(pairs), 1)


@dataclass(frozen=True)
class Repeat:
    number: str
    earlier: str
    department: str
    clause: str
    days_apart: int


def _clause_key(nc) -> tuple:
    return (nc.department_id, nc.standard_id, "".join((nc.clause or "").split()).lower())


def repeat_nonconformities(*, queryset=None, year: int | None = None) -> list[Repeat]:
    """Nonconformities repeating an earlier one: same department, same standard and clause
    (whitespace and case ignored), raised within 12 months (365 days) after it. With a `year`,
    the later nonconformity must be of that year; the earlier may be from the year before."""
    candidates = _base(queryset, None).select_related("department", "standard").order_by("raised_on", "number")
    last_seen: dict[tuple, Nonconformity] = {}
    repeats = []
    for nc in candidates:
        if not nc.clause and not nc.standard_id:
            continue
        key = _clause_key(nc)
        earlier = last_seen.get(key)
        if earlier and (nc.raised_on - earlier.raised_on).days <= REPEAT_WINDOW_DAYS and (
                year is None or nc.raised_on.year == year):
            clause = " ".join(filter(None, [nc.standard.code if nc.standard else "", nc.clause]))
            repeats.append(Repeat(number=nc.number, earlier=earlier.number, department=str(nc.department),
                                  clause=clause, days_apart=(nc.raised_on - earlier.raised_on).days))
        last_seen[key] = nc
    return repeats


def audit_figures(*, queryset=None, year: int | None = None, today: dt.date | None = None) -> dict:
    """All the figures above, in one dict, for a page or the dashboard."""
    return {
        "total": _base(queryset, year).count(),
        "by_grade": nonconformities_by_grade(queryset=queryset, year=year),
        "by_department": nonconformities_by_department(queryset=queryset, year=year),
        "by_subsystem": nonconformities_by_subsystem(queryset=queryset, year=year),
        "open_actions": corrective_actions_open(queryset=queryset, year=year),
        "overdue_actions": corrective_actions_overdue_count(queryset=queryset, year=year, today=today),
        "mean_days_to_close": mean_days_to_close(queryset=queryset, year=year),
        "repeats": repeat_nonconformities(queryset=queryset, year=year),
    }
