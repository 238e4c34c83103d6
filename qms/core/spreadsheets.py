"""Reading offices' own workbooks: hostile-input checks first, then tolerant parsing.

Shared by every import (standards, service items, scoring templates, ratings): find the
header row among the first rows, map column names and their variants, normalise full-width
characters and stray spaces, parse dates in the forms offices type them."""

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .errors import ApplicationError
from .uploads import upload_check

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
HEADER_SCAN_ROWS = 15


def normalize_text(value) -> str:
    """Full-width to half-width (NFKC), ideographic and stray spaces removed at the ends,
    inner runs of white space folded to one."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).replace("\u3000", " ")
    return re.sub(r"\s+", " ", text).strip()


def normalize_code(value) -> str:
    """A code with every space removed (codes never contain spaces except the one after a prefix
    like 'GB/T 19001', which `normalize_standard_number` keeps)."""
    return re.sub(r"\s+", "", normalize_text(value))


def normalize_header(value) -> str:
    return re.sub(r"[\s:：*＊()（）]", "", normalize_text(value))


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def parse_date(value) -> dt.date | None:
    """A real Excel date, or text such as 2024-01-01, 2024.01.01, 2024/1/1, 2024年1月1日.
    Empty gives None; anything else raises ValueError with the text."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = normalize_code(value)
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)  # ValueError for impossible dates
    raise ValueError(text)


@dataclass
class Sheet:
    title: str
    rows: list[tuple]  # raw cell values, row by row (1-based row numbers = index + 1)


@dataclass
class HeaderMatch:
    row_index: int  # 0-based index into Sheet.rows
    columns: dict[str, int]  # canonical name -> column index
    extra: dict[str, int] = field(default_factory=dict)  # unknown header text -> column index


def read_workbook(upload, *, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES) -> list[Sheet]:
    """Check and read an .xlsx (read-only, values only: formulas are never evaluated)."""
    from openpyxl import load_workbook

    checked = upload_check(upload, allowed={"xlsx"}, max_bytes=max_bytes)
    try:
        workbook = load_workbook(io.BytesIO(checked.data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise ApplicationError(_("无法读取该 Excel 文件：%(error)s") % {"error": exc}) from exc
    sheets = []
    try:
        for ws in workbook.worksheets:
            rows = []
            for row in ws.iter_rows(values_only=True):
                rows.append(row)
                if len(rows) > max_rows + HEADER_SCAN_ROWS:
                    raise ApplicationError(
                        _("工作表“%(sheet)s”超过 %(max)d 行，请拆分后再导入。") % {"sheet": ws.title, "max": max_rows}
                    )
            sheets.append(Sheet(title=ws.title, rows=rows))
    finally:
        workbook.close()
    return sheets


def find_header(sheet: Sheet, aliases: dict[str, list[str]], *, required: list[str]) -> HeaderMatch | None:
    """Find the header row among the first rows: the first row naming every required column.
    `aliases` maps a canonical column to its accepted names (compared without spaces)."""
    lookup = {normalize_header(alias): canon for canon, names in aliases.items() for alias in names}
    for index, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        extra: dict[str, int] = {}
        for col, value in enumerate(row):
            key = normalize_header(value)
            if not key:
                continue
            canon = lookup.get(key)
            if canon and canon not in columns:
                columns[canon] = col
            elif not canon:
                extra[normalize_text(value)] = col
        if all(name in columns for name in required):
            return HeaderMatch(row_index=index, columns=columns, extra=extra)
    return None


_TIME = re.compile(r"^(\d{1,2})(?:[:：时点](?:(\d{1,2})分?(?:[:：]?(\d{1,2})秒?)?)?)?$")
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _excel_serial(value) -> dt.datetime | None:
    """A number typed as an Excel date serial (e.g. 46083.4 for 2026-03-02 09:36)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 20000 < value < 80000:
        return None
    return EXCEL_EPOCH + dt.timedelta(days=float(value))


def parse_datetime(value) -> dt.datetime | None:
    """A real Excel date or time, an Excel serial number, or text: a date in any `parse_date` form,
    then optionally a time such as 9:15, 09:15:30, 9时15分 (a date alone is midnight). Naive;
    empty gives None; anything else raises ValueError with the text."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    serial = _excel_serial(value)
    if serial is not None:
        return serial.replace(microsecond=0)
    if isinstance(value, str) and value.isascii():  # the common machine-written form, fast
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is None:
            return moment
    text = normalize_text(value).replace("T", " ")
    if not text:
        return None
    date_text, _sep, time_text = re.sub(r"(日)(\d)", r"\1 \2", text).partition(" ")
    day = parse_date(date_text)
    match = _TIME.match(time_text.replace(" ", "")) if time_text else None
    if time_text and not match:
        raise ValueError(text)
    hour, minute, second = (int(g or 0) for g in match.groups()) if match else (0, 0, 0)
    try:
        return dt.datetime(day.year, day.month, day.day, hour, minute, second)
    except ValueError as exc:
        raise ValueError(text) from exc


def _csv_sheet(data: bytes, *, max_rows: int) -> Sheet:
    import csv

    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ApplicationError(_("无法识别 CSV 文件的编码（支持 UTF-8 和 GBK）。"))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = [tuple(r) for r in csv.reader(io.StringIO(text), dialect)]
    if len(rows) > max_rows + HEADER_SCAN_ROWS:
        raise ApplicationError(_("文件超过 %(max)d 行，请拆分后再导入。") % {"max": max_rows})
    return Sheet(title="CSV", rows=rows)


def read_table(upload, *, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES) -> Sheet:
    """The first sheet of an .xlsx, or a CSV (UTF-8 or GBK; plain text, so identified by failing to
    be anything else). For exports of other systems (ratings, cases)."""
    head = upload.read(8)
    upload.seek(0)
    if head[:4] == b"PK\x03\x04" or head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return read_workbook(upload, max_rows=max_rows, max_bytes=max_bytes)[0]
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith((".csv", ".txt")):
        raise ApplicationError(_("只接受 .xlsx 或 .csv 文件。"))
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ApplicationError(_("文件过大（上限 %(n)d MB）。") % {"n": max_bytes // (1024 * 1024)})
    if not data.strip():
        raise ApplicationError(_("文件为空。"))
    if b"\x00" in data[:4096]:
        raise ApplicationError(_("文件类型不符：只接受 .xlsx 或 .csv 文件。"))
    return _csv_sheet(data, max_rows=max_rows)
