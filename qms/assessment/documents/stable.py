"""Byte-stable Office files: python-docx and openpyxl stamp zip entries (and openpyxl the
`modified` property) with the current time, so the same data would give different bytes.
`stable_zip` rewrites a package's entries in order with one fixed timestamp."""

import datetime as dt
import io
import re
import zipfile

from openpyxl.writer.excel import ExcelWriter


def stable_zip(data: bytes, *, as_of: dt.date | None) -> bytes:
    day = as_of or dt.date(2000, 1, 1)
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(day.year, day.month, day.day, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _fixed_core_dates(data, day)
            target.writestr(fixed, data)
    return buffer.getvalue()


def _fixed_core_dates(xml: bytes, day: dt.date) -> bytes:
    """Set the package's created/modified dates (written as 'now' by some renderers) to `day`."""
    stamp = f"{day.isoformat()}T00:00:00Z".encode()
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\g<2>", xml)


def stable_workbook_bytes(workbook, *, as_of: dt.date | None) -> bytes:
    """Save without openpyxl's `modified = now`, then fix the entries' timestamps."""
    when = dt.datetime.combine(as_of or dt.date(2000, 1, 1), dt.time())
    workbook.properties.created = workbook.properties.modified = when
    workbook.properties.creator = workbook.properties.lastModifiedBy = "qms"
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(workbook, archive).save()
    return stable_zip(buffer.getvalue(), as_of=as_of)
