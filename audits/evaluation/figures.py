"""Figures owned by evaluation (see qms.core.figures): 满意率, 评议满意率, 投诉答复及时率 and
外部评价得分率.

Both cover the twelve months up to `as_of` (default today): from the same day a year earlier,
exclusive, to `as_of`, inclusive."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.figures import Figure, FigureValue, figure_register

from .selectors.complaints import complaint_stats
from .selectors.external import external_between, external_score, number_text
from .selectors.satisfaction import ratings_between, satisfaction_summary
from .selectors.surveys import survey_satisfaction, surveys_between


def twelve_months(as_of: dt.date | None) -> tuple[dt.date, dt.date]:
    end = as_of or timezone.localdate()
    try:
        start = end.replace(year=end.year - 1)
    except ValueError:  # 29 February
        start = end.replace(year=end.year - 1, day=28)
    return start + dt.timedelta(days=1), end


def satisfaction_rate(*, as_of: dt.date | None = None) -> FigureValue:
    """满意率 (一事一评): (满意 + 基本满意) ÷ all ratings of finished cases in the twelve months up to
    the date, in %, two decimals. No ratings: not measurable. Survey answers are not in it: they
    make the separate 评议满意率."""
    start, end = twelve_months(as_of)
    row = satisfaction_summary(ratings_between(start, end))
    ok = row.satisfied + row.basic
    return FigureValue(
        value=float(row.rate) if row.rate is not None else None, numerator=ok, denominator=row.total,
        detail=f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}：满意 {row.satisfied}、基本满意 {row.basic}、"
               f"不满意 {row.dissatisfied}，共 {row.total} 件评价",
        url=reverse("satisfaction-overview"),
    )


def survey_satisfaction_rate(*, as_of: dt.date | None = None) -> FigureValue:
    start, end = twelve_months(as_of)
    result = survey_satisfaction(surveys=surveys_between(start, end))
    return FigureValue(
        value=float(result.rate) if result.rate is not None else None, numerator=result.favourable,
        denominator=result.answers,
        detail=f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}：{result.surveys} 次评议调查，满意度题目满意答案 "
               f"{result.favourable} / {result.answers}（是非题不计入）",
        url=reverse("survey-list"),
    )


def complaints_on_time(*, as_of: dt.date | None = None) -> FigureValue:
    """投诉答复及时率: of the complaints received in the twelve months up to the date that are
    replied or past their deadline, the share replied by the deadline (working days), in %."""
    start, end = twelve_months(as_of)
    stats = complaint_stats(start, end, today=end)
    rate = stats.on_time_rate
    return FigureValue(
        value=float(rate) if rate is not None else None, numerator=stats.on_time,
        denominator=stats.on_time + stats.late,
        detail=f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}：受理 {stats.total} 件，按时答复 {stats.on_time} 件，"
               f"超期 {stats.late} 件，属实 {stats.substantiated} 件",
        url=reverse("complaint-list"),
    )


def external_score_rate(*, as_of: dt.date | None = None) -> FigureValue:
    start, end = twelve_months(as_of)
    evaluations = list(external_between(start, end))
    score = external_score(evaluations)
    return FigureValue(
        value=float(score.rate) if score.rate is not None else None, numerator=float(score.points),
        denominator=float(score.full),
        detail=f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}：外部评价 {len(evaluations)} 次，其中有得分 {score.evaluations} 次，"
               f"得分合计 {number_text(score.points)} / 满分合计 {number_text(score.full)}",
        url=reverse("external-list"),
    )


def register() -> None:
    figure_register(Figure(key="satisfaction_rate", label="满意率", unit="%", decimals=2,
                           help=_("近12个月收到的一事一评评价中，“满意”与“基本满意”所占比例，保留两位小数。评议调查的答卷不计入（另计评议满意率）；无评价时不计算。"),
                           target=98.0, definition=satisfaction_rate.__doc__.strip(), compute=satisfaction_rate))
    figure_register(Figure(key="survey_satisfaction_rate", label="评议满意率", unit="%", decimals=2, target=98.0,
                           help=_("评议调查中满意度题目的满意答案（满意、基本满意；或非常满意、满意）÷ 满意度题目的全部答案，保留两位小数；是非题和文字题不计入，无答案时不计算。作为指标时合计收集期与近12个月有重叠的各次调查。"),
                           definition=survey_satisfaction.__doc__.strip(), compute=survey_satisfaction_rate))
    figure_register(Figure(key="complaints_on_time", label="投诉答复及时率", unit="%", decimals=2, target=100.0,
                           help=_("近12个月受理的投诉中，已答复或已超过答复期限的投诉里，在期限（按工作日计）内答复的所占比例。尚未答复且未到期的投诉不计入。"),
                           definition=complaints_on_time.__doc__.strip(), compute=complaints_on_time))
    figure_register(Figure(key="external_score_rate", label="外部评价得分率", unit="%", decimals=2, target=None,
                           help=_("有得分的外部评价（第三方测评、代表委员评议、明察暗访）得分之和 ÷ 满分之和，各次按其满分加权；没有得分的评价只列出、不计入。作为指标时按近12个月内的外部评价计算。"),
                           definition=external_score.__doc__.strip(), compute=external_score_rate))

