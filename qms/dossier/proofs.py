"""证明材料 a provincial reviewer asks for beside the reports (.docx, A4): the leading group with
its members and the year's plan with its targets beside the actual figures; the register of
internal auditors with the qualification of each audit team on its audit dates; the training
plan with its completion and 参训率 / 考核合格率 per department.

Each has a context (reads of the apps that own the data, through their selectors) and a pure
renderer; the section builders (`qms.dossier.sections`) call both and leave a section out
when there is nothing to show. Text goes through the docx helpers (office text cleaner),
dates through `cn_date`."""

import datetime as dt

from qms.assessment.documents.fixed import stamp_properties
from qms.assessment.documents.stable import stable_zip
from qms.core.documents.dates import cn_date
from qms.core.documents.docx import add_heading, add_paragraph, add_table, document_bytes, new_document

MET_TEXT = {True: "达成", False: "未达成", None: "无数据"}


def _term(start: dt.date, end: dt.date | None) -> str:
    return f"{cn_date(start)}—{cn_date(end) if end else '至今'}"


def _document(context: dict, title: str):
    document = new_document(header_text=f"{context['organisation']}  {title}")
    add_paragraph(document, title, size=18, bold=True, align="center", east_asian="黑体")
    add_paragraph(document, f"数据截至：{cn_date(context['as_of'])}", align="center")
    return document


def _finish(document, context: dict, title: str) -> bytes:
    stamp_properties(document.core_properties, as_of=context["as_of"], title=title)
    return stable_zip(document_bytes(document), as_of=context["as_of"])


# --- 领导小组及年度工作计划 ------------------------------------------------------------------------
def leadership_context(*, organisation: str, as_of: dt.date) -> dict:
    """The leading group and its office with the members in office on `as_of` (role, term), and
    the approved plan of `as_of`'s year: its tasks and each target beside the figure on `as_of`."""
    from qms.leadership.models import Body
    from qms.leadership.services.bodies import members_current
    from qms.leadership.services.targets import approved_plan, target_rows

    bodies = []
    for body in Body.objects.filter(kind=Body.Kind.GROUP).prefetch_related("offices"):
        for unit in (body, *body.offices.all()):
            bodies.append({"name": unit.name, "founded": " ".join(filter(None, [
                f"成立于{cn_date(unit.established_on)}" if unit.established_on else "", unit.document_number])),
                "rows": [[m.name, m.position, m.get_role_display(), _term(m.term_start, m.term_end)]
                         for m in members_current(unit, day=as_of)]})
    plan = approved_plan(as_of.year)
    context = {"organisation": organisation, "as_of": as_of, "bodies": bodies, "plan": None}
    if plan is not None:
        rows = target_rows(plan, as_of=as_of)
        context["plan"] = {
            "title": plan.title, "number": plan.document_number,
            "approval": f"批准人：{plan.approved_by.display_name if plan.approved_by else '—'}    "
                        f"批准日期：{cn_date(plan.approved_on)}",
            "tasks": [[t.text, str(t.department or "标准化办公室"), f"{t.due_month}月", t.get_status_display()]
                      for t in plan.tasks.select_related("department")],
            "targets": [[r.label, str(r.target.department or "全中心"), r.target_text, r.value_text, MET_TEXT[r.met]]
                        for r in rows],
            "behind": sum(1 for r in rows if r.behind),
        }
    return context


def leadership_docx(context: dict) -> bytes:
    title = "标准化工作领导小组及年度工作计划"
    document = _document(context, title)
    add_heading(document, "一、领导机构及成员", level=1)
    for body in context["bodies"]:
        add_paragraph(document, f"{body['name']}{'（' + body['founded'] + '）' if body['founded'] else ''}", bold=True)
        add_table(document, ["序号", "姓名", "职务", "小组职务", "任期"],
                  [[str(n), *row] for n, row in enumerate(body["rows"], start=1)] or [["", "（无在任成员）", "", "", ""]],
                  widths_cm=[1.2, 2.6, 4.6, 2.8, 5.4])
    if not context["bodies"]:
        add_paragraph(document, "（尚未登记领导小组）")
    add_heading(document, "二、年度工作计划及目标完成情况", level=1)
    plan = context["plan"]
    if plan is None:
        add_paragraph(document, f"（{context['as_of'].year}年度工作计划尚未批准）")
        return _finish(document, context, title)
    add_paragraph(document, f"{plan['title']}{'（' + plan['number'] + '）' if plan['number'] else ''}", bold=True)
    add_paragraph(document, plan["approval"])
    add_table(document, ["序号", "工作任务", "责任部门", "完成时间", "进度"],
              [[str(n), *row] for n, row in enumerate(plan["tasks"], start=1)], widths_cm=[1.2, 8.4, 3.2, 1.8, 1.8])
    add_paragraph(document, f"工作目标 {len(plan['targets'])} 项，截至{cn_date(context['as_of'])}未达成 {plan['behind']} 项：")
    add_table(document, ["指标", "责任部门", "目标", f"实际（{cn_date(context['as_of'])}）", "是否达成"],
              plan["targets"], widths_cm=[3.6, 3.4, 2.6, 3.6, 2.2])
    return _finish(document, context, title)


# --- 内审员名册 --------------------------------------------------------------------------------
def reported_audits(as_of: dt.date):
    """The completed audits of the latest year with any up to `as_of`: those whose reports the
    dossier holds, whose teams the register section and the pre-flight check."""
    from audits.models import Audit
    from audits.models.audit import AuditStatus

    done = Audit.objects.filter(status=AuditStatus.COMPLETED, start_date__lte=as_of)
    latest = done.order_by("-start_date").values_list("start_date__year", flat=True).first()
    if not latest:
        return []
    return list(done.filter(start_date__year=latest).select_related("lead_auditor")
                .prefetch_related("team", "team__auditor_qualifications", "lead_auditor__auditor_qualifications")
                .order_by("start_date", "number"))


def audit_team(audit) -> list:
    return [audit.lead_auditor, *[u for u in audit.team.all() if u.pk != audit.lead_auditor_id]]


def team_qualification(audit) -> list[tuple]:
    """(member, why not qualified on every audit day or None), the lead first."""
    from audits.services.auditors import qualification_refusal

    start = audit.start_date
    end = max(audit.end_date or start, start)
    return [(user, qualification_refusal(user, start, end, list(user.auditor_qualifications.all())))
            for user in audit_team(audit)]


def auditor_context(*, organisation: str, as_of: dt.date) -> dict:
    """Every auditor on the register with each certificate (name, department, number, validity,
    status on `as_of`), and each team of the audits the dossier reports with its members'
    qualification on the audit dates."""
    from audits.selectors.auditors import (
        STATUS_LABELS,
        auditor_register,
        current_qualification,
        qualification_status,
    )

    rows = []
    for entry in auditor_register(as_of):
        certificates = [q for q in entry.certificates if q.obtained_on <= as_of] or [None]
        for q in certificates:
            status = qualification_status(current_qualification([q], as_of) if q else None, as_of)
            rows.append([entry.auditor.display_name, str(entry.auditor.department or "—"),
                         q.certificate_number if q else "—", q.issuer if q else "—",
                         cn_date(q.obtained_on) if q else "—", cn_date(q.expires_on) if q else "—",
                         STATUS_LABELS[status]])
    audits = []
    for audit in reported_audits(as_of):
        audits.append([audit.number, audit.title, f"{cn_date(audit.start_date)}—{cn_date(audit.end_date or audit.start_date)}",
                       "、".join(f"{u.display_name}{'（组长）' if u.pk == audit.lead_auditor_id else ''}"
                                for u in audit_team(audit)),
                       "；".join(why for _u, why in team_qualification(audit) if why) or "均持有效资格"])
    return {"organisation": organisation, "as_of": as_of, "rows": rows, "audits": audits}


def auditor_register_docx(context: dict) -> bytes:
    title = "内审员名册"
    document = _document(context, title)
    add_heading(document, "一、内审员及资格证书", level=1)
    add_table(document, ["序号", "姓名", "部门", "证书编号", "发证机构", "取得日期", "有效期至", "状态"],
              [[str(n), *row] for n, row in enumerate(context["rows"], start=1)],
              widths_cm=[1.0, 1.8, 2.4, 2.6, 3.0, 2.4, 2.4, 1.4], font_size=8)
    add_heading(document, "二、内部审核组资格核对", level=1)
    if context["audits"]:
        add_table(document, ["审核编号", "审核名称", "审核日期", "审核组", "资格核对"], context["audits"],
                  widths_cm=[2.2, 3.6, 3.8, 3.6, 3.4])
    else:
        add_paragraph(document, "（期间内无已完成的内部审核）")
    return _finish(document, context, title)


# --- 培训计划及完成情况 ----------------------------------------------------------------------------
def training_plan_context(*, organisation: str, as_of: dt.date) -> dict | None:
    """The training plan of `as_of`'s year: each item (month, topic, departments, held on which
    dates), 培训计划完成率, and 参训率 / 考核合格率 per department and for the year, over the
    sessions held up to `as_of` (`standards.selectors` definitions). None without a plan."""
    from standards.models import TrainingPlan
    from standards.selectors import participation_rate
    from standards.selectors.training import by_department, pass_rate, plan_completion, plan_rows

    plan = TrainingPlan.objects.filter(year=as_of.year).first()
    if plan is None:
        return None
    items = []
    for row in plan_rows(plan, as_of=as_of):
        held = [s for s in row["sessions"] if s.held_on <= as_of]
        state = "、".join(cn_date(s.held_on) for s in held) if held else ("逾期未实施" if row["overdue"] else "未到期")
        items.append([f"{row['item'].month}月", row["item"].topic,
                      "、".join(d.name for d in row["item"].departments.all()) or row["item"].audience or "全体",
                      state])
    completion = plan_completion(plan, as_of=as_of)
    participation = participation_rate(year=as_of.year, until=as_of)
    passing = pass_rate(year=as_of.year, until=as_of)
    departments = [[d.department.name, d.participation.denominator, d.participation.numerator, str(d.participation),
                    d.passing.denominator, d.passing.numerator, str(d.passing)]
                   for d in sorted(by_department(year=as_of.year, until=as_of),
                                   key=lambda d: (d.department.order, d.department.pk))]
    departments.append(["全中心", participation.denominator, participation.numerator, str(participation),
                        passing.denominator, passing.numerator, str(passing)])
    return {"organisation": organisation, "as_of": as_of, "title": plan.title, "items": items,
            "summary": (f"计划培训 {len(items)} 项，截至{cn_date(as_of)}应实施 {completion.denominator} 项，已实施 "
                        f"{completion.numerator} 项，培训计划完成率 {completion}；参训率 {participation}，"
                        f"考核合格率 {passing}。"),
            "departments": departments}


def training_plan_docx(context: dict) -> bytes:
    title = "培训计划及完成情况"
    document = _document(context, title)
    add_paragraph(document, context["title"], bold=True, align="center")
    add_paragraph(document, context["summary"])
    add_heading(document, "一、培训计划实施情况", level=1)
    add_table(document, ["序号", "计划月份", "培训内容", "参训部门", "实施情况"],
              [[str(n), *row] for n, row in enumerate(context["items"], start=1)], widths_cm=[1.2, 1.8, 6.0, 4.0, 3.6])
    add_heading(document, "二、各部门参训率和考核合格率", level=1)
    add_table(document, ["部门", "应参训", "实际参训", "参训率", "参加考核", "考核合格", "考核合格率"],
              context["departments"], widths_cm=[3.6, 1.8, 1.8, 2.0, 2.0, 2.0, 2.4])
    return _finish(document, context, title)
