"""The management dashboard's reads. Every figure comes from the figure registry (one
definition each) or from a selector here whose docstring is its definition; the page's help
shows these texts."""

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count
from django.utils import timezone

from standards.models import EditionStatus, Standard, StandardStatus
from standards.selectors import (
    adopted_flagged,
    adopted_unconfirmed,
    adopted_validity_summary,
    tree_with_counts,
)

from .selectors import FigureRow, assessment_latest, assessment_summary, figure_rows

RATE_KEYS = ["coverage", "implementation_rate", "training_rate"]
CA_KEYS = ["open_ca", "overdue_ca", "ca_closed_on_time"]
REVIEW_WARNING_DAYS = 90


@dataclass
class ReviewDue:
    standard: Standard
    effective_on: dt.date
    due_on: dt.date

    @property
    def overdue(self) -> bool:
        return self.due_on < timezone.localdate()


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def reviews_due(*, today: dt.date | None = None, within_days: int = REVIEW_WARNING_DAYS) -> list[ReviewDue]:
    """复审到期: standards in force whose edition in force took effect at least their review cycle
    (复审周期, default 3 years) ago, or will have within the next 90 days. Overdue first."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=within_days)
    rows = []
    editions = (Standard.objects.filter(status=StandardStatus.IN_FORCE, editions__status=EditionStatus.IN_FORCE)
                .values_list("pk", "review_cycle_years", "editions__effective_on"))
    due_pks = {}
    for pk, cycle, effective_on in editions:
        if effective_on is None:
            continue
        due_on = _add_years(effective_on, cycle or 3)
        if due_on <= horizon:
            due_pks[pk] = (effective_on, due_on)
    for standard in Standard.objects.filter(pk__in=due_pks).select_related("node"):
        effective_on, due_on = due_pks[standard.pk]
        rows.append(ReviewDue(standard=standard, effective_on=effective_on, due_on=due_on))
    return sorted(rows, key=lambda r: (r.due_on, r.standard.code))


def nonconformities_by_grade() -> list[tuple[str, int]] | None:
    """不符合项按等级: open and closed nonconformities counted by grade (严重 / 一般 / 观察项).
    None while the audits app has no nonconformity records."""
    try:
        model = apps.get_model("audits", "Nonconformity")
    except LookupError:
        return None
    field = next((f for f in model._meta.get_fields() if f.name == "grade"), None)
    if field is None:
        return None
    labels = dict(field.flatchoices or [])
    rows = model.objects.values("grade").annotate(n=Count("pk")).order_by("grade")
    return [(str(labels.get(r["grade"], r["grade"])), r["n"]) for r in rows]


@dataclass
class SystemBar:
    code: str
    name: str
    in_force: int
    subsystems: list[tuple[str, str, int]]


def standards_by_system() -> list[SystemBar]:
    """现行标准按体系/子体系: standards in force held by each sub-system (and its whole system)."""
    return [SystemBar(code=root.node.code, name=root.node.name, in_force=root.total.get("in_force", 0),
                      subsystems=[(c.node.code, c.node.name, c.total.get("in_force", 0)) for c in root.children])
            for root in tree_with_counts()]


def dashboard_context() -> dict:
    rates = {row.key: row for row in figure_rows(RATE_KEYS + CA_KEYS + ["system_completeness"])}
    latest = assessment_latest()
    systems = standards_by_system()
    widest = max([n for s in systems for _c, _n, n in s.subsystems] + [1])
    return {
        "systems": systems, "widest": widest,
        "rates": [rates.get(key) or _missing(key) for key in RATE_KEYS],
        "completeness": rates.get("system_completeness"),
        "ca": [rates[key] for key in CA_KEYS if key in rates],
        "reviews": reviews_due(),
        "nc_grades": nonconformities_by_grade(),
        **dict(zip(("validity_flagged", "validity_unconfirmed"), adopted_validity_summary(), strict=True)),
        "latest": latest, "latest_summary": assessment_summary(latest) if latest else None,
        "definitions": {
            "reviews": reviews_due.__doc__, "nc": nonconformities_by_grade.__doc__,
            "systems": standards_by_system.__doc__, "validity_flagged": adopted_flagged.__doc__,
            "validity_unconfirmed": adopted_unconfirmed.__doc__,
        },
    }


LABELS = {"coverage": "标准覆盖率", "implementation_rate": "标准实施率", "training_rate": "参训率"}
TARGETS = {"coverage": 90.0, "implementation_rate": 95.0, "training_rate": 95.0}


def _missing(key: str) -> FigureRow:
    """A figure whose app is not installed yet: shown as not measured, with its target."""
    return FigureRow(key=key, label=LABELS[key], unit="%", target=TARGETS[key], value=None,
                     definition="该指标由尚未启用的功能提供，启用后自动显示。")
