"""Standards views: thin; parse input, call one service, render or redirect."""

from .editions import (
    EditionCompareView,
    EditionCreateView,
    EditionDocumentView,
    EditionPublishView,
    EditionWithdrawView,
)
from .standards import (
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
    "EditionWithdrawView", "NodeCreateView", "NodeRetireView", "NodeUpdateView",
    "StandardCreateView", "StandardDetailView", "StandardHistoryView", "StandardListView",
    "StandardImportView", "StandardUpdateView", "SystemTableExportView", "TreeView",
]
from .checks import CheckCreateView, CheckDetailView, CheckListView, EvidenceDownloadView
from .consultations import (
    CommentCreateView,
    CommentDisposeView,
    ConsultationCloseView,
    ConsultationDetailView,
    ConsultationOpenView,
    consultation_summary,
)
from .lifecycle import (
    ChangeRequestCreateView,
    ChangeRequestDecideView,
    ChangeRequestListView,
    LifecycleOverviewView,
    PeriodicReviewCreateView,
    ReviewListView,
)
from .training import (
    AcknowledgementConfirmView,
    AcknowledgementListView,
    AcknowledgementRatesView,
    TrainingCreateView,
    TrainingDetailView,
    TrainingListView,
)
from .tree_templates import TreeTemplateView
from .validity import (
    AdoptedWithdrawView,
    AdoptReplacementView,
    ReferenceCheckView,
    StandardStatusImportView,
    ValidityConfirmView,
    ValidityOverviewView,
)
from .workflow import (
    EditionApproveView,
    EditionDetailView,
    EditionReturnView,
    EditionReviewView,
    EditionSubmitView,
    EditionUploadView,
    StandardReviseView,
    publication_notice,
)

__all__ += [
    "AdoptReplacementView", "AdoptedWithdrawView", "StandardStatusImportView", "ValidityConfirmView",
    "ValidityOverviewView", "TreeTemplateView", "ReferenceCheckView",
    "AcknowledgementConfirmView", "AcknowledgementListView", "AcknowledgementRatesView", "ChangeRequestCreateView",
    "ChangeRequestDecideView", "ChangeRequestListView", "CheckCreateView", "CheckDetailView", "CheckListView",
    "CommentCreateView", "CommentDisposeView", "ConsultationCloseView", "ConsultationDetailView",
    "ConsultationOpenView", "EditionApproveView", "EditionDetailView", "EditionReturnView", "EditionReviewView",
    "EditionSubmitView", "EditionUploadView", "EvidenceDownloadView", "LifecycleOverviewView",
    "PeriodicReviewCreateView", "ReviewListView", "StandardReviseView", "TrainingCreateView",
    "TrainingDetailView", "TrainingListView", "consultation_summary", "publication_notice",
]
