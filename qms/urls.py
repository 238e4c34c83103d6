from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from qms.assessment.views import DashboardView, HomeView
from qms.core import views as core_views

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("dashboard/reviews/", RedirectView.as_view(pattern_name="periodic-review-list"), name="dashboard-reviews"),
    path("accounts/login/", login_not_required(auth_views.LoginView.as_view()), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("notifications/", core_views.NotificationListView.as_view(), name="notification-list"),
    path("documents/issued/", core_views.IssuedDocumentListView.as_view(), name="issued-document-list"),
    path("jobs/<uuid:pk>/", core_views.JobStatusView.as_view(), name="job-status"),
    path("workflow/<slug:key>/<int:pk>/<slug:name>/", core_views.WorkflowMoveView.as_view(), name="workflow-move"),
    path("jobs/<uuid:pk>/download/", core_views.JobDownloadView.as_view(), name="job-download"),
    path("standards/", include("standards.urls")),
    path("audits/", include("audits.urls")),
    path("catalog/", include("standards.catalog.urls")),
    path("evaluation/", include("audits.evaluation.urls")),
    path("cases/", include("audits.cases.urls")),
    path("leadership/", include("qms.leadership.urls")),
    path("assessments/", include("qms.assessment.urls")),
    path("dossiers/", include("qms.dossier.urls")),
    path("admin/", admin.site.urls),
]
