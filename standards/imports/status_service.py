"""Importing a status list of adopted standards: plan in memory, then write in batches.

`standard_status_import_preview` reads the list and matches every row by number to the
adopted standards the centre holds: each held one gets a status for the first time, changes,
or stays; rows the centre does not hold are listed and left alone. `standard_status_import`
writes a plan with no errors in one transaction: the statuses with django-simple-history's
bulk helpers (each history row carries the actor and '导入 FILE'), and one 有效性确认 record
with its outcome per standard (the office confirmed them against the list that day)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from qms.core.errors import PermissionRefused
from qms.core.history import save_with_reason
from qms.core.spreadsheets import read_workbook

from ..models import (
    AdoptedStatus,
    ExternalState,
    Origin,
    Standard,
    StandardStatus,
    ValidityConfirmation,
    ValidityFinding,
)
from ..numbers import number_key
from ..permissions import can_edit_standards
from .parser import RowError
from .service import CREATE, UNCHANGED, UPDATE, ImportRefused
from .status_parser import StatusRow, parse_status_list

IGNORED = "ignored"
ACTION_LABELS = {CREATE: "新增状态", UPDATE: "状态变更", UNCHANGED: "不变", IGNORED: "本单位未采用"}
STATUS_FIELDS = ("number", "state", "effective_on", "ends_on", "replaced_by")
WRITTEN_FIELDS = [*STATUS_FIELDS, "source", "confirmed_on", "confirmed_by"]
BATCH = 500


@dataclass
class StatusRowPlan:
    row: StatusRow
    action: str
    standard: Standard | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def flagged(self) -> bool:
        return self.action != IGNORED and self.row.state in (ExternalState.REPLACED, ExternalState.ABOLISHED)


@dataclass
class StatusImportPlan:
    filename: str
    rows: list[StatusRowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    not_listed: list[Standard] = field(default_factory=list)  # held but absent from the list

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {CREATE: self.count(CREATE), UPDATE: self.count(UPDATE), UNCHANGED: self.count(UNCHANGED),
                IGNORED: self.count(IGNORED), "flagged": sum(1 for r in self.rows if r.flagged),
                "errors": len(self.errors)}

    @property
    def matched(self) -> list[StatusRowPlan]:
        return [r for r in self.rows if r.action != IGNORED]

    @property
    def reason(self) -> str:
        return f"导入 {self.filename}".strip()


def adopted_standards_held():
    """Adopted standards the centre holds (not withdrawn, with a number), with their status."""
    return (Standard.objects.filter(origin=Origin.ADOPTED).exclude(status=StandardStatus.WITHDRAWN)
            .exclude(number="").select_related("adopted_status", "node"))


def standard_status_import_preview(*, upload, filename: str = "") -> StatusImportPlan:
    """Check and read the list and say what importing it would change. Writes nothing."""
    parsed = parse_status_list(read_workbook(upload))
    plan = StatusImportPlan(filename=filename or getattr(upload, "name", "") or "status.xlsx",
                            errors=parsed.errors)
    held = {number_key(s.number): s for s in adopted_standards_held()}
    for row in parsed.rows:
        standard = held.pop(row.key, None)
        plan.rows.append(_row_plan(row, standard))
    plan.not_listed = sorted(held.values(), key=lambda s: s.code)
    return plan


def _row_plan(row: StatusRow, standard: Standard | None) -> StatusRowPlan:
    if standard is None:
        return StatusRowPlan(row=row, action=IGNORED)
    current = getattr(standard, "adopted_status", None)
    if current is None:
        return StatusRowPlan(row=row, action=CREATE, standard=standard, changes=[_describe(row)])
    changes = []
    for name, value in _wanted(row, current).items():
        if getattr(current, name) != value:
            label = str(AdoptedStatus._meta.get_field(name).verbose_name)
            changes.append(f"{label}：{_show(name, getattr(current, name))} → {_show(name, value)}")
    return StatusRowPlan(row=row, action=UPDATE if changes else UNCHANGED, standard=standard, changes=changes)


def _wanted(row: StatusRow, current: AdoptedStatus | None) -> dict:
    """The status fields after the import. A blank date in the list means 'not given': the
    system's stays."""
    keep = (lambda name: getattr(current, name)) if current else (lambda name: None)
    replaced = row.state == ExternalState.REPLACED
    return {"number": row.number, "state": row.state,
            "effective_on": row.effective_on or keep("effective_on"),
            "ends_on": row.ends_on or (keep("ends_on") if row.state in (ExternalState.REPLACED,
                                                                          ExternalState.ABOLISHED) else None),
            "replaced_by": row.replaced_by if replaced else ""}


def _show(name: str, value) -> str:
    if name == "state":
        return str(ExternalState(value).label)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if value not in (None, "") else "（空）"


def _describe(row: StatusRow) -> str:
    text = str(ExternalState(row.state).label)
    if row.replaced_by:
        text += _("，由 %(n)s 代替") % {"n": row.replaced_by}
    if row.ends_on:
        text += _("（%(d)s 起）") % {"d": row.ends_on.isoformat()}
    return text


@transaction.atomic
def standard_status_import(*, actor, upload, filename: str = "", dry_run: bool = False,
                           today: dt.date | None = None) -> StatusImportPlan:
    """Import the list, or refuse it whole (ImportRefused) when any row has an error."""
    if not can_edit_standards(actor):
        raise PermissionRefused(_("只有标准化办公室可以导入标准状态。"))
    plan = standard_status_import_preview(upload=upload, filename=filename)
    if plan.errors:
        raise ImportRefused(_("状态表有 %(n)d 处错误，未导入任何内容。") % {"n": len(plan.errors)}, plan=plan)
    if dry_run or not plan.matched:
        return plan
    today = today or timezone.localdate()
    _write_statuses(plan, actor=actor, today=today)
    _write_confirmation(plan, actor=actor, today=today)
    return plan


def _write_statuses(plan: StatusImportPlan, *, actor, today: dt.date):
    new, changed = [], []
    for item in plan.matched:
        current = getattr(item.standard, "adopted_status", None)
        status = current or AdoptedStatus(standard=item.standard)
        for name, value in _wanted(item.row, current).items():
            setattr(status, name, value)
        status.source, status.confirmed_on, status.confirmed_by = plan.reason[:200], today, actor
        status.full_clean(validate_unique=False)
        (changed if current else new).append(status)
    if new:
        bulk_create_with_history(new, AdoptedStatus, batch_size=BATCH, default_user=actor,
                                 default_change_reason=plan.reason)
    if changed:
        bulk_update_with_history(changed, AdoptedStatus, WRITTEN_FIELDS, batch_size=BATCH, default_user=actor,
                                 default_change_reason=plan.reason)


def _write_confirmation(plan: StatusImportPlan, *, actor, today: dt.date):
    confirmation = save_with_reason(
        ValidityConfirmation(confirmed_on=today, confirmed_by=actor, source=plan.reason[:200],
                             notes=_("按状态表逐项确认 %(n)d 项采用标准。") % {"n": len(plan.matched)}),
        actor=actor, reason=plan.reason)
    ValidityFinding.objects.bulk_create([
        ValidityFinding(confirmation=confirmation, standard=item.standard, number=item.row.number,
                        state=item.row.state, replaced_by=item.row.replaced_by, ends_on=item.row.ends_on)
        for item in plan.matched
    ], batch_size=BATCH)
