"""External evaluations (外部评价) read for their pages, the satisfaction page, the management
review and the figure 外部评价得分率 (one arithmetic: `external_score`)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import ExternalEvaluation, ExternalFinding, FollowUp


def external_between(start: dt.date, end: dt.date) -> QuerySet:
    return (ExternalEvaluation.objects.filter(held_on__gte=start, held_on__lte=end)
            .annotate(n_findings=Count("findings", distinct=True),
                      n_open=Count("findings", filter=Q(findings__follow_up=FollowUp.NONE), distinct=True))
            .prefetch_related("departments").order_by("held_on", "id"))


def external_detail(pk: int) -> ExternalEvaluation:
    findings = ExternalFinding.objects.select_related("department").order_by("id")
    return (ExternalEvaluation.objects.prefetch_related("departments", "attachments", Prefetch("findings", findings))
            .get(pk=pk))


@dataclass(frozen=True)
class ExternalScore:
    evaluations: int  # with a score
    points: Decimal  # Σ 得分
    full: Decimal  # Σ 满分

    @property
    def rate(self) -> Decimal | None:
        return (self.points * 100 / self.full).quantize(Decimal("0.01")) if self.full else None


def external_score(evaluations) -> ExternalScore:
    """外部评价得分率: the scores of the external evaluations (第三方测评, 代表委员评议, 明察暗访)
    that gave one, summed and divided by the sum of their full marks (满分), in %; each evaluation
    weighs by its scale, so a 10-point appraisal counts as 10 points of 100. Evaluations without a
    score are listed but not in the rate."""
    scored = [e for e in evaluations if e.score is not None]
    return ExternalScore(evaluations=len(scored), points=sum((e.score for e in scored), Decimal(0)),
                         full=sum((e.full_score for e in scored), Decimal(0)))


def number_text(value: Decimal) -> str:
    """92.50 -> '92.5', 100.00 -> '100'."""
    return format(value.normalize(), "f")


def external_rows(evaluations) -> list[list[str]]:
    return [[f"{e.held_on:%Y-%m-%d}", e.get_kind_display(), e.title, e.evaluator,
             "、".join(d.name for d in e.departments.all()) or e.scope or "全中心", e.score_text,
             f"{e.n_findings}（待跟进 {e.n_open}）"] for e in evaluations]


EXTERNAL_HEADER = ["日期", "方式", "名称", "评价机构/人员", "范围", "得分", "发现问题"]


def external_lines(evaluations) -> list[str]:
    """One sentence for the management review and the satisfaction page."""
    evaluations = list(evaluations)
    if not evaluations:
        return []
    score = external_score(evaluations)
    kinds = {}
    for e in evaluations:
        kinds[e.get_kind_display()] = kinds.get(e.get_kind_display(), 0) + 1
    findings, open_ = sum(e.n_findings for e in evaluations), sum(e.n_open for e in evaluations)
    rate = f"，外部评价得分率 {score.rate}%" if score.rate is not None else ""
    return [f"外部评价 {len(evaluations)} 次（" + "、".join(f"{k} {n} 次" for k, n in kinds.items()) + f"）{rate}；"
            f"发现问题 {findings} 项，已跟进 {findings - open_} 项，待跟进 {open_} 项。"]


def findings_without_follow_up() -> QuerySet:
    return (ExternalFinding.objects.filter(follow_up=FollowUp.NONE).select_related("evaluation")
            .order_by("evaluation__held_on", "id"))
