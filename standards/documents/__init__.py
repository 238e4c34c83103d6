"""Pure renderers of the standards app: plain context (from a selector) in, bytes out.
No request, no ORM."""

from .comments import build_comment_summary_docx, build_comment_summary_xlsx
from .notice import build_publication_notice_docx

__all__ = ["build_comment_summary_docx", "build_comment_summary_xlsx", "build_publication_notice_docx"]
