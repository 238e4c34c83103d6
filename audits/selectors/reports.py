"""Plain contexts (no ORM objects) for the document renderers: the audit report, the
nonconformity report and the register."""

import datetime as dt

from django.utils import timezone

from qms.org.selectors import organisation_profile
from standards.models import SystemNode

from ..models import Audit, Grade, Nonconformity, Result
from .audits import subsystems
from .nonconformities import current_action, current_action_prefetch, register_rows

RESULT_KEYS = [Result.CONFORM, Result.NONCONFORM, Result.OBSERVATION, Result.NOT_APPLICABLE]


def _date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


def _tally(rows: dict, key: str, result: str):
    counts = rows.setdefault(key, {r.value: 0 for r in RESULT_KEYS} | {"total": 0})
    counts["total"] += 1
    if result in counts:
        counts[result] += 1


def audit_report_context(audit: Audit) -> dict:
    """Scope, criteria, team, dates, results by department and by sub-system, the
    nonconformities with grades, conclusion."""
    audit = (Audit.objects.select_related("lead_auditor__department", "programme")
             .prefetch_related("departments", "nodes", "standards", "team__department").get(pk=audit.pk))
    subs = {n.pk: n for n in subsystems()}
    parents = dict(SystemNode.objects.values_list("pk", "parent_id"))
    by_dept: dict[str, dict] = {}
    by_node: dict[str, dict] = {}
    for item in audit.items.select_related("department", "standard__node"):
        _tally(by_dept, str(item.department) if item.department else "（未指定部门）", item.result)
        node_id = item.standard.node_id if item.standard else None
        while node_id is not None and node_id not in subs:
            node_id = parents.get(node_id)
        _tally(by_node, str(subs[node_id]) if node_id else "（未关联标准）", item.result)
    ncs = audit.nonconformities.select_related("department", "standard").order_by("number")
    team = [{"name": u.display_name, "department": str(u.department or ""),
             "role": "组长" if u.pk == audit.lead_auditor_id else "组员"}
            for u in sorted(audit.team.all(), key=lambda u: (u.pk != audit.lead_auditor_id, u.username))]
    return {
        "organisation": organisation_profile().name,
        "number": audit.number, "title": audit.title, "objectives": audit.objectives,
        "criteria": audit.criteria, "status": audit.get_status_display(),
        "scope_departments": [str(d) for d in audit.departments.all()],
        "scope_nodes": [str(n) for n in audit.nodes.all()] or sorted(k for k in by_node if not k.startswith("（")),
        "scope_standards": [cite(s) for s in audit.standards.all()],
        "start_date": _date(audit.start_date), "end_date": _date(audit.end_date),
        "lead_auditor": audit.lead_auditor.display_name, "team": team,
        "opening_notes": audit.opening_notes, "closing_notes": audit.closing_notes,
        "summary": audit.summary, "distribution": audit.distribution,
        "conclusion": _conclusion(audit, by_dept, ncs),
        "result_labels": [str(r.label) for r in RESULT_KEYS],
        "results_by_department": _result_rows(by_dept), "results_by_subsystem": _result_rows(by_node),
        "nonconformities": [{
            "number": nc.number, "department": str(nc.department),
            "standard": cite(nc.standard, nc.clause),
            "description": nc.description, "grade": nc.get_grade_display(), "status": nc.get_status_display(),
        } for nc in ncs],
        "grade_counts": {str(g.label): sum(1 for nc in ncs if nc.grade == g) for g in (Grade.MAJOR, Grade.MINOR)},
        "observations": audit_observations(audit),
    }


def audit_observations(audit: Audit) -> list[dict]:
    """The audit's observations (观察项): recorded on the checklist, never numbered as
    nonconformities; the report lists them under their own heading."""
    items = audit.items.filter(result=Result.OBSERVATION).select_related("department", "standard")
    return [{"department": str(item.department or ""), "standard": cite(item.standard, item.clause),
             "requirement": item.requirement, "observation": item.evidence} for item in items]


def cite(standard, clause: str = "") -> str:
    """A standard as an auditor cites it: its number and name, then the clause (第6.1条)."""
    if standard is None:
        return f"第{clause}条" if clause else ""
    text = f"{standard.number}《{standard.name}》"
    return f"{text} 第{clause}条" if clause else text


def _conclusion(audit: Audit, by_dept: dict, ncs) -> str:
    """The auditors' conclusion; when none is written (or it repeats the summary), one drawn
    from the results: how much conformed, what was raised, and what follows."""
    written = (audit.conclusion or "").strip()
    if written and written != (audit.summary or "").strip():
        return written
    total = sum(c["total"] for c in by_dept.values())
    conform = sum(c[Result.CONFORM.value] for c in by_dept.values())
    major = sum(1 for nc in ncs if nc.grade == Grade.MAJOR)
    rate = f"{100 * conform / total:.1f}%" if total else "—"
    verdict = "基本有效，存在需要纠正的严重不符合" if major else "有效"
    return (f"本次审核共检查{total}项，符合{conform}项（符合率{rate}），开具不符合项{len(ncs)}项（其中严重{major}项）。"
            f"审核组认为，受审核范围内的标准化管理体系运行{verdict}。"
            "各责任部门应在规定期限内完成纠正措施，由审核组跟踪验证。")


def _result_rows(table: dict) -> list[list]:
    rows = []
    for name in sorted(table):
        counts = table[name]
        rows.append([name, counts["total"], *[counts[r.value] for r in RESULT_KEYS]])
    return rows


def nonconformity_report_context(nonconformity: Nonconformity) -> dict:
    """The classic one-page form's fields; cause and actions from the latest round."""
    nc = (Nonconformity.objects.select_related("department", "standard", "audit", "raised_by", "acknowledged_by")
          .prefetch_related(current_action_prefetch()).get(pk=nonconformity.pk))
    action = current_action(nc)
    standard = f"{nc.standard.number or nc.standard.code}《{nc.standard.name}》" if nc.standard else ""
    return {
        "organisation": organisation_profile().name,
        "number": nc.number, "department": str(nc.department), "source": nc.get_source_display(),
        "source_ref": nc.source_ref or (nc.audit.number if nc.audit else ""),
        "standard": standard, "clause": nc.clause, "description": nc.description, "evidence": nc.evidence,
        "grade": nc.grade, "grade_label": nc.get_grade_display(), "grades": [(g.value, str(g.label)) for g in Grade],
        "raised_by": nc.raised_by.display_name, "raised_on": _date(nc.raised_on),
        "acknowledged_by": nc.acknowledged_by.display_name if nc.acknowledged_by else "",
        "acknowledged_on": _date(nc.acknowledged_at), "acknowledgement_note": nc.acknowledgement_note,
        "round": action.round if action else 1,
        "correction": action.correction if action else "",
        "whys": list(action.why_chain) if action else [], "root_cause": action.root_cause if action else "",
        "action_plan": action.action_plan if action else "",
        "owner": action.owner.display_name if action and action.owner else "",
        "due_date": _date(action.due_date) if action else "",
        "completion_note": action.completion_note if action else "",
        "completed_on": _date(action.completed_on) if action else "",
        "verification_note": action.verification_note if action else "",
        "verified_by": action.verified_by.display_name if action and action.verified_by else "",
        "verified_on": _date(action.verified_on) if action else "",
        "effectiveness_note": action.effectiveness_note if action else "",
        "action_status": action.get_status_display() if action else "",
        "change_request": (f"已提出标准修订申请（{action.change_request.standard.code}）"
                           if action and action.change_request else ""),
        "status": nc.get_status_display(), "closed_on": _date(nc.closed_on),
    }


def register_context(queryset, *, filters_text: str = "", today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    return {"organisation": organisation_profile().name, "generated_on": _date(today),
            "filters_text": filters_text, "rows": register_rows(queryset, today=today)}
