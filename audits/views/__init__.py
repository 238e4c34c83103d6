"""Audits views: thin; parse input, call one service, render or redirect."""

from .auditors import (
    AuditorListView,
    AuditPointCreateView,
    AuditPointListView,
    AuditPointUpdateView,
    QualificationCreateView,
    QualificationUpdateView,
)
from .audits import (
    AuditCancelView,
    AuditCompleteView,
    AuditCopyView,
    AuditCreateView,
    AuditDetailView,
    AuditReportView,
    AuditStartView,
    AuditUpdateView,
)
from .checklist import (
    AttachmentDownloadView,
    ChecklistGenerateView,
    ChecklistItemAddView,
    ChecklistItemDeleteView,
    ChecklistItemRecordView,
    ChecklistView,
)
from .corrective_actions import CorrectiveActionStepView
from .improvements import ImprovementCompleteView, ImprovementCreateView, ImprovementListView
from .nonconformities import (
    NonconformityAcknowledgeView,
    NonconformityCreateView,
    NonconformityDetailView,
    NonconformityExportView,
    NonconformityFromCheckView,
    NonconformityListView,
    NonconformityReopenView,
    NonconformityReportView,
)
from .overview import AuditHomeView, ProgrammeCreateView, ProgrammeDetailView

__all__ = [
    "AuditPointCreateView", "AuditPointListView", "AuditPointUpdateView", "AuditorListView",
    "QualificationCreateView", "QualificationUpdateView",
    "ImprovementCompleteView", "ImprovementCreateView", "ImprovementListView",
    "AttachmentDownloadView", "AuditCancelView", "AuditCompleteView", "AuditCopyView", "AuditCreateView", "AuditDetailView",
    "AuditHomeView", "AuditReportView", "AuditStartView", "AuditUpdateView", "ChecklistGenerateView",
    "ChecklistItemAddView", "ChecklistItemDeleteView", "ChecklistItemRecordView", "ChecklistView",
    "CorrectiveActionStepView", "NonconformityAcknowledgeView", "NonconformityCreateView", "NonconformityFromCheckView",
    "NonconformityDetailView", "NonconformityExportView", "NonconformityListView", "NonconformityReopenView",
    "NonconformityReportView", "ProgrammeCreateView", "ProgrammeDetailView",
]
