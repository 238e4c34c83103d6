"""Pure renderers: a plain context in, the file's bytes out (no request, no ORM)."""

from .audit_report import build_audit_report_docx
from .nonconformity_report import build_nonconformity_report_docx
from .register import build_register_xlsx

__all__ = ["build_audit_report_docx", "build_nonconformity_report_docx", "build_register_xlsx"]
