"""The management dashboard's reads. Every figure comes from the figure registry (one
definition each) or from a selector here whose docstring is its definition; the page's help
shows these texts."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count

from standards.selectors import (
    adopted_flagged,
    adopted_unconfirmed,
    adopted_validity_summary,
    reviews_due,
    tree_with_counts,
)

from .selectors import FigureRow, assessment_latest, assessment_summary, figure_rows

RATE_KEYS = ["coverage", "implementation_rate", "training_rate"]
CA_KEYS = ["open_ca", "overdue_ca", "ca_closed_on_time"]
CASE_KEYS = ["cases_on_time_rate", "cases_early_rate", "cases_immediate_share", "cases_mean_days"]


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
    rates = {row.key: row for row in figure_rows(RATE_KEYS + CA_KEYS + CASE_KEYS + ["system_completeness", "reviews_due"])}
    latest = assessment_latest()
    systems = standards_by_system()
    widest = max([n for s in systems for _c, _n, n in s.subsystems] + [1])
    return {
        "systems": systems, "widest": widest,
        "rates": [rates.get(key) or _missing(key) for key in RATE_KEYS],
        "completeness": rates.get("system_completeness"),
        "ca": [rates[key] for key in CA_KEYS if key in rates],
        "cases": [rates[key] for key in CASE_KEYS if key in rates],
        "reviews": rates.get("reviews_due"),
        "nc_grades": nonconformities_by_grade(),
        **dict(zip(("validity_flagged", "validity_unconfirmed"), adopted_validity_summary(), strict=True)),
        "latest": latest, "latest_summary": assessment_summary(latest) if latest else None,
        "definitions": {
            "reviews": rates["reviews_due"].definition if "reviews_due" in rates else reviews_due.__doc__,
            "nc": nonconformities_by_grade.__doc__,
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


def my_figures(user) -> dict:
    """The figures a person answers for on their home page: a department head's own department's
    case figures (twelve months), everyone else the centre's rates and case figures."""
    from audits.cases.figures import twelve_months
    from audits.cases.selectors import case_figures
    from qms.org.roles import is_department_head

    if is_department_head(user) and user.department_id:
        start, end = twelve_months(None)
        rows = {f.label: f for f in case_figures(start=start, end=end, group="department")}
        return {"department": user.department, "department_cases": rows.get(user.department.name), "rates": []}
    return {"department": None, "department_cases": None, "rates": figure_rows(RATE_KEYS + CASE_KEYS)}
