"""Figures owned by the standards app (see qms.core.figures). The arithmetic of the rates is in
`standards.selectors.figures` and of reviews due in `standards.selectors.lifecycle`; these wrap
it for the registry, and each registered definition is that selector's docstring."""

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.figures import Figure, FigureValue, figure_register

from .models import Standard, StandardStatus, SystemNode, TrainingPlan
from .selectors import figures as rates
from .selectors import training as training_rates
from .selectors.lifecycle import reviews_due as reviews_due_list


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
    return _from_rate(rates.implementation_rate(today=as_of),
                      what="近12个月最近一次检查为符合（含基本符合）的标准 / 近12个月检查过的现行标准",
                      url=reverse("check-list"))


def check_coverage(*, as_of: dt.date | None = None) -> FigureValue:
    return _from_rate(rates.check_coverage(today=as_of), what="近12个月检查过的标准 / 应检查的现行标准",
                      url=reverse("check-list"))


def training_rate(*, as_of: dt.date | None = None) -> FigureValue:
    day = as_of or timezone.localdate()
    return _from_rate(rates.participation_rate(year=day.year, until=day), what=f"{day.year}年培训实到人次 / 应到人次",
                      url=reverse("training-list"))


def training_pass_rate(*, as_of: dt.date | None = None) -> FigureValue:
    day = as_of or timezone.localdate()
    rate = training_rates.pass_rate(year=day.year, until=day)
    breakdown = [{"label": row.department.name, "value": row.passing.percent, "numerator": row.passing.numerator,
                  "denominator": row.passing.denominator}
                 for row in training_rates.by_department(year=day.year, until=day) if row.passing.denominator]
    return FigureValue(value=rate.percent, numerator=rate.numerator, denominator=rate.denominator,
                       detail=f"{day.year}年考核合格人次 / 参加考核人次：{rate.numerator} / {rate.denominator}",
                       url=reverse("training-list"), breakdown=breakdown)


def training_plan_completion(*, as_of: dt.date | None = None) -> FigureValue:
    day = as_of or timezone.localdate()
    plan = TrainingPlan.objects.filter(year=day.year).first()
    if plan is None:
        return FigureValue(value=None, detail=f"{day.year}年尚未编制培训计划", url=reverse("training-plan-list"))
    rate = training_rates.plan_completion(plan, as_of=day)
    return FigureValue(value=rate.percent, numerator=rate.numerator, denominator=rate.denominator,
                       detail=f"{plan.title}：已实施 {rate.numerator} 项 / 截至本月应实施 {rate.denominator} 项",
                       url=reverse("training-plan-detail", args=[plan.pk]))


def acknowledgement_rate(*, as_of: dt.date | None = None) -> FigureValue:
    return _from_rate(rates.acknowledgement_rate(), what="已确认 / 应确认（现行版本）", url=reverse("acknowledgement-rates"))


def reviews_due(*, as_of: dt.date | None = None) -> FigureValue:
    rows = reviews_due_list(today=as_of)
    overdue = sum(1 for r in rows if r.overdue)
    return FigureValue(value=len(rows), detail=f"已逾期 {overdue} 项，90 天内到期 {len(rows) - overdue} 项（自制标准）",
                       url=reverse("periodic-review-list"))


# What users read for each figure (see `Figure.help`), from the definitions above.
HELP = {
    "implementation_rate": _("近12个月内做过实施检查的现行标准中，最近一次检查结论为“符合”或“基本符合”的所占比例。最近一次检查为“不符合”的标准计入分母，直到再次检查符合；近12个月未检查的标准不计入（见检查覆盖面）。"),
    "check_coverage": _("应检查的现行标准中，近12个月内至少做过一次实施检查（结论不限）的所占比例。标记为“通过其他标准检查”的采用标准（术语、符号等）不计入。"),
    "training_rate": _("本年度截至当日已举办的培训中，应参训人员实际参训的人次 ÷ 应参训人次。应参训人员为培训所涉部门的在岗人员及点名人员；未列为应参训而参加的人员不计入。"),
    "acknowledgement_rate": _("现行版本标准的学习确认要求中，本人已确认的所占比例，按当前状态计算；非现行版本的确认要求不计入。"),
    "training_pass_rate": _("本年度截至当日举办的有考核的培训中，成绩达到该次合格分的人次 ÷ 有成绩记录的参考人次，每人每次培训计一次。补考是另一次培训：先不合格后合格的人各计一次。"),
    "training_plan_completion": _("本年度培训计划中截至本月应实施的项目（往年计划为全部项目）里，截至当日已有培训举办的所占比例。当年未编制培训计划时不计算。"),
    "system_completeness": _("在用的子体系（有上级节点的体系节点）中，至少有一项现行标准的所占比例，按当前状态计算。"),
    "standards_in_force": _("当前有现行版本的标准项数。"),
    "reviews_due": _("自制标准中复审已逾期或将在90天内到期的项数。到期日为现行版本最近一次复审日期（未复审的为实施日期）加复审周期；采用的国家、地方等外部标准做有效性确认、不做复审，不计入。"),
}


def register() -> None:
    undated = {"acknowledgement_rate", "system_completeness"}  # they ignore `as_of`: the current state
    for key, label, fn, definition, target in (
        ("implementation_rate", "标准实施率", implementation_rate, rates.implementation_rate, 95.0),
        ("check_coverage", "检查覆盖面", check_coverage, rates.check_coverage, 90.0),
        ("training_rate", "参训率", training_rate, rates.participation_rate, 95.0),
        ("acknowledgement_rate", "学习确认率", acknowledgement_rate, rates.acknowledgement_rate, 95.0),
        ("training_pass_rate", "考核合格率", training_pass_rate, training_rates.pass_rate, 90.0),
        ("training_plan_completion", "培训计划完成率", training_plan_completion, training_rates.plan_completion,
         100.0),
        ("system_completeness", "体系完整性", system_completeness, system_completeness, 100.0),
    ):
        figure_register(Figure(key=key, label=label, unit="%", target=target, definition=definition.__doc__.strip(),
                               help=HELP[key], compute=fn, dated=key not in undated))
    figure_register(Figure(key="standards_in_force", label="现行标准数", unit="项",
                           definition=standards_in_force.__doc__.strip(), help=HELP["standards_in_force"], compute=standards_in_force,
                           dated=False))
    figure_register(Figure(key="reviews_due", label="复审到期", unit="项", higher_is_better=False,
                           definition=reviews_due_list.__doc__.strip(), help=HELP["reviews_due"], compute=reviews_due))
