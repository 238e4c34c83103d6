"""Bulk import of the hall's evaluation-system export (CSV or Excel): tolerant of header
variants, full-width characters, date forms and grade wordings; all or nothing; a case number
already rated (in the database or earlier in the file) is recognised and skipped.

`ratings_import_preview` reads and plans without writing (bad rows listed in its errors);
`ratings_import` refuses a file with any error, else writes it. Ratings are planned in memory and
inserted in batches (`qms.core.bulk.bulk_insert`), in one transaction; they carry no per-row history (see
models.satisfaction): each points at its `ImportBatch` (the shared import record: who imported
which file, when, with what counts), the web flow's staged batch or one made here."""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.bulk import bulk_insert
from qms.core.errors import ApplicationError, PermissionRefused
from qms.core.models import ImportBatch
from qms.core.spreadsheets import (
    Sheet,
    find_header,
    normalize_code,
    normalize_text,
    parse_date,
    read_table,
)
from qms.org.models import Department, User

from ..models import RATING_IMPORTER, Grade, Rating
from ..permissions import can_manage_evaluation

MAX_ROWS = 50_000
MAX_BYTES = 20 * 1024 * 1024
BATCH = 5000
MAX_ERRORS_SHOWN = 50

ALIASES = {
    "case_number": ["办件编号", "办件号", "受理编号", "业务编号", "案件编号", "流水号", "件号", "case number"],
    "grade": ["评价结果", "评价", "满意度", "评价等级", "评价结论", "评价值"],
    "rated_on": ["评价时间", "评价日期", "日期", "时间", "办结日期"],
    "department": ["窗口", "部门", "窗口名称", "部门名称", "进驻部门", "窗口号"],
    "item_name": ["事项名称", "事项", "服务事项", "办理事项"],
    "staff_name": ["工作人员", "受理人", "经办人", "办理人", "窗口人员"],
    "reason": ["原因", "不满意原因", "评价内容", "意见", "评价意见", "备注"],
    "finished_on_time": ["是否按时办结", "按时办结", "是否超期", "办结情况"],
}
REQUIRED = ["case_number", "grade", "rated_on", "department"]
COLUMN_LABEL = {"case_number": "办件编号", "grade": "评价结果", "rated_on": "评价时间", "department": "窗口",
                "item_name": "事项名称", "staff_name": "工作人员", "reason": "原因",
                "finished_on_time": "是否按时办结"}
GRADE_WORDS = {
    Grade.SATISFIED: {"满意", "非常满意", "很满意", "好评", "5", "4", "5星", "4星", "五星", "四星"},
    Grade.BASIC: {"基本满意", "比较满意", "较满意", "一般", "中评", "3", "3星", "三星"},
    Grade.DISSATISFIED: {"不满意", "非常不满意", "很不满意", "差评", "2", "1", "2星", "1星", "二星", "一星"},
}
GRADE_LOOKUP = {word: grade for grade, words in GRADE_WORDS.items() for word in words}
YES = {"是", "按时", "按时办结", "正常", "未超期", "否超期", "y", "yes", "true", "1"}
NO = {"否", "超期", "已超期", "超时", "n", "no", "false", "0"}


@dataclass
class ImportResult:
    """What an import did, or in a dry run (a preview) would do; `errors` name each bad row."""

    filename: str = ""
    dry_run: bool = True
    errors: list[str] = field(default_factory=list)
    read: int = 0
    skipped_numbers: list[str] = field(default_factory=list)
    batch: ImportBatch | None = None
    rows: list[Rating] = field(default_factory=list, repr=False)  # planned, not yet written
    skipped_all: list[str] = field(default_factory=list, repr=False)

    @property
    def created(self) -> int:
        return len(self.rows)

    @property
    def skipped(self) -> int:
        return len(self.skipped_all)

    @property
    def counts(self) -> dict[str, int]:
        return {"read": self.read, "create": self.created, "skipped": self.skipped, "errors": len(self.errors)}

    @property
    def by_department(self) -> list[tuple[str, int]]:
        """The new ratings per window, most first (the preview's plan)."""
        return Counter(r.department.name for r in self.rows).most_common()

    @property
    def first_day(self):
        return min((r.rated_on for r in self.rows), default=None)

    @property
    def last_day(self):
        return max((r.rated_on for r in self.rows), default=None)

    def record(self) -> dict:
        """What the import record (`ImportBatch.plan`) keeps of this result."""
        first, last = self.first_day, self.last_day
        return {"read": self.read, "created": self.created, "skipped": self.skipped,
                "first_day": first.isoformat() if first else None, "last_day": last.isoformat() if last else None}


def _department_lookup() -> dict[str, Department]:
    lookup: dict[str, Department] = {}
    for dept in Department.objects.filter(is_active=True):
        for key in (dept.name, dept.code, dept.window, dept.name.removesuffix("窗口")):
            if key:
                lookup.setdefault(normalize_code(key), dept)
    return lookup


def _cell(row: tuple, columns: dict[str, int], name: str):
    index = columns.get(name)
    return row[index] if index is not None and index < len(row) else None


def _parse_row(row, columns, depts, staff, rownum) -> tuple[dict | None, list[str]]:
    errors, values = [], {}

    def err(col, why):
        errors.append(_("第 %(row)d 行“%(col)s”列：%(why)s") % {"row": rownum, "col": COLUMN_LABEL[col], "why": why})

    number = normalize_code(_cell(row, columns, "case_number"))
    if not number:
        err("case_number", _("办件编号为空"))
    elif len(number) > 64:
        err("case_number", _("办件编号过长"))
    values["case_number"] = number
    grade_text = normalize_code(_cell(row, columns, "grade"))
    values["grade"] = GRADE_LOOKUP.get(grade_text)
    if values["grade"] is None:
        err("grade", _("无法识别的评价“%(v)s”（应为 满意 / 基本满意 / 不满意）") % {"v": grade_text or "空"})
    raw_date = _cell(row, columns, "rated_on")
    try:
        if isinstance(raw_date, str) and " " in raw_date.strip():
            raw_date = raw_date.strip().split(" ")[0]
        values["rated_on"] = parse_date(raw_date)
        if values["rated_on"] is None:
            err("rated_on", _("评价时间为空"))
    except ValueError:
        err("rated_on", _("无法识别的日期“%(v)s”") % {"v": normalize_text(raw_date)})
    dept_text = normalize_code(_cell(row, columns, "department"))
    values["department"] = depts.get(dept_text) or depts.get(dept_text.removesuffix("窗口"))
    if values["department"] is None:
        err("department", _("系统中没有窗口或部门“%(v)s”") % {"v": dept_text or "空"})
    values["item_name"] = normalize_text(_cell(row, columns, "item_name"))[:200]
    values["staff_name"] = normalize_text(_cell(row, columns, "staff_name"))[:50]
    values["staff"] = staff.get(values["staff_name"])
    values["reason"] = normalize_text(_cell(row, columns, "reason"))[:500]
    on_time = normalize_code(_cell(row, columns, "finished_on_time")).lower()
    values["finished_on_time"] = True if on_time in YES else False if on_time in NO else None
    if on_time and values["finished_on_time"] is None:
        err("finished_on_time", _("无法识别“%(v)s”（应为 是 / 否）") % {"v": on_time})
    return (None if errors else values), errors


def _parse(sheet: Sheet, result: ImportResult) -> None:
    header = find_header(sheet, ALIASES, required=REQUIRED)
    if header is None:
        raise ApplicationError(_("前 15 行中找不到表头：必须包含 %(cols)s 列。")
                               % {"cols": "、".join(COLUMN_LABEL[c] for c in REQUIRED)})
    depts = _department_lookup()
    staff = {u.display_name: u for u in User.objects.filter(is_active=True)}
    seen, in_file_repeats, parsed, errors, read = set(), [], [], [], 0
    for offset, row in enumerate(sheet.rows[header.row_index + 1:], start=header.row_index + 2):
        if not any(normalize_text(v) for v in row):
            continue
        read += 1
        values, row_errors = _parse_row(row, header.columns, depts, staff, offset)
        errors.extend(row_errors)
        if values is None:
            continue
        if values["case_number"] in seen:
            in_file_repeats.append(values["case_number"])
            continue
        seen.add(values["case_number"])
        parsed.append(values)
    if read == 0:
        raise ApplicationError(_("文件中没有评价数据行。"))
    result.read, result.errors = read, errors
    if errors:
        return
    already = _already_rated(seen)
    result.rows = [Rating(source=Rating.Source.IMPORT, **v) for v in parsed if v["case_number"] not in already]
    result.skipped_all = sorted(already) + in_file_repeats
    result.skipped_numbers = result.skipped_all[:20]


def _already_rated(numbers: set[str]) -> set[str]:
    size = 900 if connection.vendor == "sqlite" else 20_000  # SQLite's bound-parameter limit
    found: set[str] = set()
    chunk = sorted(numbers)
    for i in range(0, len(chunk), size):
        found.update(Rating.objects.filter(case_number__in=chunk[i:i + size]).values_list("case_number", flat=True))
    return found


def ratings_import_preview(*, upload, filename: str = "") -> ImportResult:
    """Read and plan the file; writes nothing. Bad rows are listed in `errors` (row, column, why);
    an unreadable file or one without the needed columns is refused (ApplicationError)."""
    result = ImportResult(filename=filename or getattr(upload, "name", "") or "import")
    _parse(read_table(upload, max_rows=MAX_ROWS, max_bytes=MAX_BYTES), result)
    return result


def _refuse(errors: list[str]) -> None:
    shown = errors[:MAX_ERRORS_SHOWN]
    message = _("导入失败，未写入任何数据。请修正以下问题后重新导入：") + "\n" + "\n".join(shown)
    if len(errors) > len(shown):
        message += "\n" + _("……另有 %(n)d 处问题。") % {"n": len(errors) - len(shown)}
    raise ApplicationError(message, extra={"errors": errors})


def ratings_import(*, actor, upload, dry_run: bool = False, batch: ImportBatch | None = None,
                   filename: str = "") -> ImportResult:
    """Import every row or none. Refusal lists each bad row with its column and why. The ratings
    point at `batch` (the web flow's staged import record) or at an import record made here."""
    if not can_manage_evaluation(actor):
        raise PermissionRefused(_("只有标准化办公室可以导入评价数据。"))
    result = ratings_import_preview(upload=upload, filename=filename)
    if result.errors:
        _refuse(result.errors)
    result.dry_run = dry_run
    if not dry_run:
        _write(actor, upload, result, batch)
    return result


@transaction.atomic
def _write(actor, upload, result: ImportResult, batch: ImportBatch | None) -> None:
    """The write phase: the import record, then the ratings in batches."""
    if batch is None:
        upload.seek(0)
        data = upload.read()
        batch = ImportBatch.objects.create(
            importer=RATING_IMPORTER, filename=result.filename[:200], sha256=hashlib.sha256(data).hexdigest(),
            size=len(data), uploaded_by=actor, outcome=ImportBatch.Outcome.IMPORTED, finished_at=timezone.now(),
            plan=result.record())
    result.batch = batch
    for rating in result.rows:
        rating.batch, rating.created_by = batch, actor
    bulk_insert(Rating, result.rows, batch_size=BATCH)
