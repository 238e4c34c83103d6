"""Import of the hall system's case export (CSV or Excel), tolerant in the same ways as the other
imports: header anywhere in the first 15 rows, column-name variants, full-width digits, dates and
times typed several ways or as Excel dates. All or nothing: every bad row is named with its column
and why. Case numbers already held (or repeated in the file) are skipped. Unknown departments or
items do not block: the case keeps the text, links where names match, and the report lists what
did not match.

The whole file is planned in memory first (one query for the numbers already held, one per lookup
table), then inserted with bulk_create in batches."""

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.calendar import calendar_ensure
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.history import save_with_reason
from qms.core.spreadsheets import find_header, normalize_code, normalize_text, parse_datetime, read_table

from ..models import Case, CaseImport, CaseStatus
from ..permissions import can_import_cases
from .matching import Lookups

MAX_ROWS = 100_000
MAX_BYTES = 40 * 1024 * 1024
BATCH = 2000
MAX_ERRORS_SHOWN = 50

ALIASES = {
    "number": ["办件编号", "办件号", "受理编号", "业务编号", "申办编号", "办件流水号", "流水号", "案卷号"],
    "item_name": ["事项名称", "事项", "服务事项", "办理事项", "申请事项", "审批事项"],
    "department": ["实施部门", "部门", "部门名称", "受理部门", "办理部门", "进驻部门", "实施机构"],
    "window": ["窗口", "窗口名称", "窗口号", "受理窗口", "办理窗口"],
    "accepted_at": ["受理时间", "受理日期", "收件时间", "申请时间", "受理时刻"],
    "finished_at": ["办结时间", "办结日期", "完成时间", "办毕时间"],
    "status": ["办理状态", "办件状态", "状态", "当前状态"],
    "limit": ["承诺时限", "承诺时限工作日", "承诺期限", "承诺办结时限", "承诺办理时限", "承诺时限天"],
}
REQUIRED = ["number", "item_name", "accepted_at"]
COLUMN_LABEL = {"number": "办件编号", "item_name": "事项名称", "department": "实施部门", "window": "窗口",
                "accepted_at": "受理时间", "finished_at": "办结时间", "status": "办理状态", "limit": "承诺时限"}
STATUS_WORDS = {
    CaseStatus.FINISHED: {"办结", "已办结", "完成", "已完成", "办毕", "已办毕", "出证", "已出证", "结束", "已结束"},
    CaseStatus.OPEN: {"在办", "办理中", "受理", "已受理", "待办", "审核中", "审批中", "待审核", "补正中"},
    CaseStatus.TERMINATED: {"退件", "已退件", "退回", "不予受理", "不予许可", "撤回", "撤件", "作废", "终止"},
}
STATUS_LOOKUP = {word: status for status, words in STATUS_WORDS.items() for word in words}
IMMEDIATE_WORDS = {"即办", "即办件", "当场办结", "当场", "立即办结"}
LIMIT_PATTERN = re.compile(r"^(\d{1,3})(?:个)?(?:工作日|日|天)?$")


@dataclass
class ImportReport:
    """What an import did, or in a dry run would do."""

    dry_run: bool
    read: int = 0
    created: int = 0
    skipped: int = 0
    skipped_numbers: list[str] = field(default_factory=list)
    unmatched_departments: list[tuple[str, int]] = field(default_factory=list)
    unmatched_items: list[tuple[str, int]] = field(default_factory=list)
    without_limit: int = 0
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    batch: CaseImport | None = None


class _Row:
    """One row being read: its values and the errors found, each naming row and column."""

    def __init__(self, row: tuple, columns: dict[str, int], rownum: int, tz):
        self.row, self.columns, self.rownum, self.tz = row, columns, rownum, tz
        self.errors: list[str] = []

    def cell(self, name: str):
        index = self.columns.get(name)
        return self.row[index] if index is not None and index < len(self.row) else None

    def error(self, column: str, why: str) -> None:
        self.errors.append(_("第 %(row)d 行“%(col)s”列：%(why)s")
                           % {"row": self.rownum, "col": COLUMN_LABEL[column], "why": why})

    def moment(self, column: str) -> dt.datetime | None:
        raw = self.cell(column)
        try:
            value = parse_datetime(raw)
        except ValueError:
            self.error(column, _("无法识别的时间“%(v)s”") % {"v": normalize_text(raw)})
            return None
        return value.replace(tzinfo=self.tz) if value else None

    def limit(self) -> int | None:
        text = normalize_code(self.cell("limit"))
        if not text:
            return None
        if text in IMMEDIATE_WORDS:
            return 0
        match = LIMIT_PATTERN.match(text.removesuffix(".0"))
        if match is None:
            self.error("limit", _("无法识别的时限“%(v)s”（应为工作日数，0 为即办）") % {"v": text})
            return None
        return int(match.group(1))

    def status(self, finished_at) -> str | None:
        text = normalize_code(self.cell("status"))
        if not text:
            return CaseStatus.FINISHED if finished_at else CaseStatus.OPEN
        status = STATUS_LOOKUP.get(text)
        if status is None:
            self.error("status", _("无法识别的状态“%(v)s”（如 办结、在办、退件）") % {"v": text})
        return status


def _check_times(row: _Row, values: dict) -> None:
    accepted, finished, status = values["accepted_at"], values["finished_at"], values["status"]
    if not normalize_text(row.cell("accepted_at")):
        row.error("accepted_at", _("受理时间为空"))
    if status == CaseStatus.FINISHED and not normalize_text(row.cell("finished_at")):
        row.error("finished_at", _("办结件缺少办结时间"))
    if status == CaseStatus.OPEN and finished is not None:
        row.error("finished_at", _("状态为在办，却有办结时间"))
    if accepted and finished and finished < accepted:
        row.error("finished_at", _("办结时间早于受理时间"))


def _parse_row(row: _Row, lookups: Lookups) -> dict | None:
    number = normalize_code(row.cell("number"))
    if not number:
        row.error("number", _("办件编号为空"))
    elif len(number) > 64:
        row.error("number", _("办件编号过长"))
    item_name = normalize_text(row.cell("item_name"))[:200]
    if not item_name:
        row.error("item_name", _("事项名称为空"))
    values = {"number": number, "item_name": item_name, "accepted_at": row.moment("accepted_at"),
              "finished_at": row.moment("finished_at"), "promised_limit": row.limit(),
              "department_name": normalize_text(row.cell("department"))[:100],
              "window": normalize_text(row.cell("window"))[:50]}
    values["status"] = row.status(values["finished_at"])
    _check_times(row, values)
    if row.errors:
        return None
    lookups.link(values)
    return values


def _header(sheet):
    header = find_header(sheet, ALIASES, required=REQUIRED)
    if header is None:
        raise ApplicationError(_("前 15 行中找不到表头：必须包含 %(cols)s 列，以及实施部门或窗口列。")
                               % {"cols": "、".join(COLUMN_LABEL[c] for c in REQUIRED)})
    if "department" not in header.columns and "window" not in header.columns:
        raise ApplicationError(_("表头中没有“实施部门”或“窗口”列。"))
    return header


def _already_held(numbers: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(numbers), 900):
        found.update(Case.objects.filter(number__in=numbers[i:i + 900]).values_list("number", flat=True))
    return found


def _refuse(errors: list[str]) -> None:
    shown = errors[:MAX_ERRORS_SHOWN]
    message = _("导入失败，未写入任何数据。请修正以下问题后重新导入：") + "\n" + "\n".join(shown)
    if len(errors) > len(shown):
        message += "\n" + _("……另有 %(n)d 处问题。") % {"n": len(errors) - len(shown)}
    raise ApplicationError(message, extra={"errors": errors})


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return moment.date() if moment else None  # already in the current time zone


def _plan(sheet, report: ImportReport) -> list[Case]:
    """Read every row; refuse with all the errors, or return the cases to create."""
    header, lookups, tz = _header(sheet), Lookups(), timezone.get_current_timezone()
    parsed, errors, seen, repeats = [], [], set(), []
    for rownum, raw in enumerate(sheet.rows[header.row_index + 1:], start=header.row_index + 2):
        if not any(normalize_text(v) for v in raw):
            continue
        report.read += 1
        row = _Row(raw, header.columns, rownum, tz)
        values = _parse_row(row, lookups)
        errors.extend(row.errors)
        if values is None:
            continue
        (repeats if values["number"] in seen else parsed).append(values)
        seen.add(values["number"])
    if report.read == 0:
        raise ApplicationError(_("文件中没有办件数据行。"))
    if errors:
        _refuse(errors)
    held = _already_held(sorted(seen))
    cases = [Case(**v, accepted_day_id=_local_day(v["accepted_at"]), finished_day_id=_local_day(v["finished_at"]))
             for v in parsed if v["number"] not in held]
    _fill_report(report, lookups, cases, sorted(held) + [v["number"] for v in repeats])
    return cases


def _fill_report(report: ImportReport, lookups: Lookups, cases: list[Case], skipped: list[str]) -> None:
    report.created, report.skipped, report.skipped_numbers = len(cases), len(skipped), skipped[:20]
    report.unmatched_departments = lookups.unmatched_departments.most_common()
    report.unmatched_items = lookups.unmatched_items.most_common()
    report.without_limit = lookups.without_limit
    days = [c.accepted_day_id for c in cases] + [c.finished_day_id for c in cases if c.finished_day_id]
    report.first_day, report.last_day = (min(days), max(days)) if days else (None, None)


def cases_import(*, actor, upload, dry_run: bool = False) -> ImportReport:
    """Import every row or none; a dry run checks and reports without writing."""
    if not can_import_cases(actor):
        raise PermissionRefused(_("只有标准化办公室可以导入办件数据。"))
    report = ImportReport(dry_run=dry_run)
    cases = _plan(read_table(upload, max_rows=MAX_ROWS, max_bytes=MAX_BYTES), report)
    if dry_run:
        return report
    upload.seek(0)
    with transaction.atomic():
        if report.first_day:
            calendar_ensure(report.first_day, report.last_day)
        report.batch = CaseImport(
            filename=(getattr(upload, "name", "") or "import")[:200], sha256=hashlib.sha256(upload.read()).hexdigest(),
            imported_by=actor, rows_read=report.read, rows_created=report.created, rows_skipped=report.skipped,
            unmatched={"departments": report.unmatched_departments[:200], "items": report.unmatched_items[:200]})
        save_with_reason(report.batch, actor=actor, reason=_("导入办件"))
        for case in cases:
            case.batch = report.batch
        Case.objects.bulk_create(cases, batch_size=BATCH)
    return report
