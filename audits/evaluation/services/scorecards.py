"""Monthly window scorecards: computed in bulk (a fixed number of queries for any number of
windows and ratings), manual deductions, ranking, 流动红旗 and publication.

Scoring is by deduction (扣分制): every criterion scores 0-100. Data-derived criteria:
  满意率   100 - (target - rate) x deduction, when below target; no ratings: not scored
  按时办结 100 - (100 - on-time rate) x deduction; no data: not scored
  投诉     100 - substantiated complaints x deduction
  办件     按期办结率 / 提前办结率 of the window's cases finished in the month (the cases app's
           figures, see audits.cases.selectors): 100 - (100 - rate) x deduction; no cases: not scored
Manual criteria start at 100 and the office enters deductions. Pages and the notice show each
criterion in points on its own scale (得分率 x weight / 100, never above the weight) and the total
is the sum of those points; when a criterion has no data in the month, the total is scaled to
100 over the scored criteria (Σ points x 100 / Σ their weights).

Ranking (the rule printed on the notice): higher total; on equal totals, higher 满意率; then
fewer substantiated complaints; then higher on-time rate (fewer overdue cases). Windows equal on
all four share the rank, and windows sharing first place share the 流动红旗."""

import calendar
import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qms.core.bulk import create_with_history, update_with_history
from qms.core.documents.dates import cn_month
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason
from qms.core.issuing import document_number_issue
from qms.core.models import IssuedDocument
from qms.core.workflow import transition_many
from qms.org.models import Department

from .. import sources
from ..models import CriterionScope, CriterionSource, Score, Scorecard, ScoreCriterion
from ..models.scorecards import criterion_points
from ..permissions import can_manage_evaluation
from ..selectors.complaints import complaints_by_department
from ..selectors.satisfaction import satisfaction_by_department_month
from ..selectors.settings import evaluation_settings
from ..workflows import SCORECARD_WORKFLOW

HUNDRED = Decimal(100)
TWO = Decimal("0.01")


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _clamp(value: Decimal) -> Decimal:
    return max(Decimal(0), min(HUNDRED, value)).quantize(TWO)


CASE_SOURCES = {CriterionSource.CASES_ON_TIME: gettext_noop("本月无办结的有承诺时限办件"),
                CriterionSource.CASES_EARLY: gettext_noop("本月无办结的承诺件")}


def _from_cases(criterion: ScoreCriterion, cases: dict | None):
    """(measured, score, note) for a criterion drawing on the cases figures of the window's month."""
    rate = (cases or {}).get(criterion.source)
    if rate is None:
        return None, None, _(CASE_SOURCES[criterion.source])
    rate = Decimal(str(rate))
    return rate, _clamp(HUNDRED - (HUNDRED - rate) * criterion.deduction), ""


def _derived(criterion: ScoreCriterion, sat, complaints: dict | None, target: Decimal, cases: dict | None = None):
    """(measured, score, note) for a data-derived criterion."""
    if criterion.source in CASE_SOURCES:
        return _from_cases(criterion, cases)
    if criterion.source == CriterionSource.SATISFACTION:
        rate = sat.rate if sat else None
        if rate is None:
            return None, None, _("本月无评价")
        return rate, _clamp(HUNDRED - max(Decimal(0), target - rate) * criterion.deduction), ""
    if criterion.source == CriterionSource.ON_TIME:
        rate = sat.on_time_rate if sat else None
        if rate is None:
            return None, None, _("本月无办结时限数据")
        return rate, _clamp(HUNDRED - (HUNDRED - rate) * criterion.deduction), ""
    count = (complaints or {}).get("substantiated", 0)
    return Decimal(count), _clamp(HUNDRED - count * criterion.deduction), (
        _("属实投诉 %(n)d 件") % {"n": count} if count else "")


def _require_office(actor):
    if not can_manage_evaluation(actor):
        raise PermissionRefused(_("只有标准化办公室可以进行窗口考评。"))


@transaction.atomic
def scorecards_compute(*, actor, month: dt.date) -> list[Scorecard]:
    """Create or refresh every active window's scorecard for `month` from the records."""
    _require_office(actor)
    start, end = month_bounds(month)
    if start > timezone.localdate():
        raise ApplicationError(_("不能考评尚未开始的月份。"), field="month")
    cards = {c.department_id: c for c in Scorecard.objects.select_for_update().filter(month=start)}
    if any(c.status == Scorecard.Status.PUBLISHED for c in cards.values()):
        raise ApplicationError(_("%(m)s 的考评已通报，不能重新计算。") % {"m": f"{start:%Y-%m}"})
    criteria = list(ScoreCriterion.objects.filter(is_active=True, scope=CriterionScope.WINDOW))
    if not criteria:
        raise ApplicationError(_("请先设置考评项目和权重。"))
    windows = list(Department.objects.filter(kind=Department.Kind.DEPARTMENT, is_active=True))
    sat = satisfaction_by_department_month(start, end)
    complaints = complaints_by_department(start, end)
    cases = _case_rates(criteria, start, end)
    now = timezone.now()
    new_cards = [Scorecard(month=start, department=w) for w in windows if w.pk not in cards]
    if new_cards:
        create_with_history(Scorecard, new_cards, actor=actor, reason=_("生成月度考评"))
    cards = {c.department_id: c for c in Scorecard.objects.filter(month=start).select_related("department")}
    _fill_scores(cards, criteria, sat, complaints, cases, evaluation_settings().satisfaction_target, actor)
    for card in cards.values():
        row = sat.get(card.department_id)
        card.ratings, card.satisfaction_rate, card.computed_at = (row.total if row else 0), (row.rate if row else None), now
    return _rank(list(cards.values()), actor=actor, reason=_("按记录计算考评"))


def _case_rates(criteria, start, end) -> dict:
    """The month's case figures per window, read only when a criterion asks for them."""
    if not any(c.source in CASE_SOURCES for c in criteria):
        return {}
    rates = sources.case_rates_by_department(start, end)
    if rates is None:
        raise ApplicationError(_("考评项目引用了办件数据，但办件模块尚未启用。"))
    return rates


def _fill_scores(cards, criteria, sat, complaints, cases, target, actor) -> None:
    existing = {(s.scorecard_id, s.criterion_id): s
                for s in Score.objects.filter(scorecard__in=[c.pk for c in cards.values()])}
    create, update = [], []
    for card in cards.values():
        for criterion in criteria:
            score = existing.get((card.pk, criterion.pk))
            if criterion.source == CriterionSource.MANUAL:
                if score is None:
                    create.append(Score(scorecard=card, criterion=criterion, score=HUNDRED, scored_by=actor))
                continue
            measured, value, note = _derived(criterion, sat.get(card.department_id),
                                             complaints.get(card.department_id), target, cases.get(card.department_id))
            if score is None:
                create.append(Score(scorecard=card, criterion=criterion, measured=measured, score=value, note=note))
            else:
                score.measured, score.score, score.note = measured, value, note
                update.append(score)
    if create:
        create_with_history(Score, create, actor=actor, reason=_("按记录计算"))
    if update:
        update_with_history(Score, update, ["measured", "score", "note"], actor=actor, reason=_("按记录重新计算"))


def _rank(cards: list[Scorecard], *, actor, reason: str) -> list[Scorecard]:
    """Totals, ranks and the red flag by the rule in the module docstring, saved in bulk."""
    weights, measured = {}, {}
    scored = (Score.objects.filter(scorecard__in=[c.pk for c in cards], score__isnull=False, criterion__is_active=True)
              .values_list("scorecard_id", "score", "measured", "criterion__weight", "criterion__source"))
    for card_id, score, value, weight, source in scored:  # plain values: re-ranked after every manual score
        acc = weights.setdefault(card_id, [Decimal(0), Decimal(0)])
        acc[0] += criterion_points(score, weight)  # as the cells show it, so the cells add up to the total
        acc[1] += weight
        measured[(card_id, source)] = value
    for card in cards:
        acc = weights.get(card.pk)
        card.total = (acc[0] * HUNDRED / acc[1]).quantize(TWO) if acc and acc[1] else None

    def merit(card):
        complaints = measured.get((card.pk, CriterionSource.COMPLAINTS)) or Decimal(0)
        on_time = measured.get((card.pk, CriterionSource.ON_TIME)) or Decimal(0)
        return (card.total or Decimal(0), card.satisfaction_rate or Decimal(0), -complaints, on_time)

    ordered = sorted(cards, key=lambda c: (c.total is None, tuple(-v for v in merit(c)), c.department.order,
                                           c.department.code))
    rank, previous = 0, None
    for position, card in enumerate(ordered, start=1):
        if card.total is None:
            card.rank, card.red_flag = None, False
            continue
        if merit(card) != previous:
            rank, previous = position, merit(card)
        card.rank, card.red_flag = rank, rank == 1
    update_with_history(Scorecard, ordered, ["total", "rank", "red_flag", "ratings", "satisfaction_rate", "computed_at"],
                        actor=actor, reason=reason)
    return ordered


@transaction.atomic
def score_set(*, actor, score: Score, value: Decimal, note: str = "") -> Score:
    """Enter a manual criterion's score (with the reason for any deduction); re-rank the month."""
    _require_office(actor)
    score = Score.objects.select_for_update().select_related("criterion", "scorecard").get(pk=score.pk)
    if score.scorecard.status == Scorecard.Status.PUBLISHED:
        raise ApplicationError(_("已通报的考评不能修改。"))
    if score.criterion.source != CriterionSource.MANUAL:
        raise ApplicationError(_("“%(c)s”由记录自动计算，不能手工修改。") % {"c": score.criterion.name})
    value = Decimal(value)
    if not Decimal(0) <= value <= HUNDRED:
        raise ApplicationError(_("得分应在 0 到 100 之间。"), field="score")
    if value < HUNDRED and not (note or "").strip():
        raise ApplicationError(_("扣分须写明原因。"), field="note")
    score.score, score.note, score.scored_by = value.quantize(TWO), (note or "").strip(), actor
    save_with_reason(score, actor=actor, reason=_("人工评分"))
    month_cards = list(Scorecard.objects.filter(month=score.scorecard.month).select_related("department"))
    _rank(month_cards, actor=actor, reason=_("人工评分后重新排名"))
    return score


@transaction.atomic
def scorecards_publish(*, actor, month: dt.date, issued_on: dt.date | None = None) -> int:
    """Publish the month's ranking (通报): scorecards become read-only (each card's declared publish
    move, the cards written together) and the 月通报 takes the next 文号 (dated `issued_on`, by
    default today)."""
    start, _end = month_bounds(month)
    cards = list(Scorecard.objects.select_for_update().filter(month=start))
    if not cards:
        raise ApplicationError(_("%(m)s 尚未计算考评。") % {"m": f"{start:%Y-%m}"})
    if all(c.status == Scorecard.Status.PUBLISHED for c in cards):
        raise ApplicationError(_("%(m)s 的考评已通报。") % {"m": f"{start:%Y-%m}"})
    cards = [c for c in cards if c.status != Scorecard.Status.PUBLISHED]
    transition_many(cards, actor=actor, move="publish", note=_("%(m)s 考评通报") % {"m": f"{start:%Y-%m}"},
                    workflow=SCORECARD_WORKFLOW)
    document_number_issue(actor=actor, kind=IssuedDocument.Kind.MONTHLY_NOTICE,
                          title=_("关于%(m)s窗口考评情况的通报") % {"m": cn_month(start)},
                          issued_on=issued_on or timezone.localdate(), subject=f"month:{start:%Y-%m}")
    return len(cards)


@transaction.atomic
def criterion_update(*, actor, criterion: ScoreCriterion, weight: Decimal, deduction: Decimal,
                     is_active: bool, description: str = "", source: str | None = None) -> ScoreCriterion:
    """Change a criterion's weight, deduction, description, use, and where its score comes from
    (e.g. 按时办结 from the ratings' on-time flag, or from the cases' 按期办结率); months already
    published keep their scores."""
    _require_office(actor)
    if source is not None:
        if source not in CriterionSource.values:
            raise ApplicationError(_("数据来源无效。"), field="source")
        criterion.source = source
    criterion.weight, criterion.deduction, criterion.is_active = weight, deduction, is_active
    criterion.description = description
    return save_with_reason(criterion, actor=actor, reason=_("修改考评项目"))

