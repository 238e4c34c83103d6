"""Importing the 明细表 workbooks offices already keep. parser (workbook -> rows and errors,
no database) <- service (plan against the database, apply through the standards services)."""

from .parser import ALIASES, ParsedRow, RowError, normalize_number, parse_workbook, split_marker
from .service import (
    CREATE,
    EXEMPT_REASON,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    ImportRefused,
    RowPlan,
    standard_import,
    standard_import_preview,
)

__all__ = [
    "ALIASES", "CREATE", "EXEMPT_REASON", "UNCHANGED", "UPDATE", "ImportPlan", "ImportRefused", "ParsedRow",
    "RowError", "RowPlan", "normalize_number", "parse_workbook", "split_marker", "standard_import",
    "standard_import_preview",
]
