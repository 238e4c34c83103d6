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


def _from_rate(rate, *, what: str, url: str) -> FigureValue:
    return FigureValue(value=rate.percent, numerator=rate.numerator, denominator=rate.denominator,
                       detail=f"{what}：{rate.numerator} / {rate.denominator}", url=url)


def implementation_rate(*, as_of: dt.date | None = None) -> FigureValue:
    """标准实施率: see `standards.selectors.figures.implementation_rate`."""
    from .selectors.figures import implementation_rate as rate

    return _from_rate(rate(today=as_of), what="近12个月有符合（含基本符合）检查记录的现行标准 / 现行标准",
                      url=reverse("check-list"))


def training_rate(*, as_of: dt.date | None = None) -> FigureValue:
    """参训率 for the year of `as_of`: see `standards.selectors.figures.participation_rate`."""
    from django.utils import timezone

    from .selectors.figures import participation_rate as rate

    year = (as_of or timezone.localdate()).year
    return _from_rate(rate(year=year), what=f"{year}年培训实到人次 / 应到人次",
                      url=reverse("training-list"))


def acknowledgement_rate(*, as_of: dt.date | None = None) -> FigureValue:
    """学习确认率: see `standards.selectors.figures.acknowledgement_rate`."""
    from .selectors.figures import acknowledgement_rate as rate

    return _from_rate(rate(), what="已确认 / 应确认（现行版本）", url=reverse("acknowledgement-rates"))


def _doc(fn) -> str:
    from .selectors import figures as owner

    return (getattr(owner, fn.__name__.replace("training_rate", "participation_rate")).__doc__ or "").strip()


def register() -> None:
    for key, label, fn, target in (
        ("implementation_rate", "标准实施率", implementation_rate, 95.0),
        ("training_rate", "参训率", training_rate, 95.0),
        ("acknowledgement_rate", "学习确认率", acknowledgement_rate, 95.0),
    ):
        figure_register(Figure(key=key, label=label, unit="%", target=target, definition=_doc(fn), compute=fn))
    figure_register(Figure(key="system_completeness", label="体系完整性", unit="%", target=100.0,
                           definition=system_completeness.__doc__.strip(), compute=system_completeness))
    figure_register(Figure(key="standards_in_force", label="现行标准数", unit="项",
                           definition=standards_in_force.__doc__.strip(), compute=standards_in_force))
