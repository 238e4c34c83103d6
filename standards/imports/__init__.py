"""Importing the 明细表 workbooks offices already keep. parser (workbook -> rows and errors,
no database) <- service (plan against the database, apply through the standards services).
Status lists of adopted standards: status_parser (pure) <- status_service (plan, batch writes)."""

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
from .status_service import (
    IGNORED,
    StatusImportPlan,
    standard_status_import,
    standard_status_import_preview,
)

__all__ = [
    "IGNORED", "StatusImportPlan", "standard_status_import", "standard_status_import_preview",
    "ALIASES", "CREATE", "EXEMPT_REASON", "UNCHANGED", "UPDATE", "ImportPlan", "ImportRefused", "ParsedRow",
    "RowError", "RowPlan", "normalize_number", "parse_workbook", "split_marker", "standard_import",
    "standard_import_preview",
]
