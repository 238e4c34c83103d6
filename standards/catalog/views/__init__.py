"""Catalogue views: thin; parse input, call one service or selector, render or redirect."""

from .coverage import BlindSpotView, CoverageView
from .imports import ItemExportView, ItemImportView
from .items import (
    ItemCreateView,
    ItemDetailView,
    ItemGuideView,
    ItemListView,
    ItemNoticeView,
    ItemPartAddView,
    ItemPartRemoveView,
    ItemUpdateView,
)
from .notices import NoticeIssueCreateView, NoticeIssueDownloadView, NoticeIssueListView
from .posts import (
    FacilityCreateView,
    FacilityListView,
    FacilityUpdateView,
    PostCreateView,
    PostListView,
    PostUpdateView,
)
from .procedures import ProcedureGenerateAllView, ProcedureGenerateView, ProcedurePublishView

__all__ = [
    "BlindSpotView", "CoverageView", "FacilityCreateView", "FacilityListView", "FacilityUpdateView",
    "ItemCreateView", "ItemDetailView", "ItemExportView", "ItemGuideView", "ItemImportView", "ItemListView",
    "ItemNoticeView", "ItemPartAddView", "NoticeIssueCreateView", "NoticeIssueDownloadView", "NoticeIssueListView", "ItemPartRemoveView", "ItemUpdateView", "PostCreateView", "PostListView",
    "PostUpdateView", "ProcedureGenerateAllView", "ProcedureGenerateView", "ProcedurePublishView",
]
