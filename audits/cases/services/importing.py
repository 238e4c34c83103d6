"""Import of the hall system's case export (CSV or Excel), tolerant in the same ways as the other
imports: header anywhere in the first 15 rows, column-name variants, full-width digits, dates and
times typed several ways or as Excel dates. All or nothing: every bad row is named with its column
and why. Case numbers already held (or repeated in the file) are skipped. Unknown departments or
items do not block: the case keeps the text, links where names match, and the report lists what
did not match.

`cases_import_preview` reads and plans without writing (bad rows listed in the report's errors);
`cases_import` refuses a file with any error, else writes it. The whole file is planned in memory
first (the numbers already held read in a few chunked queries, one query per lookup table), then
inserted in batches (`qms.core.bulk.bulk_insert`), in one transaction. Each import is one `ImportBatch` (the
shared import record): the web flow's staged batch, or one made here for the command."""

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.bulk import bulk_insert
from qms.core.calendar import calendar_ensure
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.models import ImportBatch
from qms.core.spreadsheets import find_header, normalize_code, normalize_text, parse_datetime, read_table

from ..models import CASE_IMPORTER, Case, CaseStatus
from ..permissions import can_import_cases
from .matching import Lookups

MAX_ROWS = 100_000
MAX_BYTES = 40 * 1024 * 1024
BATCH = 5000
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
    """What an import did, or in a dry run (a preview) would do; `errors` name each bad row."""

    dry_run: bool
    filename: str = ""
    errors: list[str] = field(default_factory=list)
    read: int = 0
    created: int = 0
    skipped: int = 0
    skipped_numbers: list[str] = field(default_factory=list)
    unmatched_departments: list[tuple[str, int]] = field(default_factory=list)
    unmatched_items: list[tuple[str, int]] = field(default_factory=list)
    without_limit: int = 0
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    batch: ImportBatch | None = None
    cases: list[Case] = field(default_factory=list, repr=False)  # planned, not yet written

    @property
    def counts(self) -> dict[str, int]:
        return {"read": self.read, "create": self.created, "skipped": self.skipped, "errors": len(self.errors)}

    def record(self) -> dict:
        """What the import record (`ImportBatch.plan`) keeps of this report."""
        return {"read": self.read, "created": self.created, "skipped": self.skipped,
                "without_limit": self.without_limit,
                "unmatched_departments": self.unmatched_departments[:200],
                "unmatched_items": self.unmatched_items[:200],
                "first_day": self.first_day.isoformat() if self.first_day else None,
                "last_day": self.last_day.isoformat() if self.last_day else None}


class _Normalized(dict):
    """`normalize` of each distinct cell value, worked out once per import: the names, states and
    limits repeat down their columns (a few hundred values in 30,000 rows)."""

    def __init__(self, normalize):
        super().__init__()
        self.normalize = normalize

    def __missing__(self, value):
        result = self[value] = self.normalize(value)
        return result


class _Row:
    """One row being read: its values and the errors found, each naming row and column. `texts`
    and `codes` are the import's shared `_Normalized` of normalize_text and normalize_code."""

    def __init__(self, row: tuple, columns: dict[str, int], rownum: int, tz, texts=None, codes=None):
        self.row, self.columns, self.rownum, self.tz = row, columns, rownum, tz
        self.texts = _Normalized(normalize_text) if texts is None else texts
        self.codes = _Normalized(normalize_code) if codes is None else codes
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
        text = self.codes[self.cell("limit")]
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
        text = self.codes[self.cell("status")]
        if not text:
            return CaseStatus.FINISHED if finished_at else CaseStatus.OPEN
        status = STATUS_LOOKUP.get(text)
        if status is None:
            self.error("status", _("无法识别的状态“%(v)s”（如 办结、在办、退件）") % {"v": text})
        return status


def _blank(value) -> bool:
    """`not normalize_text(value)`, without normalising the common machine-written text (ASCII:
    blank when nothing but white space)."""
    if value is None:
        return True
    if isinstance(value, str) and value.isascii():
        return not value.strip()
    return not normalize_text(value)


def _check_times(row: _Row, values: dict) -> None:
    accepted, finished, status = values["accepted_at"], values["finished_at"], values["status"]
    # A time read means the cell is not blank: only an unread one is looked at again.
    if accepted is None and not normalize_text(row.cell("accepted_at")):
        row.error("accepted_at", _("受理时间为空"))
    if status == CaseStatus.FINISHED and finished is None and not normalize_text(row.cell("finished_at")):
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
    item_name = row.texts[row.cell("item_name")][:200]
    if not item_name:
        row.error("item_name", _("事项名称为空"))
    values = {"number": number, "item_name": item_name, "accepted_at": row.moment("accepted_at"),
              "finished_at": row.moment("finished_at"), "promised_limit": row.limit(),
              "department_name": row.texts[row.cell("department")][:100],
              "window": row.texts[row.cell("window")][:50]}
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
    if not Case.objects.exists():  # the first import: no number to look up
        return set()
    chunk = 900 if connection.vendor == "sqlite" else 20_000  # SQLite's bound-parameter limit
    found: set[str] = set()
    for i in range(0, len(numbers), chunk):
        found.update(Case.objects.filter(number__in=numbers[i:i + chunk]).values_list("number", flat=True))
    return found


def _refuse(errors: list[str]) -> None:
    shown = errors[:MAX_ERRORS_SHOWN]
    message = _("导入失败，未写入任何数据。请修正以下问题后重新导入：") + "\n" + "\n".join(shown)
    if len(errors) > len(shown):
        message += "\n" + _("……另有 %(n)d 处问题。") % {"n": len(errors) - len(shown)}
    raise ApplicationError(message, extra={"errors": errors})


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return moment.date() if moment else None  # already in the current time zone


def _plan(sheet, report: ImportReport) -> None:
    """Read every row: the errors, or the cases to create, into the report."""
    header, lookups, tz = _header(sheet), Lookups(), timezone.get_current_timezone()
    texts, codes = _Normalized(normalize_text), _Normalized(normalize_code)
    parsed, errors, seen, repeats = [], [], set(), []
    for rownum, raw in enumerate(sheet.rows[header.row_index + 1:], start=header.row_index + 2):
        if all(_blank(v) for v in raw):
            continue
        report.read += 1
        row = _Row(raw, header.columns, rownum, tz, texts, codes)
        values = _parse_row(row, lookups)
        errors.extend(row.errors)
        if values is None:
            continue
        (repeats if values["number"] in seen else parsed).append(values)
        seen.add(values["number"])
    if report.read == 0:
        raise ApplicationError(_("文件中没有办件数据行。"))
    report.errors = errors
    if errors:
        return
    held = _already_held(sorted(seen))
    report.cases = [_case(v) for v in parsed if v["number"] not in held]
    _fill_report(report, lookups, report.cases, sorted(held) + [v["number"] for v in repeats])


def _case(values: dict) -> dict:
    """The case a parsed row plans, as its columns' values for `bulk_insert` (not saved; no
    import record yet)."""
    dept, item = values["department"], values["item"]
    return {"number": values["number"], "item_name": values["item_name"], "accepted_at": values["accepted_at"],
            "finished_at": values["finished_at"], "promised_limit": values["promised_limit"],
            "department_name": values["department_name"], "window": values["window"], "status": values["status"],
            "department_id": dept.pk if dept else None, "item_id": item.pk if item else None,
            "accepted_day_id": _local_day(values["accepted_at"]), "finished_day_id": _local_day(values["finished_at"]),
            "batch_id": None}


def _fill_report(report: ImportReport, lookups: Lookups, cases: list[dict], skipped: list[str]) -> None:
    report.created, report.skipped, report.skipped_numbers = len(cases), len(skipped), skipped[:20]
    report.unmatched_departments = lookups.unmatched_departments.most_common()
    report.unmatched_items = lookups.unmatched_items.most_common()
    report.without_limit = lookups.without_limit
    days = [c["accepted_day_id"] for c in cases] + [c["finished_day_id"] for c in cases if c["finished_day_id"]]
    report.first_day, report.last_day = (min(days), max(days)) if days else (None, None)


def cases_import_preview(*, upload, filename: str = "") -> ImportReport:
    """Read and plan the file; writes nothing. Bad rows are listed in `errors` (row, column, why);
    an unreadable file or one without the needed columns is refused (ApplicationError)."""
    report = ImportReport(dry_run=True, filename=filename or getattr(upload, "name", "") or "import")
    _plan(read_table(upload, max_rows=MAX_ROWS, max_bytes=MAX_BYTES), report)
    return report


def cases_import(*, actor, upload, dry_run: bool = False, batch: ImportBatch | None = None,
                 filename: str = "") -> ImportReport:
    """Import every row or none; a dry run checks and reports without writing. The cases point
    at `batch` (the web flow's staged import record) or at an import record made here."""
    if not can_import_cases(actor):
        raise PermissionRefused(_("只有标准化办公室可以导入办件数据。"))
    report = cases_import_preview(upload=upload, filename=filename)
    if report.errors:
        _refuse(report.errors)
    report.dry_run = dry_run
    if not dry_run:
        _write(actor, upload, report, batch)
    return report


@transaction.atomic
def _write(actor, upload, report: ImportReport, batch: ImportBatch | None) -> None:
    """The write phase: the import record, the calendar of the days named, the cases in batches."""
    if batch is None:
        upload.seek(0)
        data = upload.read()
        batch = ImportBatch.objects.create(
            importer=CASE_IMPORTER, filename=report.filename[:200], sha256=hashlib.sha256(data).hexdigest(),
            size=len(data), uploaded_by=actor, outcome=ImportBatch.Outcome.IMPORTED, finished_at=timezone.now(),
            plan=report.record())
    report.batch = batch
    if report.first_day:
        calendar_ensure(report.first_day, report.last_day)
    for case in report.cases:
        case["batch_id"] = batch.pk
    bulk_insert(Case, report.cases, batch_size=BATCH)
