"""Byte-stable Office files: python-docx and openpyxl stamp each zip entry with the current
time, so the same content saved twice differs. Rewriting the container with fixed timestamps
makes "the same data gives the same documents" hold byte for byte."""

import datetime as dt
import io
import zipfile


def ooxml_stable(data: bytes, *, as_of: dt.date) -> bytes:
    """The same .docx/.xlsx with every entry's timestamp set to `as_of` (other files unchanged)."""
    if data[:4] != b"PK\x03\x04":
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(as_of.year, as_of.month, as_of.day, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return buffer.getvalue()
