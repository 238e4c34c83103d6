"""Monthly staff assessment (员工考核) and the month's 服务之星.

The staff criteria are ScoreCriterion rows with scope 员工考核 (weights and deductions are data,
edited on the criteria page like the window criteria). Every person with attendance imported
for the month gets a card; each criterion scores 0-100 by deduction:
  出勤率 (attendance)   100 - (100 - 出勤率) x deduction   (出勤率 = days present ÷ days due)
  迟到早退 (lateness)   100 - late/early-leave count x deduction
  满意率 (satisfaction) 100 - (target - 满意率) x deduction when below target, from the ratings
                        naming the person; no ratings: not scored
  按时办结 (on time)    as for windows, from the ratings naming the person; no data: not scored
  投诉 (complaints)     not scored for a person (complaints are recorded per window)
  manual               start at 100; the office enters deductions with their reason
The total is the sum of points (得分率 x weight ÷ 100), scaled to 100 over the scored criteria,
exactly as the window scorecard (`scorecards._rank`).

服务之星 (STAR_RULE, printed on the page): the person ranked first. Ranking: higher total; on
equal totals, higher 出勤率; then higher 满意率 (a person without ratings after those with);
then more 好评 (ratings of 满意 naming the person: of two people with every rating 满意, the one
who served more people well); only then by name (Unicode order of the name as shown) and 工号 —
so there is always exactly one star when anyone has a total, and no two people share a rank."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core.bulk import create_with_history, update_with_history
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason

from ..models import Attendance, CriterionScope, CriterionSource, ScoreCriterion, StaffScore, StaffScorecard
from ..models.scorecards import criterion_points
from ..permissions import can_manage_evaluation
from ..selectors.satisfaction import _counts, _row, ratings_between
from ..selectors.settings import evaluation_settings
from .scorecards import HUNDRED, TWO, _clamp, _derived, month_bounds

STAR_RULE = gettext_lazy(
    "每项按其权重计分，总分为各项得分之和（某项本月无数据时按已计分项折算为百分制）。排名按总分从高到低；"
    "总分相同的，出勤率高者在前；再相同的，满意率高者在前（本月无评价的排在有评价的之后）；"
    "再相同的，好评数（评价为“满意”的件数）多者在前；再相同的，按姓名、工号顺序。排名第一者为本月“服务之星”（每月一名）。")


def _require_office(actor):
    if not can_manage_evaluation(actor):
        raise PermissionRefused(_("只有标准化办公室可以进行员工考核。"))


def staff_criteria() -> list[ScoreCriterion]:
    return list(ScoreCriterion.objects.filter(is_active=True, scope=CriterionScope.STAFF))


def _staff_ratings(start: dt.date, end: dt.date, user_ids) -> dict:
    rows = (ratings_between(start, end).filter(staff_id__in=list(user_ids)).values("staff_id")
            .annotate(**_counts()).order_by())
    return {r["staff_id"]: _row(r, r["staff_id"], "", None) for r in rows}


def _measure(criterion, attendance: Attendance, sat, target):
    """(measured, score, note) of a data-derived staff criterion."""
    if criterion.source == CriterionSource.ATTENDANCE:
        rate = attendance.rate
        if rate is None:
            return None, None, _("本月无应出勤天数")
        return rate, _clamp(HUNDRED - (HUNDRED - rate) * criterion.deduction), (
            _("缺勤 %(n)d 次") % {"n": attendance.absent} if attendance.absent else "")
    if criterion.source == CriterionSource.LATENESS:
        n = attendance.late
        return Decimal(n), _clamp(HUNDRED - n * criterion.deduction), (
            _("迟到早退 %(n)d 次") % {"n": n} if n else "")
    if criterion.source == CriterionSource.COMPLAINTS:
        return None, None, _("投诉按窗口记录，不计入个人")
    return _derived(criterion, sat, None, target)


@transaction.atomic
def staff_scorecards_compute(*, actor, month: dt.date) -> list[StaffScorecard]:
    """Create or refresh the month's card of everyone with attendance imported for it."""
    _require_office(actor)
    start, end = month_bounds(month)
    if start > timezone.localdate():
        raise ApplicationError(_("不能考核尚未开始的月份。"), field="month")
    attendance = {a.user_id: a for a in Attendance.objects.filter(month=start).select_related("user")}
    if not attendance:
        raise ApplicationError(_("%(m)s 尚未导入出勤，无法考核。") % {"m": f"{start:%Y-%m}"})
    criteria = staff_criteria()
    if not criteria:
        raise ApplicationError(_("请先设置员工考核项目和权重。"))
    cards = {c.user_id: c for c in StaffScorecard.objects.select_for_update().filter(month=start)}
    new = [StaffScorecard(month=start, user=a.user, department_id=a.user.department_id)
           for uid, a in attendance.items() if uid not in cards]
    if new:
        create_with_history(StaffScorecard, new, actor=actor, reason=_("生成员工考核"))
    cards = {c.user_id: c for c in StaffScorecard.objects.filter(month=start, user__in=list(attendance))
             .select_related("user")}
    sat = _staff_ratings(start, end, attendance)
    target = evaluation_settings().satisfaction_target
    existing = {(s.card_id, s.criterion_id): s for s in StaffScore.objects.filter(card__in=list(cards.values()))}
    create, update = [], []
    for uid, card in cards.items():
        for criterion in criteria:
            score = existing.get((card.pk, criterion.pk))
            if criterion.source == CriterionSource.MANUAL:
                if score is None:
                    create.append(StaffScore(card=card, criterion=criterion, score=HUNDRED))
                continue
            measured, value, note = _measure(criterion, attendance[uid], sat.get(uid), target)
            if score is None:
                create.append(StaffScore(card=card, criterion=criterion, measured=measured, score=value, note=note))
            else:
                score.measured, score.score, score.note = measured, value, note
                update.append(score)
        row = sat.get(uid)
        card.attendance_rate = attendance[uid].rate
        card.satisfaction_rate = row.rate if row else None
        card.favourable = row.satisfied if row else 0
        card.department_id = card.user.department_id
        card.computed_at = timezone.now()
    if create:
        create_with_history(StaffScore, create, actor=actor, reason=_("按记录计算"))
    if update:
        update_with_history(StaffScore, update, ["measured", "score", "note"], actor=actor,
                            reason=_("按记录重新计算"))
    return _rank(list(cards.values()), actor=actor, reason=_("按记录计算员工考核"))


def star_order_key(card: StaffScorecard):
    """The ranking key of STAR_RULE (smaller comes first)."""
    return (card.total is None, -(card.total or 0), -(card.attendance_rate or 0),
            card.satisfaction_rate is None, -(card.satisfaction_rate or 0), -(card.favourable or 0),
            card.user.display_name, card.user.username)


def _rank(cards: list[StaffScorecard], *, actor, reason: str) -> list[StaffScorecard]:
    sums: dict[int, list[Decimal]] = {}
    scored = (StaffScore.objects.filter(card__in=[c.pk for c in cards], score__isnull=False, criterion__is_active=True)
              .values_list("card_id", "score", "criterion__weight"))
    for card_id, score, weight in scored:  # plain values: re-ranked after every manual score
        acc = sums.setdefault(card_id, [Decimal(0), Decimal(0)])
        acc[0] += criterion_points(score, weight)
        acc[1] += weight
    for card in cards:
        acc = sums.get(card.pk)
        card.total = (acc[0] * HUNDRED / acc[1]).quantize(TWO) if acc and acc[1] else None
    ordered = sorted(cards, key=star_order_key)
    for position, card in enumerate(ordered, start=1):
        card.rank = position if card.total is not None else None
        card.star = position == 1 and card.total is not None
    update_with_history(StaffScorecard, ordered, ["total", "rank", "star", "attendance_rate", "satisfaction_rate",
                                                  "favourable", "department", "computed_at"], actor=actor, reason=reason)
    return ordered


@transaction.atomic
def staff_score_set(*, actor, score: StaffScore, value, note: str = "") -> StaffScore:
    """Enter a manual staff criterion's score (a deduction needs its reason); re-rank the month."""
    _require_office(actor)
    score = StaffScore.objects.select_for_update().select_related("criterion", "card").get(pk=score.pk)
    if score.criterion.source != CriterionSource.MANUAL:
        raise ApplicationError(_("“%(c)s”由记录自动计算，不能手工修改。") % {"c": score.criterion.name})
    value = Decimal(value)
    if not Decimal(0) <= value <= HUNDRED:
        raise ApplicationError(_("得分应在 0 到 100 之间。"), field="score")
    if value < HUNDRED and not (note or "").strip():
        raise ApplicationError(_("扣分须写明原因。"), field="note")
    score.score, score.note = value.quantize(TWO), (note or "").strip()
    save_with_reason(score, actor=actor, reason=_("人工评分"))
    cards = list(StaffScorecard.objects.filter(month=score.card.month).select_related("user"))
    _rank(cards, actor=actor, reason=_("人工评分后重新排名"))
    return score
