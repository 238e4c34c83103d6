"""The detail table's columns (标准明细表). The set is a request/CLI parameter: provinces and
reviewers differ, so any subset may be chosen; the order is always the canonical one below."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from qms.core.errors import ApplicationError


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: float  # Excel character units; Word widths are scaled from these


COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", 6),
    Column("code", "标准体系表编号", 13),
    Column("former_code", "原编号", 11),
    Column("subsystem", "子体系", 14),
    Column("number", "标准编号", 24),
    Column("name", "标准名称", 40),
    Column("level", "级别", 10),
    Column("effective_on", "实施日期", 12),
    Column("intl_relation", "国际国外标准号及采用关系", 20),
    Column("replaces", "代替标准号", 20),
    Column("notes", "备注", 18),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
DEFAULT_COLUMNS: tuple[str, ...] = ("seq", "code", "number", "name", "level", "effective_on", "replaces", "notes")


def columns_for(keys=None) -> list[Column]:
    """The chosen columns in canonical order; None or empty gives the default set."""
    keys = [k.strip() for k in (keys or DEFAULT_COLUMNS) if k and k.strip()]
    unknown = [k for k in keys if k not in COLUMNS_BY_KEY]
    if unknown:
        raise ApplicationError(
            _("未知的列：%(cols)s。可选列：%(all)s")
            % {"cols": ", ".join(unknown), "all": ", ".join(c.key for c in COLUMNS)},
            field="columns",
        )
    if not keys:
        raise ApplicationError(_("至少选择一列。"), field="columns")
    chosen = set(keys)
    return [column for column in COLUMNS if column.key in chosen]
