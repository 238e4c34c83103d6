"""Survey (评议表) results and the survey 满意率.

Questions have kinds, read from their answer scale: satisfaction scales (满意/基本满意/不满意, or
five levels) and yes/no questions. A satisfaction-scale question has a 满意率 (its favourable
answers ÷ its answers); a yes/no question is reported on its own as the share answering 是
("遇到吃拿卡要：0.0%") and never enters a 满意率. A text question (Scale.TEXT) is answered in
words: its answers are listed, never averaged, and enter no rate; the response's 意见建议 is a
free-text field of every form besides."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from ..models import SCALE_FAVOURABLE, SCALE_POINTS, Scale, Survey, SurveyAnswer
from ..models.satisfaction import SATISFACTION_SCALES
from .satisfaction import rate_of

YES = 1


@dataclass
class QuestionResult:
    order: int
    text: str
    scale_label: str
    answers: int
    distribution: list[tuple[str, int]]
    favourable_rate: Decimal | None  # satisfaction scales only
    mean: Decimal | None  # satisfaction scales only
    yes_share: Decimal | None = None  # yes/no questions only: share answering 是
    kind: str = "scale"  # "scale" (satisfaction scale), "yes_no" or "text"
    texts: list[str] = field(default_factory=list)  # text questions only: the answers, as written

    @property
    def summary(self) -> str:
        """How the question's result is printed: '满意率 97.50%', '是 0.00%' or '文字答案 3 条'."""
        if self.kind == "text":
            return f"文字答案 {self.answers} 条"
        if self.favourable_rate is not None:
            return f"满意率 {self.favourable_rate}%"
        if self.yes_share is not None:
            return f"选“是” {self.yes_share}%"
        return "—"


def survey_results(survey: Survey) -> list[QuestionResult]:
    """Per question: count of each answer; for satisfaction scales the share of favourable answers
    and the mean points, for yes/no questions the share answering 是, for text questions the
    answers themselves in the order given (3 queries)."""
    answers = SurveyAnswer.objects.filter(question__survey=survey)
    counts: dict[tuple[int, int], int] = {}
    for row in (answers.exclude(question__scale=Scale.TEXT).values("question_id", "value")
                .annotate(n=Count("id")).order_by()):
        counts[(row["question_id"], row["value"])] = row["n"]
    texts: dict[int, list[str]] = {}
    for question_id, text in (answers.filter(question__scale=Scale.TEXT).exclude(text="")
                              .order_by("response__submitted_on", "id").values_list("question_id", "text")):
        texts.setdefault(question_id, []).append(text)
    return [_text_result(q, texts.get(q.pk, [])) if q.is_text else _result(q, counts)
            for q in survey.questions.all()]


def _text_result(q, texts: list[str]) -> QuestionResult:
    return QuestionResult(order=q.order, text=q.text, scale_label=q.get_scale_display(), answers=len(texts),
                          distribution=[], favourable_rate=None, mean=None, kind="text", texts=texts)


def _result(q, counts) -> QuestionResult:
    points = SCALE_POINTS[q.scale]
    dist = [(label, counts.get((q.pk, value), 0)) for value, label in points]
    total = sum(n for _label, n in dist)
    result = QuestionResult(order=q.order, text=q.text, scale_label=q.get_scale_display(), answers=total,
                            distribution=dist, favourable_rate=None, mean=None)
    if q.scale == Scale.YES_NO:
        result.kind = "yes_no"
        result.yes_share = rate_of(counts.get((q.pk, YES), 0), total)
        return result
    favourable = sum(counts.get((q.pk, v), 0) for v in SCALE_FAVOURABLE[q.scale])
    weighted = sum(v * counts.get((q.pk, v), 0) for v, _label in points)
    result.favourable_rate = rate_of(favourable, total)
    result.mean = (Decimal(weighted) / total).quantize(Decimal("0.01")) if total else None
    return result


@dataclass(frozen=True)
class SurveySatisfaction:
    favourable: int
    answers: int
    surveys: int

    @property
    def rate(self) -> Decimal | None:
        return rate_of(self.favourable, self.answers)


def _favourable_q() -> Q:
    q = Q()
    for scale, values in SCALE_FAVOURABLE.items():
        q |= Q(question__scale=scale, value__in=values)
    return q


def survey_satisfaction(*, surveys) -> SurveySatisfaction:
    """评议满意率 (survey satisfaction rate) of `surveys` (a queryset).

    = favourable answers (满意/基本满意; 非常满意/满意) to satisfaction-scale questions
      ÷ all answers to satisfaction-scale questions, pooled over the surveys' responses,
      in %, two decimals. Yes/no questions are excluded (reported on their own as the share
      answering 是), and so are text questions (their answers are listed). No answers: not
      measurable."""
    answers = SurveyAnswer.objects.filter(question__survey__in=surveys, question__scale__in=SATISFACTION_SCALES)
    row = answers.aggregate(total=Count("id"), ok=Count("id", filter=_favourable_q()))
    return SurveySatisfaction(favourable=row["ok"], answers=row["total"], surveys=surveys.count())


def surveys_between(start: dt.date, end: dt.date):
    """Surveys whose collection period overlaps [start, end]."""
    return Survey.objects.filter(starts_on__lte=end, ends_on__gte=start)


def survey_lines(surveys) -> list[str]:
    """One sentence per survey for reports: responses, 满意率 of its satisfaction-scale questions,
    each yes/no question's share answering 是, and how many written answers text questions got."""
    lines = []
    for survey in surveys.annotate(n=Count("responses")).order_by("starts_on", "id"):
        rate = survey_satisfaction(surveys=Survey.objects.filter(pk=survey.pk)).rate
        results = survey_results(survey)
        others = [f"“{r.text}”选“是” {_pct(r.yes_share)}" for r in results if r.kind == "yes_no"]
        others += [f"“{r.text}”收到文字意见 {r.answers} 条" for r in results if r.kind == "text"]
        lines.append(f"评议调查“{survey.title}”回收 {survey.n} 份，满意度题目满意率 {_pct(rate)}"
                     + (f"；{'；'.join(others)}" if others else "") + "。")
    return lines


def _pct(value) -> str:
    return "无数据" if value is None else f"{value}%"
