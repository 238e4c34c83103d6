"""The management review's inputs (GB/T 19001-2016 9.3.2), compiled from the records of the
review period, and the context of the 管理评审报告.

Each input is a `ReviewSection`; a section whose source app is not installed, or that has no
records, says so (`available=False` -> 无数据) instead of failing."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from qms.core.documents.dates import cn_date, cn_period
from qms.core.figures import figure_get, figure_target, figure_text, figure_value
from qms.org.selectors import organisation_profile
from standards.models import ChangeRequest, Edition, EditionStatus

from .. import sources
from ..models import ActionStatus, ManagementReview, ReviewAction, ReviewDecision, Scorecard
from .complaints import complaint_stats
from .external import EXTERNAL_HEADER, external_between, external_lines, external_rows
from .review_clauses import clause_inputs
from .satisfaction import ratings_between, satisfaction_by_department, satisfaction_summary
from .surveys import survey_lines, surveys_between

# The registered figures (qms.core.figures) the review reports, by key: labels, values and
# definitions all come from the registry, never from arithmetic here.
REVIEW_FIGURES = ["coverage", "implementation_rate", "check_coverage", "training_rate", "acknowledgement_rate",
                  "system_completeness", "reviews_due", "satisfaction_rate", "survey_satisfaction_rate",
                  "complaints_on_time", "external_score_rate", "ca_closed_on_time", "open_ca", "overdue_ca"]
NO_DATA = "无数据"
REVISING = [EditionStatus.DRAFT, EditionStatus.CONSULTATION, EditionStatus.REVIEW, EditionStatus.PENDING_APPROVAL,
            EditionStatus.APPROVED]


@dataclass
class ReviewSection:
    key: str
    title: str
    available: bool = True
    lines: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _pct(value) -> str:
    return NO_DATA if value is None else f"{float(value):.2f}%"


def previous_review(review: ManagementReview) -> ManagementReview | None:
    return (ManagementReview.objects.filter(planned_on__lt=review.planned_on).exclude(pk=review.pk)
            .order_by("-planned_on", "-id").first())


def _previous_actions(review, today) -> ReviewSection:
    section = ReviewSection("previous_actions", "以往管理评审所采取措施的情况")
    previous = previous_review(review)
    if previous is None:
        section.available, section.lines = False, ["本次为首次管理评审，无以往措施。"]
        return section
    actions = list(previous.actions.select_related("owner", "department"))
    closed = sum(a.status == ActionStatus.CLOSED for a in actions)
    section.lines = [f"上次评审 {previous.number}（{cn_date(previous.held_on or previous.planned_on)}）共确定措施 {len(actions)} 项，"
                     f"已验证关闭 {closed} 项，未关闭 {len(actions) - closed} 项。"]
    section.header = ["措施", "责任人", "期限", "状态"]
    section.rows = [[a.description, a.owner.display_name, cn_date(a.due_on),
                     a.get_status_display() + ("（超期）" if a.status != ActionStatus.CLOSED and a.due_on < today else "")]
                    for a in actions]
    return section


def _audits(start, end) -> ReviewSection:
    section = ReviewSection("audits", "内部审核结果及不符合项、纠正措施")
    summary = sources.audits_summary(start, end)
    lines = []
    if summary is not None:
        lines = summary["lines"]
        section.header, section.rows = summary.get("header", []), summary.get("rows", [])
    for key in ("open_ca", "overdue_ca", "ca_closed_on_time"):
        figure, value = figure_get(key), figure_value(key, as_of=end)
        if value is not None and value.value is not None:
            lines.append(f"{figure.label}：{figure.text(value.value)}")
    section.available = bool(lines)
    section.lines = lines or [NO_DATA]
    return section


def _satisfaction(start, end) -> ReviewSection:
    section = ReviewSection("satisfaction", "顾客满意（满意度评价与评议调查）")
    qs = ratings_between(start, end)
    total = satisfaction_summary(qs)
    if not total.total:
        section.available, section.lines = False, [NO_DATA]
    else:
        section.lines = [f"一事一评共 {total.total} 件：满意 {total.satisfied}、基本满意 {total.basic}、不满意 "
                         f"{total.dissatisfied}，满意率 {_pct(total.rate)}（目标 {_pct(total.target)}）。"]
        below = [r for r in satisfaction_by_department(qs, target=total.target) if r.meets_target is False]
        section.header = ["窗口", "评价数", "不满意", "满意率"]
        section.rows = [[r.label, str(r.total), str(r.dissatisfied), _pct(r.rate)] for r in below]
        if below:
            section.lines.append(f"低于目标的窗口 {len(below)} 个，见下表。")
    lines = survey_lines(surveys_between(start, end))
    section.lines += lines
    section.available = section.available or bool(lines)
    return section


def _external(start, end) -> ReviewSection:
    section = ReviewSection("external", "外部评价（第三方测评、人大代表政协委员评议、明察暗访）")
    evaluations = list(external_between(start, end))
    if not evaluations:
        section.available, section.lines = False, [NO_DATA]
        return section
    section.lines, section.header, section.rows = external_lines(evaluations), EXTERNAL_HEADER, external_rows(evaluations)
    return section


def _complaints(start, end, today) -> ReviewSection:
    section = ReviewSection("complaints", "投诉处理")
    stats = complaint_stats(start, end, today=min(today, end))
    if not stats.total:
        section.available, section.lines = False, [NO_DATA]
        return section
    section.lines = [f"受理投诉 {stats.total} 件，已答复 {stats.replied} 件，按时答复率 {_pct(stats.on_time_rate)}，"
                     f"属实 {stats.substantiated} 件，未办结 {stats.open} 件（其中超期 {stats.overdue} 件）。"]
    return section


def _figures(end) -> ReviewSection:
    section = ReviewSection("figures", "标准化工作指标（覆盖率、实施率、参训率等）")
    section.header = ["指标", "数值", "目标", "说明"]
    for key in REVIEW_FIGURES:
        figure, value = figure_get(key), figure_value(key, as_of=end)
        if figure is None:
            continue
        if value is None or value.value is None:
            section.rows.append([figure.label, NO_DATA, "", ""])
            continue
        goal = figure_target(key, as_of=end)
        target = figure_text(goal, figure.unit) if goal is not None else ""
        section.rows.append([figure.label, figure.text(value.value), target, value.detail])
    section.available = any(row[1] != NO_DATA for row in section.rows)
    return section


def _standards_changes(start, end) -> ReviewSection:
    """Editions published (put in force) and withdrawn in the period, by their business dates."""
    section = ReviewSection("standards", "标准体系的变更")
    editions = Edition.objects.select_related("standard")
    published = list(editions.filter(published_on__gte=start, published_on__lte=end,
                                     status__in=[EditionStatus.IN_FORCE, EditionStatus.SUPERSEDED,
                                                 EditionStatus.WITHDRAWN]).order_by("published_on", "number"))
    withdrawn = list(editions.filter(withdrawn_on__gte=start, withdrawn_on__lte=end).order_by("withdrawn_on"))
    revised = [e for e in published if e.seq > 1]
    revising = list(editions.filter(seq__gt=1, created_at__date__lte=end, status__in=REVISING)
                    .order_by("standard__code"))
    requests = ChangeRequest.objects.filter(created_at__date__gte=start, created_at__date__lte=end).count()
    if not (published or withdrawn or requests or revising):
        section.available, section.lines = False, [NO_DATA]
        return section
    section.lines = [f"发布实施 {len(published)} 项（其中修订 {len(revised)} 项），废止 {len(withdrawn)} 项，"
                     f"正在修订 {len(revising)} 项，收到修订申请 {requests} 项。"]
    section.header = ["日期", "变更", "标准"]
    moves = sorted([(e.published_on, "发布实施", e) for e in published]
                   + [(e.withdrawn_on, "废止", e) for e in withdrawn], key=lambda m: (m[0], m[2].number))
    section.rows = [[cn_date(day), label, f"{e.number} {e.standard.name}"] for day, label, e in moves[:200]]
    section.rows += [["—", f"修订中（{e.get_status_display()}）", f"{e.number} {e.standard.name}"] for e in revising]
    return section


def _scorecards(start, end) -> ReviewSection:
    section = ReviewSection("scorecards", "窗口考评（流动红旗）")
    flags = list(Scorecard.objects.filter(month__gte=start.replace(day=1), month__lte=end, red_flag=True,
                                          status=Scorecard.Status.PUBLISHED).select_related("department")
                 .order_by("month"))
    if not flags:
        section.available, section.lines = False, [NO_DATA]
        return section
    section.header = ["月份", "流动红旗窗口", "总分"]
    section.rows = [[f"{c.month:%Y-%m}", c.department.name, f"{c.total}"] for c in flags]
    section.lines = [f"已通报 {len(flags)} 个月的窗口考评。"]
    return section


def _improvements(start, end) -> ReviewSection:
    section = ReviewSection("improvements", "持续改进")
    summary = sources.improvements_summary(start, end)
    if not summary or not summary["rows"]:
        section.available, section.lines = False, [NO_DATA]
        return section
    section.lines, section.header, section.rows = summary["lines"], summary["header"], summary["rows"]
    return section


def _department_inputs(review) -> ReviewSection:
    section = ReviewSection("departments", "各部门输入")
    inputs = list(review.department_inputs.select_related("department", "author"))
    if not inputs:
        section.available, section.lines = False, [NO_DATA]
    section.header = ["部门", "输入内容"]
    section.rows = [[i.department.name, i.text] for i in inputs]
    return section


def review_inputs(review: ManagementReview, *, today: dt.date | None = None) -> list[ReviewSection]:
    """Every input of the review for its period, in the order of GB/T 19001-2016 9.3.2."""
    today = today or timezone.localdate()
    start, end = review.period_start, review.period_end
    return [
        _previous_actions(review, today), _audits(start, end), _satisfaction(start, end), _external(start, end),
        _complaints(start, end, today), _figures(end), _standards_changes(start, end), _scorecards(start, end),
        _improvements(start, end), _department_inputs(review),
    ]


def review_detail(pk: int) -> ManagementReview:
    actions = ReviewAction.objects.select_related("owner", "department").order_by("due_on", "id")
    return (ManagementReview.objects.select_related("chair", "created_by")
            .prefetch_related("attendees", Prefetch("decisions", ReviewDecision.objects.prefetch_related(
                Prefetch("actions", actions)))).get(pk=pk))


def review_for_year(year: int | None) -> ManagementReview | None:
    qs = ManagementReview.objects.order_by("-planned_on", "-id")
    if year:
        qs = qs.filter(Q(period_end__year=year) | Q(planned_on__year=year))
    return qs.first()


def review_actions_open(*, today: dt.date | None = None):
    today = today or timezone.localdate()
    return (ReviewAction.objects.exclude(status=ActionStatus.CLOSED).select_related("owner", "review")
            .annotate(overdue=Q(due_on__lt=today)))


def _action_row(action: ReviewAction, today: dt.date) -> dict:
    overdue = action.status != ActionStatus.CLOSED and action.due_on < today
    return {"description": action.description, "owner": action.owner.display_name,
            "department": action.department.name if action.department else "", "due_on": cn_date(action.due_on),
            "status": action.get_status_display() + ("（超期）" if overdue else ""), "overdue": overdue}


def review_report_context(review: ManagementReview, *, today: dt.date | None = None) -> dict:
    """Plain data for the 管理评审报告 renderer (no ORM objects)."""
    review = review_detail(review.pk)
    profile = organisation_profile()
    today = today or timezone.localdate()
    sections = [s.__dict__ for s in review_inputs(review, today=today)]
    decisions = [{"text": d.text, "actions": [_action_row(a, today) for a in d.actions.all()]}
                 for d in review.decisions.all()]
    return {
        "organisation": profile.name, "number": review.number, "title": review.title,
        "period": cn_period(review.period_start, review.period_end),
        "held_on": cn_date(review.held_on) if review.held_on else "（尚未召开）",
        "location": review.location, "chair": review.chair.display_name if review.chair else "",
        "attendees": "、".join([u.display_name for u in review.attendees.all()]
                              + ([review.other_attendees] if review.other_attendees else [])),
        "status": review.get_status_display(),
        "inputs": sections, "clauses": clause_inputs(sections, as_of=review.period_end),
        "minutes": review.minutes, "conclusion": review.conclusion, "decisions": decisions,
    }
