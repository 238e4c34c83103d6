"""Scorecard reads: the month's ranking with every score (3 queries), and the notice context."""

import datetime as dt

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from qms.core.issuing import document_code, format_number, issued_document_for
from qms.org.selectors import organisation_profile

from ..models import CriterionScope, Score, Scorecard, ScoreCriterion
from .complaints import complaint_stats
from .satisfaction import ratings_between, satisfaction_summary

RANKING_RULE = _("每项按其权重计分（得分 = 得分率 × 权重 ÷ 100），总分为各项得分之和（某项本月无数据时按已计分项折算为百分制）。"
                 "排名按总分从高到低；总分相同的，依次比较满意率（高者在前）、属实投诉（少者在前）、"
                 "按时办结率（高者在前，即超期件少者在前）；以上全部相同的并列名次，并列第一的共同获得流动红旗。")


def scorecard_months() -> list[dt.date]:
    return list(Scorecard.objects.order_by("-month").values_list("month", flat=True).distinct())


def scorecards_for_month(month: dt.date) -> list[Scorecard]:
    scores = Score.objects.select_related("criterion").order_by("criterion__order", "criterion__code")
    return list(Scorecard.objects.filter(month=month.replace(day=1)).select_related("department")
                .prefetch_related(Prefetch("scores", scores)).order_by("rank", "department__order"))


def criteria_active() -> list[ScoreCriterion]:
    return list(ScoreCriterion.objects.filter(is_active=True, scope=CriterionScope.WINDOW))


def monthly_notice_context(month: dt.date) -> dict:
    """Plain data for the monthly notice (月通报) of window assessment."""
    import calendar

    start = month.replace(day=1)
    end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    cards = scorecards_for_month(start)
    criteria = criteria_active()
    summary = satisfaction_summary(ratings_between(start, end))
    stats = complaint_stats(start, end, today=end)
    rows = []
    for card in cards:
        by_criterion = {s.criterion_id: s for s in card.scores.all()}
        rows.append({
            "rank": card.rank, "window": card.department.name, "total": card.total, "red_flag": card.red_flag,
            "ratings": card.ratings, "satisfaction_rate": card.satisfaction_rate,
            "scores": [by_criterion[c.pk].points if c.pk in by_criterion else None for c in criteria],
            "notes": "；".join(f"{s.criterion.name}：{s.note}" for s in card.scores.all() if s.note),
        })
    flags = [r["window"] for r in rows if r["red_flag"]]
    issued = issued_document_for(f"month:{start:%Y-%m}")
    return {
        "document_number": issued.number if issued else format_number(document_code(), end.year, None),
        "issued_on": issued.issued_on if issued else None,
        "organisation": organisation_profile().name, "month": f"{start:%Y年%m月}".replace("年0", "年"),
        "criteria": [f"{c.name}（{float(c.weight):g}）" for c in criteria], "rows": rows,
        "red_flag": "、".join(flags), "ratings": summary.total, "satisfaction_rate": summary.rate,
        "dissatisfied": summary.dissatisfied, "target": summary.target,
        "complaints": stats.total, "substantiated": stats.substantiated,
        "rule": str(RANKING_RULE),
        "published": bool(cards) and all(c.status == Scorecard.Status.PUBLISHED for c in cards),
    }
