"""Importing an office's 明细表: plan against the database, then apply, all or nothing.

`standard_import_preview` reads and plans without writing: every row is to be created,
updated (with the list of changes) or unchanged, or it is an error. `standard_import` applies
a plan with no errors as the standards services would (standard_create, standard_update,
edition_create, edition_publish with the exemption '导入现有体系表'), replayed in memory and written
in batches by `writer.ImportWriter`, every record carrying the change reason '导入 FILE'; any
refusal rolls the whole import back."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.spreadsheets import read_workbook

from ..models import Edition, Level, Origin, Plan, Standard, StandardStatus, SystemNode
from ..numbers import next_code
from ..permissions import can_edit_standards
from .parser import DRAFTING, ParsedRow, RowError, parse_workbook
from .writer import ImportWriter, standing

EXEMPT_REASON = "导入现有体系表"
PLANNED, DRAFT, IN_FORCE = "planned", "draft", "in_force"
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
ACTION_LABELS = {CREATE: "新增", UPDATE: "更新", UNCHANGED: "不变"}


class ImportRefused(ApplicationError):
    """The workbook has errors (listed in `plan.errors`); nothing was written."""

    def __init__(self, message, *, plan):
        super().__init__(message)
        self.plan = plan


@dataclass
class RowPlan:
    row: ParsedRow
    action: str
    state: str  # PLANNED / DRAFT / IN_FORCE wanted after the import
    plan: str  # the Plan value wanted after the import
    changes: list[str] = field(default_factory=list)
    standard_id: int | None = None

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass
class ImportPlan:
    filename: str
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {CREATE: self.count(CREATE), UPDATE: self.count(UPDATE), UNCHANGED: self.count(UNCHANGED),
                "errors": len(self.errors)}

    @property
    def reason(self) -> str:
        return f"导入 {self.filename}".strip()


def standard_import_preview(*, upload, filename: str = "") -> ImportPlan:
    """Check and read the workbook, and say what importing it would do. Writes nothing."""
    sheets = read_workbook(upload)
    nodes = {n.code: n for n in SystemNode.objects.all()}
    parsed = parse_workbook(sheets, nodes={code: n.name for code, n in nodes.items()})
    plan = ImportPlan(filename=filename or getattr(upload, "name", "") or "workbook.xlsx", errors=parsed.errors)
    _Planner(plan, nodes).run(parsed.rows)
    return plan


@transaction.atomic
def standard_import(*, actor, upload, filename: str = "", dry_run: bool = False) -> ImportPlan:
    """Import the workbook, or refuse it whole (ImportRefused) when any row has an error."""
    if not can_edit_standards(actor):
        raise PermissionRefused(_("只有标准化办公室可以导入标准明细表。"))
    plan = standard_import_preview(upload=upload, filename=filename)
    if plan.errors:
        raise ImportRefused(_("导入文件有 %(n)d 处错误，未导入任何内容。") % {"n": len(plan.errors)}, plan=plan)
    if dry_run:
        return plan
    _write(actor, plan)
    return plan


def _write(actor, plan: ImportPlan):
    """Replay the plan in memory, then write it in batches; a refusal names its row and undoes all."""
    rows = [r for r in plan.rows if r.action != UNCHANGED]
    writer = ImportWriter(actor=actor, reason=plan.reason, exempt_reason=EXEMPT_REASON, row_plans=rows)
    for row_plan in rows:
        try:
            writer.apply(row_plan, create=CREATE, planned=PLANNED, in_force=IN_FORCE)
        except ApplicationError as error:
            _refuse(plan, row_plan.row, error.message)
    try:
        writer.write()
    except (IntegrityError, ValidationError) as error:
        _refuse(plan, None, str(error))


def _refuse(plan: ImportPlan, row: ParsedRow | None, message: str):
    transaction.set_rollback(True)
    if row is None:
        plan.errors.append(RowError("", 0, "", message))
        raise ImportRefused(_("导入写入失败，已全部撤销：%(e)s") % {"e": message}, plan=plan)
    plan.errors.append(RowError(row.sheet, row.row, "", message))
    raise ImportRefused(_("第 %(r)d 行导入失败，已全部撤销：%(e)s") % {"r": row.row, "e": message}, plan=plan)


def _wanted(row: ParsedRow, standard: Standard | None) -> tuple[str, str]:
    """(state, plan) the row asks for. A number makes an edition; 待制定/待采用/起草中 keep it
    a draft; otherwise it is in force (待修订: in force, to be revised)."""
    if not row.number:
        if row.marker and row.marker != DRAFTING:
            return PLANNED, row.marker
        if standard is not None and standard.plan:
            return PLANNED, standard.plan
        return PLANNED, Plan.TO_ADOPT if row.origin == Origin.ADOPTED else Plan.TO_DRAFT
    if row.marker in (Plan.TO_DRAFT, Plan.TO_ADOPT, DRAFTING):
        return DRAFT, row.marker if row.marker != DRAFTING else Plan.NONE
    return IN_FORCE, Plan.TO_REVISE if row.marker == Plan.TO_REVISE else Plan.NONE


def _show(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if value not in (None, "") else "（空）"


class _Planner:
    def __init__(self, plan: ImportPlan, nodes: dict[str, SystemNode]):
        self.plan, self.nodes = plan, nodes
        standards = Standard.objects.exclude(status=StandardStatus.WITHDRAWN).select_related("node") \
            .prefetch_related("editions")
        self.by_code = {s.code: s for s in standards}
        self.by_former = {s.former_code: s for s in self.by_code.values() if s.former_code}
        self.by_name = {(s.node.code, s.name): s for s in self.by_code.values()}
        self.taken = set(Standard.objects.values_list("code", flat=True))

    def error(self, row: ParsedRow, column: str, message: str):
        self.plan.errors.append(RowError(row.sheet, row.row, column, message))

    def run(self, rows: list[ParsedRow]):
        for row in rows:
            node = self.successor(row)
            standard = self.by_code.get(row.code) if row.code else self.by_name.get((row.node_code, row.name))
            if not node.is_active and (standard is None or standard.node_id != node.pk):
                self.error(row, "标准体系表编号", _("节点 %(n)s 已停用，不能再导入标准。") % {"n": node})
                continue
            state, plan = _wanted(row, standard)
            if standard is None:
                self.plan.rows.append(RowPlan(row=row, action=CREATE, state=state, plan=plan))
                continue
            edition_changes = self.edition_changes(row, standard, state)
            if edition_changes is None:
                continue
            changes = self.field_changes(row, standard, node, plan) + edition_changes
            self.plan.rows.append(RowPlan(row=row, action=UPDATE if changes else UNCHANGED, state=state,
                                          plan=plan, changes=changes, standard_id=standard.pk))

    def successor(self, row: ParsedRow) -> SystemNode:
        """A row coded to a node retired by a tree migration (an office workbook still on the 2009
        codes) is read as its successor's: by 原编号 when the standard was moved, else with the
        next free code in the successor node."""
        node = self.nodes[row.node_code]
        if node.is_active or node.replaced_by_id is None:
            return node
        while not node.is_active and node.replaced_by_id:
            node = next(n for n in self.nodes.values() if n.pk == node.replaced_by_id)
        row.node_code = node.code
        if not row.code:
            return node  # matched by name within the successor node, or numbered on creation
        moved = self.by_former.get(row.code) or self.by_code.get(row.code)
        if moved is None:
            row.notes = "；".join(filter(None, [row.notes, _("原编号 %(c)s") % {"c": row.code}]))
        row.code = moved.code if moved else next_code(node.code, self.taken)
        self.taken.add(row.code)
        return node

    def field_changes(self, row: ParsedRow, standard: Standard, node: SystemNode, plan: str) -> list[str]:
        wanted = {"name": row.name, "level": row.level, "node": node, "notes": row.notes}
        if row.intl_relation is not None:
            wanted["intl_relation"] = row.intl_relation
        changes = []
        for name, value in wanted.items():
            current = getattr(standard, name)
            if current != value:
                label = str(Standard._meta.get_field(name).verbose_name)
                changes.append(f"{label}：{_display(name, current)} → {_display(name, value)}")
        if (standard.plan or "") != plan:
            changes.append(f"计划：{_display('plan', standard.plan)} → {_display('plan', plan)}")
        return changes

    def edition_changes(self, row: ParsedRow, standard: Standard, state: str) -> list[str] | None:
        """What happens to the standard's editions; None when the row conflicts with them."""
        in_force, draft = standing(standard.editions.all())
        shown = in_force or draft
        if state == PLANNED:
            if shown is not None:
                self.error(row, "标准编号", _("表中标准编号为空，但系统中该标准已有版本 %(n)s；"
                                          "如要废止，请在系统中办理废止。") % {"n": shown.number})
                return None
            return []
        if state == DRAFT and in_force is not None:
            self.error(row, "备注", _("系统中该标准已有现行版本 %(n)s，表中却标为待制定/待采用。") % {"n": in_force.number})
            return None
        if shown is not None and shown.number == row.number:
            changes = _date_changes(row, shown)
            if state == IN_FORCE and shown is not in_force:
                changes.insert(0, _("发布实施 %(n)s") % {"n": row.number})
            return changes
        if state == IN_FORCE and in_force is not None:
            return [_("新版本 %(new)s 代替 %(old)s") % {"new": row.number, "old": in_force.number}]
        return [_("新建版本 %(n)s") % {"n": row.number} + ("" if state == DRAFT else _("并发布实施"))]


def _date_changes(row: ParsedRow, edition: Edition) -> list[str]:
    """A blank 实施日期 or 代替标准号 in the table means 'not recorded here': the system's stays."""
    changes = []
    if row.effective_on and edition.effective_on != row.effective_on:
        changes.append(f"实施日期：{_show(edition.effective_on)} → {_show(row.effective_on)}")
    if row.replaces and edition.replaces != row.replaces:
        changes.append(f"代替标准号：{_show(edition.replaces)} → {_show(row.replaces)}")
    return changes


def _display(name: str, value) -> str:
    if name == "level" and value in Level.values:
        return str(Level(value).label)
    if name == "plan":
        return str(Plan(value or "").label)
    if name == "node":
        return value.code
    return _show(value)
