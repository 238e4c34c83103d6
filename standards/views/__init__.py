"""Standards views: thin; parse input, call one service, render or redirect."""

from .editions import (
    EditionCompareView,
    EditionCreateView,
    EditionDocumentView,
    EditionPublishView,
    EditionWithdrawView,
)
from .standards import (
    HomeView,
    StandardCreateView,
    StandardDetailView,
    StandardHistoryView,
    StandardListView,
    StandardUpdateView,
)
from .system_table import StandardImportView, SystemTableExportView
from .tree import NodeCreateView, NodeRetireView, NodeUpdateView, TreeView

__all__ = [
    "EditionCompareView", "EditionCreateView", "EditionDocumentView", "EditionPublishView",
    "EditionWithdrawView", "HomeView", "NodeCreateView", "NodeRetireView", "NodeUpdateView",
    "StandardCreateView", "StandardDetailView", "StandardHistoryView", "StandardListView",
    "StandardImportView", "StandardUpdateView", "SystemTableExportView", "TreeView",
]
