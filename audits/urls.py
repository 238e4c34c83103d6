from django.urls import path

from . import views

urlpatterns = [
    path("", views.AuditHomeView.as_view(), name="audit-home"),
    path("programmes/new/", views.ProgrammeCreateView.as_view(), name="programme-create"),
    path("programmes/<int:year>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("new/", views.AuditCreateView.as_view(), name="audit-create"),
    path("<int:pk>/", views.AuditDetailView.as_view(), name="audit-detail"),
    path("<int:pk>/edit/", views.AuditUpdateView.as_view(), name="audit-update"),
    path("<int:pk>/copy/", views.AuditCopyView.as_view(), name="audit-copy"),
    path("<int:pk>/start/", views.AuditStartView.as_view(), name="audit-start"),
    path("<int:pk>/complete/", views.AuditCompleteView.as_view(), name="audit-complete"),
    path("<int:pk>/cancel/", views.AuditCancelView.as_view(), name="audit-cancel"),
    path("<int:pk>/report/", views.AuditReportView.as_view(), name="audit-report"),
    path("<int:pk>/checklist/", views.ChecklistView.as_view(), name="audit-checklist"),
    path("<int:pk>/checklist/generate/", views.ChecklistGenerateView.as_view(), name="checklist-generate"),
    path("<int:pk>/checklist/add/", views.ChecklistItemAddView.as_view(), name="checklist-item-add"),
    path("checklist-items/<int:pk>/record/", views.ChecklistItemRecordView.as_view(), name="checklist-item-record"),
    path("checklist-items/<int:pk>/delete/", views.ChecklistItemDeleteView.as_view(), name="checklist-item-delete"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="audit-attachment"),
    path("nonconformities/", views.NonconformityListView.as_view(), name="nonconformity-list"),
    path("nonconformities/export/", views.NonconformityExportView.as_view(), name="nonconformity-export"),
    path("nonconformities/new/", views.NonconformityCreateView.as_view(), name="nonconformity-create"),
    path("nonconformities/<int:pk>/", views.NonconformityDetailView.as_view(), name="nonconformity-detail"),
    path("nonconformities/<int:pk>/acknowledge/", views.NonconformityAcknowledgeView.as_view(),
         name="nonconformity-acknowledge"),
    path("nonconformities/<int:pk>/reopen/", views.NonconformityReopenView.as_view(), name="nonconformity-reopen"),
    path("nonconformities/<int:pk>/report/", views.NonconformityReportView.as_view(), name="nonconformity-report"),
    path("corrective-actions/<int:pk>/<slug:step>/", views.CorrectiveActionStepView.as_view(),
         name="corrective-action-step"),
]
