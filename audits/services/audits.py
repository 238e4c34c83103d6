"""Audits and their checklists: plan, copy from last year, generate the checklist, run, complete.

The audit's moves are declared once in `audits.workflows.AUDIT_WORKFLOW`; `_move` makes them.
The team rule (qualified on the audit's dates, never auditing one's own department) lives in
`.auditors`: it is checked whenever the team, the dates or the scope change, when the audit
starts (the workflow's condition), and independence again when a result is recorded."""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from qms.core.bulk import clean_for_bulk, create_with_history
from qms.core.errors import ApplicationError, ConcurrentEditError, PermissionRefused
from qms.core.history import save_with_reason
from qms.core.numbering import number_next
from qms.core.workflow import transition
from standards.models import StandardStatus

from ..models import Audit, AuditStatus, ChecklistItem, Grade, Result, Source
from ..permissions import can_manage_audits
from ..selectors.audits import audit_points_by_standard, audit_scope_pairs
from ..workflows import AUDIT_WORKFLOW
from .auditors import independence_check, team_check
from .common import attachment_add, record_move
from .nonconformities import nonconformity_raise

A = AuditStatus
AUDIT_FIELDS = ("title", "programme", "planned_month", "objectives", "criteria", "start_date", "end_date",
                "lead_auditor", "distribution")
NOTE_FIELDS = ("opening_notes", "closing_notes", "summary", "conclusion", "distribution")


def _require_auditor(actor):
    if not can_manage_audits(actor):
        raise PermissionRefused(_("只有内审员可以策划和实施内部审核。"))


def _require_team(actor, audit: Audit):
    _require_auditor(actor)
    if actor.pk != audit.lead_auditor_id and not audit.team.filter(pk=actor.pk).exists():
        raise PermissionRefused(_("只有审核 %(n)s 的审核组成员可以进行此操作。") % {"n": audit.number})


def _require_status(audit: Audit, *allowed: str, doing: str):
    if audit.status not in allowed:
        raise ApplicationError(
            _("审核 %(n)s 当前为“%(s)s”，不能%(doing)s。")
            % {"n": audit.number, "s": audit.get_status_display(), "doing": doing}
        )


def _check_dates(start_date, end_date):
    if start_date and end_date and end_date < start_date:
        raise ApplicationError(_("结束日期不能早于开始日期。"), field="end_date")


def _move(audit: Audit, move: str, *, actor, note: str = "") -> Audit:
    """Make one declared move of the audit (`audits.workflows.AUDIT_WORKFLOW`)."""
    return transition(audit, actor=actor, move=move, note=note, workflow=AUDIT_WORKFLOW)


@transaction.atomic
def audit_create(*, actor, title: str, lead_auditor, programme=None, planned_month: int | None = None,
                 objectives: str = "", criteria: str = "", departments=(), nodes=(), standards=(), team=(),
                 start_date: dt.date | None = None, end_date: dt.date | None = None,
                 distribution: str = "") -> Audit:
    """Plan an audit; its number (NS-YYYY-NN) counts within the audit's year."""
    _require_auditor(actor)
    if not (title or "").strip():
        raise ApplicationError(_("请填写审核名称。"), field="title")
    _check_dates(start_date, end_date)
    members = [lead_auditor, *[u for u in team if u.pk != lead_auditor.pk]]
    team_check(members=members, department_ids={d.pk for d in departments}, start_date=start_date,
               end_date=end_date)
    year = start_date.year if start_date else (programme.year if programme else timezone.localdate().year)
    audit = Audit(number=number_next(key="NS", year=year, width=2), title=title.strip(), programme=programme,
                  planned_month=planned_month, objectives=objectives, criteria=criteria, start_date=start_date,
                  end_date=end_date, lead_auditor=lead_auditor, distribution=distribution, created_by=actor)
    save_with_reason(audit, actor=actor, reason=_("策划内部审核"))
    audit.departments.set(departments)
    audit.nodes.set(nodes)
    audit.standards.set(standards)
    audit.team.set(members)
    record_move(audit=audit, actor=actor, from_status="", to_status=A.PLANNED, label=_("策划"))
    return audit


@transaction.atomic
def audit_update(*, actor, audit: Audit, departments=None, nodes=None, standards=None, team=None,
                 reason: str = "", **fields) -> Audit:
    """Change the plan (scope and team only while planned; notes until it is completed)."""
    _require_auditor(actor)
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    _require_status(audit, A.PLANNED, A.IN_PROGRESS, doing=_("修改"))
    unknown = set(fields) - set(AUDIT_FIELDS) - set(NOTE_FIELDS)
    if unknown:
        raise ApplicationError(_("不能修改字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    scope_change = any(v is not None for v in (departments, nodes, standards, team)) or (
        set(fields) & (set(AUDIT_FIELDS) - {"distribution"}))
    if scope_change and audit.status != A.PLANNED:
        raise ApplicationError(_("审核已开始，不能再修改范围、日期和审核组；只能补充会议记录。"))
    for name, value in fields.items():
        setattr(audit, name, value)
    _check_dates(audit.start_date, audit.end_date)
    lead = audit.lead_auditor
    members = [lead, *[u for u in (team if team is not None else audit.team.all()) if u.pk != lead.pk]]
    dept_ids = {d.pk for d in departments} if departments is not None else set(
        audit.departments.values_list("pk", flat=True))
    dept_ids |= set(audit.items.exclude(department=None).values_list("department_id", flat=True))
    if audit.status == A.PLANNED:
        team_check(members=members, department_ids=dept_ids, start_date=audit.start_date,
                   end_date=audit.end_date)
    save_with_reason(audit, actor=actor, reason=reason or _("修改审核计划"))
    for relation, value in (("departments", departments), ("nodes", nodes), ("standards", standards)):
        if value is not None:
            getattr(audit, relation).set(value)
    if team is not None or "lead_auditor" in fields:
        audit.team.set(members)
    return audit


@transaction.atomic
def audit_start(*, actor, audit: Audit, opening_notes: str = "") -> Audit:
    """Open the audit (首次会议): from now on the checklist takes results, not edits."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    AUDIT_WORKFLOW.check(audit, actor, "start")
    audit.opening_notes = opening_notes or audit.opening_notes
    if not audit.start_date:
        audit.start_date = timezone.localdate()
    return _move(audit, "start", actor=actor, note=_("首次会议，开始审核"))


@transaction.atomic
def audit_complete(*, actor, audit: Audit, conclusion: str, summary: str = "", closing_notes: str = "",
                   end_date: dt.date | None = None) -> Audit:
    """Close the audit (末次会议). Every checklist item needs a result and a conclusion is required."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    AUDIT_WORKFLOW.check(audit, actor, "complete")
    if not (conclusion or "").strip():
        raise ApplicationError(_("请填写审核结论。"), field="conclusion")
    audit.conclusion, audit.summary = conclusion.strip(), summary or audit.summary
    audit.closing_notes = closing_notes or audit.closing_notes
    audit.end_date = end_date or audit.end_date or timezone.localdate()
    _check_dates(audit.start_date, audit.end_date)
    return _move(audit, "complete", actor=actor, note=_("末次会议，审核结束"))


@transaction.atomic
def audit_cancel(*, actor, audit: Audit, reason: str) -> Audit:
    if not (reason or "").strip():
        raise ApplicationError(_("取消审核必须填写原因。"), field="reason")
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    return _move(audit, "cancel", actor=actor, note=reason.strip())


@transaction.atomic
def audit_copy_from(*, actor, source: Audit, start_date: dt.date | None = None, end_date: dt.date | None = None,
                    programme=None, lead_auditor=None, title: str = "") -> Audit:
    """Start an audit from an earlier one: same scope, team and checklist, results reset.
    Items whose standard has a new number (a new edition) or is no longer in force are flagged."""
    year = start_date.year if start_date else (programme.year if programme else (source.year or 0) + 1)
    lead = lead_auditor or source.lead_auditor
    old_year = str(source.year or "")
    title = title or (source.title.replace(old_year, str(year)) if old_year else source.title)
    audit = audit_create(
        actor=actor, title=title,
        lead_auditor=lead, programme=programme, planned_month=source.planned_month, objectives=source.objectives,
        criteria=source.criteria, departments=list(source.departments.all()), nodes=list(source.nodes.all()),
        standards=list(source.standards.all()), team=list(source.team.all()),
        start_date=start_date or (dt.date(year, source.start_date.month, 1) if source.start_date else None),
        end_date=end_date, distribution=source.distribution,
    )
    audit.copied_from = source
    save_with_reason(audit, actor=actor, reason=_("沿用 %(n)s 的范围和检查表") % {"n": source.number})
    items = []
    for old in source.items.select_related("standard"):
        standard = old.standard
        changed = bool(standard) and (standard.status != StandardStatus.IN_FORCE
                                      or (standard.number or "") != old.edition_number)
        items.append(ChecklistItem(audit=audit, order=old.order, department_id=old.department_id,
                                   standard=standard, clause=old.clause, requirement=old.requirement,
                                   audit_point_id=old.audit_point_id,
                                   edition_number=standard.number if standard else "", standard_changed=changed))
    independence_check(members=[lead, *audit.team.all()],
                        department_ids={i.department_id for i in items if i.department_id})
    _bulk_items(items)
    return audit


def _bulk_items(items):
    from simple_history.utils import bulk_create_with_history

    for item in items:
        item.full_clean(exclude=["audit"])
    bulk_create_with_history(items, ChecklistItem)


@transaction.atomic
def checklist_generate(*, actor, audit: Audit) -> int:
    """Items for each standard in scope and each audited department where it applies (existing
    pairs are kept): one item per audit point of the standard (审核要点, clause-referenced), or one
    generic line for a standard without points. Returns the number of items added."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    _require_team(actor, audit)
    _require_status(audit, A.PLANNED, doing=_("生成检查表"))
    existing = set(audit.items.values_list("department_id", "standard_id"))
    start = (audit.items.aggregate(m=Max("order"))["m"] or 0) + 1
    pairs = audit_scope_pairs(audit)
    points = audit_points_by_standard([standard for _d, standard in pairs])
    items = []
    for department, standard in pairs:
        key = (department.pk if department else None, standard.pk)
        if key in existing:
            continue
        existing.add(key)
        for point in points.get(standard.pk, ()):
            items.append(ChecklistItem(audit=audit, order=start + len(items), department=department,
                                       standard=standard, edition_number=standard.number, clause=point.clause,
                                       requirement=point.text, audit_point=point))
        if standard.pk not in points:
            items.append(ChecklistItem(audit=audit, order=start + len(items), department=department,
                                       standard=standard, edition_number=standard.number,
                                       requirement=_("按《%(name)s》核查执行情况") % {"name": standard.name}))
    independence_check(members=[audit.lead_auditor, *audit.team.all()],
                       department_ids={i.department_id for i in items if i.department_id})
    _bulk_items(items)
    return len(items)


def _added_items(actor, audit: Audit, wanted: list[dict]) -> list[ChecklistItem]:
    """The items the auditor adds (each a dict of requirement and optionally standard, department,
    clause), checked and numbered after the last; not yet saved. The audit row is locked here."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    _require_team(actor, audit)
    _require_status(audit, A.PLANNED, doing=_("修改检查表"))
    if any(not (w["requirement"] or "").strip() for w in wanted):
        raise ApplicationError(_("请填写检查内容。"), field="requirement")
    departments = {w["department"].pk for w in wanted if w.get("department") is not None}
    if departments:
        independence_check(members=[audit.lead_auditor, *audit.team.all()], department_ids=departments)
    start = (audit.items.aggregate(m=Max("order"))["m"] or 0) + 1
    return [ChecklistItem(audit=audit, order=start + n, department=w.get("department"), standard=w.get("standard"),
                          clause=w.get("clause", ""), requirement=w["requirement"].strip(),
                          edition_number=w["standard"].number if w.get("standard") else "")
            for n, w in enumerate(wanted)]


@transaction.atomic
def checklist_item_add(*, actor, audit: Audit, requirement: str, standard=None, department=None,
                       clause: str = "") -> ChecklistItem:
    """An item the auditor adds (e.g. one requirement of a standard) before the audit starts."""
    item, = _added_items(actor, audit, [{"requirement": requirement, "standard": standard,
                                          "department": department, "clause": clause}])
    return save_with_reason(item, actor=actor, reason=_("添加检查项"))


@transaction.atomic
def checklist_items_add(*, actor, audit: Audit, items: list[dict]) -> list[ChecklistItem]:
    """Several items at once (each a dict of `checklist_item_add`'s arguments): the same checks,
    numbering and history rows (who, 添加检查项) as adding them one by one, in a few statements."""
    added = _added_items(actor, audit, items)
    for item in added:
        clean_for_bulk(item)
    return create_with_history(ChecklistItem, added, actor=actor, reason=_("添加检查项"))


@transaction.atomic
def checklist_item_update(*, actor, item: ChecklistItem, requirement: str, clause: str = "",
                          department=None) -> ChecklistItem:
    item = ChecklistItem.objects.select_for_update(of=("self",)).select_related("audit").get(pk=item.pk)
    _require_team(actor, item.audit)
    _require_status(item.audit, A.PLANNED, doing=_("修改检查表"))
    if department is not None:
        independence_check(members=[item.audit.lead_auditor, *item.audit.team.all()],
                            department_ids={department.pk})
    item.requirement, item.clause, item.department = requirement.strip(), clause, department
    item.version += 1
    return save_with_reason(item, actor=actor, reason=_("修改检查项"))


@transaction.atomic
def checklist_item_delete(*, actor, item: ChecklistItem) -> None:
    item = ChecklistItem.objects.select_for_update(of=("self",)).select_related("audit").get(pk=item.pk)
    _require_team(actor, item.audit)
    _require_status(item.audit, A.PLANNED, doing=_("修改检查表"))
    item._change_reason = _("删除检查项")
    item._history_user = actor
    item.delete()


@transaction.atomic
def checklist_item_record(*, actor, item: ChecklistItem, result: str, evidence: str = "", grade: str = "",
                          description: str = "", clause: str | None = None, expected_version: int | None = None,
                          upload=None) -> ChecklistItem:
    """Record one item's result during the audit. 不符合 raises a nonconformity (once per item);
    an item that raised one keeps its result. `expected_version` refuses a stale tablet form."""
    item = ChecklistItem.objects.select_for_update(of=("self",)).select_related("audit", "department").get(pk=item.pk)
    audit = item.audit
    _require_team(actor, audit)
    _require_status(audit, A.IN_PROGRESS, doing=_("记录检查结果"))
    independence_check(members=[actor], department_ids={item.department_id} - {None})
    if expected_version is not None and expected_version != item.version:
        who = item.checked_by.display_name if item.checked_by else _("其他用户")
        when = formats.date_format(timezone.localtime(item.checked_at), "H:i") if item.checked_at else ""
        raise ConcurrentEditError(_("该检查项已被 %(who)s 于 %(when)s 更新，请刷新后再记录。") % {"who": who, "when": when})
    if result not in Result.values or result == Result.PENDING:
        raise ApplicationError(_("请选择检查结果。"), field="result")
    raised = getattr(item, "nonconformity", None)
    if raised is not None and result != Result.NONCONFORM:
        raise ApplicationError(_("该检查项已开具不符合项 %(n)s，结果不能再改。") % {"n": raised.number}, field="result")
    if result == Result.OBSERVATION:
        evidence = _observation_text(evidence, description)
    if result == Result.NONCONFORM and raised is None:
        _raise_from_item(actor=actor, item=item, evidence=evidence, grade=grade, description=description,
                         clause=item.clause if clause is None else clause)
    if clause is not None:
        item.clause = clause
    item.result, item.evidence = result, evidence
    item.checked_by, item.checked_at = actor, timezone.now()
    item.version += 1
    save_with_reason(item, actor=actor, reason=_("记录检查结果：%(r)s") % {"r": Result(result).label})
    if upload is not None:
        attachment_add(actor=actor, upload=upload, checklist_item=item)
    return item


def _observation_text(evidence: str, description: str) -> str:
    """An observation (观察项) is recorded on the item itself, never numbered as a nonconformity:
    what was observed is required, for the report's 观察项 section."""
    text = (evidence or "").strip() or (description or "").strip()
    if not text:
        raise ApplicationError(_("结果为“观察项”时，请记录观察到的情况（证据记录）。"), field="evidence")
    return text


def _raise_from_item(*, actor, item, evidence, grade, description, clause):
    if grade not in (Grade.MAJOR, Grade.MINOR):
        raise ApplicationError(_("结果为“不符合”时，请选择等级（严重或一般）。"), field="grade")
    if item.department is None:
        raise ApplicationError(_("该检查项未指定受审部门，无法开具不符合项。"), field="department")
    text = (description or evidence or "").strip()
    if not text:
        raise ApplicationError(_("请描述不符合事实（或填写证据记录）。"), field="description")
    nonconformity_raise(actor=actor, department=item.department, standard=item.standard, clause=clause,
                        description=text, evidence=evidence, grade=grade, source=Source.INTERNAL_AUDIT,
                        source_ref=item.audit.number, checklist_item=item)

