from .assessments import (
    AssessmentCreateView,
    AssessmentDetailView,
    AssessmentListView,
    AssessmentReportView,
    AssessmentReviseView,
    AssessmentSheetView,
    AssessmentSubmitView,
    AssessmentSummaryView,
    EvidenceDeleteView,
    EvidenceFileAddView,
    EvidenceFileDownloadView,
    EvidenceLinkAddView,
    NarrativeUpdateView,
    ScoreUpdateView,
)
from .dashboard import DashboardView, HomeView
from .doc_templates import DocumentTemplateDownloadView, DocumentTemplateListView, DocumentTemplateResetView
from .narratives import NarrativeDraftView, NarrativeListView, NarrativeSectionView
from .templates import (
    ItemCreateView,
    ItemDeleteView,
    ItemUpdateView,
    SectionCreateView,
    SectionDeleteView,
    SectionUpdateView,
    TemplateDetailView,
    TemplateExampleView,
    TemplateExportView,
    TemplateImportView,
    TemplateUpdateView,
)

__all__ = [
    "AssessmentCreateView", "AssessmentDetailView", "AssessmentListView", "AssessmentReportView",
    "AssessmentReviseView", "AssessmentSheetView", "AssessmentSubmitView", "AssessmentSummaryView", "DashboardView", "HomeView",
    "DocumentTemplateDownloadView", "DocumentTemplateListView", "DocumentTemplateResetView", "EvidenceDeleteView",
    "EvidenceFileAddView", "EvidenceFileDownloadView", "EvidenceLinkAddView", "ItemCreateView", "ItemDeleteView",
    "ItemUpdateView", "NarrativeDraftView", "NarrativeListView", "NarrativeSectionView", "NarrativeUpdateView",
    "ScoreUpdateView", "SectionCreateView",
    "SectionDeleteView", "SectionUpdateView", "TemplateDetailView", "TemplateExampleView", "TemplateExportView",
    "TemplateImportView", "TemplateUpdateView",
]
