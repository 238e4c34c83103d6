"""The standard-system table (标准体系表): selectors that gather its context.

columns (the configurable column set) <- snapshot (the system now or at the end of a past day,
from the live tables or the history) <- context (rows, groups, chart, statistics) <- build
(context -> file bytes through the pure renderers in standards.documents). Each module may
import only the ones before it."""

from .build import FORMATS, system_table_build, system_table_filename
from .chart import structure_chart
from .columns import COLUMNS, COLUMNS_BY_KEY, DEFAULT_COLUMNS, Column, columns_for
from .context import ChartNode, Group, Row, StatRow, SystemTableContext, system_table_context
from .snapshot import snapshot

__all__ = [
    "COLUMNS", "COLUMNS_BY_KEY", "DEFAULT_COLUMNS", "FORMATS", "ChartNode", "Column", "Group", "Row", "StatRow",
    "SystemTableContext", "columns_for", "snapshot", "structure_chart", "system_table_build", "system_table_context",
    "system_table_filename",
]
