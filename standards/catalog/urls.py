from django.urls import path

from . import views

urlpatterns = [
    path("", views.ItemListView.as_view(), name="item-list"),
    path("items/new/", views.ItemCreateView.as_view(), name="item-create"),
    path("items/import/", views.ItemImportView.as_view(), name="item-import"),
    path("items/export/", views.ItemExportView.as_view(), name="item-export"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="item-detail"),
    path("items/<int:pk>/edit/", views.ItemUpdateView.as_view(), name="item-update"),
    path("items/<int:pk>/guide/", views.ItemGuideView.as_view(), name="item-guide"),
    path("items/<int:pk>/notice/", views.ItemNoticeView.as_view(), name="item-notice"),
    path("items/<int:pk>/notice/issue/", views.NoticeIssueCreateView.as_view(), name="notice-issue-create"),
    path("notices/", views.NoticeIssueListView.as_view(), name="notice-issue-list"),
    path("notices/<int:pk>/notice.docx", views.NoticeIssueDownloadView.as_view(), name="notice-issue-download"),
    path("items/<int:pk>/procedure/generate/", views.ProcedureGenerateView.as_view(), name="procedure-generate"),
    path("items/<int:pk>/procedure/publish/", views.ProcedurePublishView.as_view(), name="procedure-publish"),
    path("items/<int:pk>/<str:part>/add/", views.ItemPartAddView.as_view(), name="item-part-add"),
    path("items/<int:pk>/<str:part>/<int:part_pk>/delete/", views.ItemPartRemoveView.as_view(),
         name="item-part-remove"),
    path("procedures/generate/", views.ProcedureGenerateAllView.as_view(), name="procedure-generate-all"),
    path("posts/", views.PostListView.as_view(), name="post-list"),
    path("posts/new/", views.PostCreateView.as_view(), name="post-create"),
    path("posts/<int:pk>/edit/", views.PostUpdateView.as_view(), name="post-update"),
    path("facilities/", views.FacilityListView.as_view(), name="facility-list"),
    path("facilities/new/", views.FacilityCreateView.as_view(), name="facility-create"),
    path("facilities/<int:pk>/edit/", views.FacilityUpdateView.as_view(), name="facility-update"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("blind-spots/", views.BlindSpotView.as_view(), name="blind-spots"),
]
