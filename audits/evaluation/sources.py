"""Inputs from apps that may not be installed (the internal-audit records). Each function
returns None when its source is missing, so the management review shows 无数据 for it rather
than failing. Nothing else in this package looks at other apps' models directly."""

import datetime as dt

from django.apps import apps
from django.db.models import Count, Q


def audit_model(name: str):
    try:
        return apps.get_model("audits", name)
    except LookupError:
        return None


def case_rates_by_department(start: dt.date, end: dt.date) -> dict[int, dict] | None:
    """{department id: {"cases_on_time": 按期办结率, "cases_early": 提前办结率}} of the cases finished in
    the period (rates in %, None where not measurable), from the cases app's figures (definitions in
    audits.cases.selectors). None while the cases app is not installed."""
    if not apps.is_installed("audits.cases"):
        return None
    from audits.cases.selectors import case_figures_by_department

    return {pk: {"cases_on_time": f.on_time_rate, "cases_early": f.early_rate}
            for pk, f in case_figures_by_department(start=start, end=end).items()}


def audits_summary(start: dt.date, end: dt.date) -> dict | None:
    """Internal audits that ended in the period, and nonconformities raised in it by grade and
    state (three aggregate queries). None while the audit app has no Audit model."""
    audit, nc = audit_model("Audit"), audit_model("Nonconformity")
    if audit is None or nc is None:
        return None
    audits = list(audit.objects.filter(end_date__gte=start, end_date__lte=end).exclude(status="cancelled")
                  .annotate(ncs=Count("nonconformities")).order_by("end_date", "number"))
    raised = nc.objects.filter(raised_on__gte=start, raised_on__lte=end).aggregate(
        total=Count("id"), major=Count("id", filter=Q(grade="major")), minor=Count("id", filter=Q(grade="minor")),
        observation=Count("id", filter=Q(grade="observation")), closed=Count("id", filter=Q(status="closed")),
        complaint=Count("id", filter=Q(source="complaint")))
    if not audits and not raised["total"]:
        return {"lines": [], "header": [], "rows": []}
    completed = sum(a.status == "completed" for a in audits)
    lines = [f"期间内部审核 {len(audits)} 次（已完成 {completed} 次）；开具不符合项 {raised['total']} 项"
             f"（严重 {raised['major']}、一般 {raised['minor']}、观察项 {raised['observation']}），其中来自投诉 "
             f"{raised['complaint']} 项；已关闭 {raised['closed']} 项，整改中 {raised['total'] - raised['closed']} 项。"]
    rows = [[a.number, a.title, f"{a.start_date or ''} – {a.end_date or ''}", a.get_status_display(), str(a.ncs)]
            for a in audits]
    return {"lines": lines, "header": ["编号", "审核", "日期", "状态", "不符合项"], "rows": rows}


def nonconformity_raiser():
    """audits.services.nonconformity_raise, or None while the audit app does not provide it."""
    try:
        from audits import services
    except ImportError:
        return None
    return getattr(services, "nonconformity_raise", None)


def improvement_creator():
    """audits.services.improvement_create, or None while the audit app does not provide it."""
    try:
        from audits import services
    except ImportError:
        return None
    return getattr(services, "improvement_create", None)


def improvement_url(number: str, *, user) -> str:
    """The improvement register's row of improvement `number`, for a user who may open the register
    ('' when unknown, not installed, or not for this user)."""
    from django.urls import NoReverseMatch, reverse

    model = audit_model("Improvement")
    pk = model.objects.filter(number=number).values_list("pk", flat=True).first() if model and number else None
    try:
        from audits.permissions import can_view_nonconformities
    except ImportError:
        return ""
    if not pk or not can_view_nonconformities(user):
        return ""
    try:
        return reverse("improvement-list") + f"#improvement-{pk}"
    except NoReverseMatch:
        return ""


def nonconformity_url_for(number: str, *, user) -> str:
    """`nonconformity_url`, only for a user who may open that nonconformity."""
    model = audit_model("Nonconformity")
    nc = model.objects.filter(number=number).first() if model and number else None
    try:
        from audits.permissions import can_view_nonconformity
    except ImportError:
        return ""
    return nonconformity_url(number) if nc is not None and can_view_nonconformity(user, nc) else ""


def nonconformity_grades() -> list[tuple[str, str]]:
    model = audit_model("Nonconformity")
    if model is None:
        return []
    return list(model._meta.get_field("grade").choices or [])


def nonconformity_url(number: str) -> str:
    """The audit app's page of nonconformity `number` ('' when unknown or not installed)."""
    model = audit_model("Nonconformity")
    if model is None or not number:
        return ""
    from django.urls import NoReverseMatch, reverse

    pk = model.objects.filter(number=number).values_list("pk", flat=True).first()
    try:
        return reverse("nonconformity-detail", args=[pk]) if pk else ""
    except NoReverseMatch:
        return ""


def improvements_summary(start: dt.date, end: dt.date) -> dict | None:
    """The continual-improvement register for the period: improvements started or completed in it,
    with the figure each should move, before and after. None while the audit app has no register."""
    improvement = audit_model("Improvement")
    if improvement is None:
        return None
    rows = list(improvement.objects.filter(Q(started_on__gte=start, started_on__lte=end)
                                           | Q(completed_on__gte=start, completed_on__lte=end))
                .select_related("department").order_by("started_on", "number"))
    done = sum(i.status == "done" for i in rows)
    lines = [f"期间持续改进 {len(rows)} 项，已完成 {done} 项，实施中 {len(rows) - done} 项。"] if rows else []
    table = [[i.number, i.title, i.get_source_display(), i.department.name, i.get_status_display(),
              f"{i.value_before if i.value_before is not None else '—'} → "
              f"{i.value_after if i.value_after is not None else '—'}"] for i in rows]
    return {"lines": lines, "header": ["编号", "改进项目", "来源", "责任部门", "状态", "指标 改进前→后"], "rows": table}
