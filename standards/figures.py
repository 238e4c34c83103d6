"""Figures owned by the standards app (see qms.core.figures)."""

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse

from qms.core.figures import Figure, FigureValue, figure_register

from .models import Standard, StandardStatus, SystemNode


def system_completeness(*, as_of: dt.date | None = None) -> FigureValue:
    """体系完整性: share of active sub-systems (nodes with a parent) that hold at least one standard
    in force. Counts the current state (`as_of` is accepted for a uniform signature)."""
    subsystems = SystemNode.objects.filter(is_active=True, parent__isnull=False)
    holding = subsystems.filter(
        Exists(Standard.objects.filter(node=OuterRef("pk"), status=StandardStatus.IN_FORCE))
    )
    total, covered = subsystems.count(), holding.count()
    empty = list(subsystems.exclude(pk__in=holding.values("pk")).values_list("code", "name"))
    return FigureValue(
        value=round(100 * covered / total, 1) if total else None, numerator=covered, denominator=total,
        detail=f"{covered} / {total} 个子体系有现行标准" + (f"；空缺：{'、'.join(c + n for c, n in empty)}" if empty else ""),
        url=reverse("standard-tree"),
    )


def standards_in_force(*, as_of: dt.date | None = None) -> FigureValue:
    """现行标准数: standards with an edition in force now."""
    n = Standard.objects.filter(status=StandardStatus.IN_FORCE).count()
    return FigureValue(value=n, detail=f"{n} 项现行标准", url=reverse("standard-list") + "?status=in_force")


def register() -> None:
    figure_register(Figure(key="system_completeness", label="体系完整性", unit="%", target=100.0,
                           definition=system_completeness.__doc__.strip(), compute=system_completeness))
    figure_register(Figure(key="standards_in_force", label="现行标准数", unit="项",
                           definition=standards_in_force.__doc__.strip(), compute=standards_in_force))
