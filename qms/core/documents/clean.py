"""Text for Office files: the one cleaning step every .xlsx/.docx writer applies.

XML 1.0 forbids most C0 control characters (a `\\x0b` pasted from Word, a `\\x1f` from a
scanner's OCR), lone surrogates and U+FFFE/U+FFFF; openpyxl raises IllegalCharacterError and
lxml "All strings must be XML compatible" on them, failing the whole document. They carry no
meaning in our records, so they are removed; a tab, newline and carriage return stay."""

import re

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
XLSX_CELL_MAX = 32_767  # Excel's limit on the characters of one cell
TRUNCATED = "…（已截断）"


def office_text(value, *, limit: int | None = None) -> str:
    """`value` as text safe for an Office file: control characters removed, at most `limit`
    characters (the cut is marked)."""
    text = _XML_ILLEGAL.sub("", "" if value is None else str(value))
    if limit is not None and len(text) > limit:
        text = text[: limit - len(TRUNCATED)] + TRUNCATED
    return text


def office_context(value):
    """A render context with every string cleaned (dicts, lists and tuples walked)."""
    if isinstance(value, str):
        return office_text(value)
    if isinstance(value, dict):
        return {key: office_context(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(office_context(item) for item in value)
    return value
