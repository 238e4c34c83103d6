"""One export: gather the context, render it, name the file. Shared by the web job and the CLI."""

import datetime as dt
from collections.abc import Callable

from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError
from qms.org.selectors import organisation_profile

from ..documents.system_table_docx import build_system_table_docx
from ..documents.system_table_xlsx import build_system_table_xlsx
from .context import system_table_context

FORMATS = {"xlsx": build_system_table_xlsx, "docx": build_system_table_docx}


def system_table_filename(fmt: str, *, node_code: str = "", as_of: dt.date | None = None,
                          on: dt.date | None = None) -> str:
    parts = [_("标准体系表")]
    if node_code:
        parts.append(node_code)
    parts.append((as_of or on or dt.date.today()).isoformat())
    return "-".join(parts) + f".{fmt}"


def system_table_build(*, fmt: str, node_code: str = "", as_of: dt.date | None = None, columns=None,
                       progress: Callable[[int, str], None] | None = None) -> tuple[str, bytes]:
    """(filename, bytes) of the table in `fmt` ('xlsx' or 'docx')."""
    if fmt not in FORMATS:
        raise ApplicationError(_("不支持的格式：%(fmt)s") % {"fmt": fmt}, field="format")
    progress = progress or (lambda percent, step: None)
    progress(10, _("读取标准体系"))
    context = system_table_context(organisation=organisation_profile().name, node_code=node_code,
                                   as_of=as_of, columns=columns)
    progress(50, _("生成文件"))
    data = FORMATS[fmt](context)
    return system_table_filename(fmt, node_code=node_code, as_of=as_of, on=context.generated_on), data
