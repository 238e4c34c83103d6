"""The catalogue's figure (标准覆盖率), registered in qms.core.figures for the dashboard and the
scoring sheet. The arithmetic is `standard_coverage` in selectors."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.figures import Figure, FigureValue, figure_register

from .selectors import standard_coverage


def coverage(*, as_of: dt.date | None = None) -> FigureValue:
    """标准覆盖率 now (service items, posts and facilities together); see `standard_coverage`."""
    overall = standard_coverage().overall
    combined = overall.combined
    parts = [("事项", overall.items), ("岗位", overall.posts), ("设施", overall.facilities)]
    detail = "；".join(f"{name} {r.covered}/{r.total}" for name, r in parts if r.total)
    return FigureValue(value=combined.rate, numerator=combined.covered, denominator=combined.total,
                       detail=f"已覆盖 {combined.covered} / {combined.total}（{detail}）", url=reverse("coverage"),
                       breakdown=[{"label": name, "covered": r.covered, "total": r.total, "rate": r.rate}
                                  for name, r in parts])


def register() -> None:
    figure_register(Figure(key="coverage", label="标准覆盖率", unit="%", target=90.0,
                           help=_("已有现行标准覆盖的对象 ÷ 应覆盖的对象，按当前状态计算：在用服务事项及办理项有现行项目办理规程、在用岗位关联现行工作标准、在用设施设备有现行管理标准，三类合计。没有可计数对象时显示“—”。"),
                           definition=standard_coverage.__doc__.strip(), compute=coverage, dated=False))
