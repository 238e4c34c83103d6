"""Section builders for the application dossier (qms.dossier): each takes the dossier's build
context (its `as_of` date is used) and returns [(filename, bytes)]. Register them in
qms.dossier.sections.SECTIONS as "audits.evaluation.dossier:service_evaluation" and
"audits.evaluation.dossier:management_review"."""

from django.db.models import Count

from qms.org.selectors import organisation_profile

from .documents.review_report import build_management_review_docx
from .documents.summary import build_evaluation_summary_docx
from .figures import twelve_months
from .models import ManagementReview, Scorecard
from .selectors.complaints import complaint_stats
from .selectors.external import EXTERNAL_HEADER, external_between, external_lines, external_rows
from .selectors.reviews import review_report_context
from .selectors.satisfaction import ratings_between, satisfaction_by_month, satisfaction_summary
from .selectors.surveys import survey_lines, survey_results, surveys_between


def evaluation_summary_context(as_of) -> dict:
    start, end = twelve_months(as_of)
    qs = ratings_between(start, end)
    total = satisfaction_summary(qs)
    stats = complaint_stats(start, end, today=end)
    surveys = surveys_between(start, end)
    external = list(external_between(start, end))
    return {
        "external_lines": external_lines(external), "external_header": EXTERNAL_HEADER,
        "external_rows": external_rows(external),
        "organisation": organisation_profile().name, "period": f"{start:%Y年%m月%d日} 至 {end:%Y年%m月%d日}",
        "satisfaction_line": (f"共收到评价 {total.total} 件，满意 {total.satisfied}、基本满意 {total.basic}、不满意 "
                              f"{total.dissatisfied}，满意率 {_pct(total.rate)}（目标 {total.target}%）。"),
        "months": [{"label": r.label, "total": r.total, "satisfied": r.satisfied, "basic": r.basic,
                    "dissatisfied": r.dissatisfied, "rate": r.rate} for r in satisfaction_by_month(qs, target=total.target)],
        "surveys": [{"title": f"{s.title}（回收 {s.n} 份）", "questions": [
            {"text": f"{q.order}. {q.text}", "answers": q.answers, "result": q.summary, "mean": q.mean,
             "texts": q.texts} for q in survey_results(s)]}
            for s in surveys.annotate(n=Count("responses")).order_by("starts_on", "id")],
        "survey_lines": survey_lines(surveys),
        "complaints_line": (f"受理投诉 {stats.total} 件，已答复 {stats.replied} 件，按时答复率 {_pct(stats.on_time_rate)}，"
                            f"经调查属实 {stats.substantiated} 件，未办结 {stats.open} 件。"),
        "flags": [[f"{c.month:%Y-%m}", c.department.name, str(c.total)] for c in Scorecard.objects.filter(
            month__gte=start.replace(day=1), month__lte=end, red_flag=True, status=Scorecard.Status.PUBLISHED)
            .select_related("department").order_by("month")],
    }


def _pct(value) -> str:
    return "无数据" if value is None else f"{value}%"


def service_evaluation(context) -> list[tuple[str, bytes]]:
    return [("服务评价与改进汇总.docx", build_evaluation_summary_docx(evaluation_summary_context(context.as_of)))]


def management_review(context) -> list[tuple[str, bytes]]:
    """The latest management review planned on or before the dossier's date (none: no file)."""
    review = (ManagementReview.objects.filter(planned_on__lte=context.as_of).order_by("-planned_on", "-id").first())
    if review is None:
        return []
    return [(f"管理评审报告-{review.number}.docx", build_management_review_docx(review_report_context(review)))]
