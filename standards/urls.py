from django.urls import path

from . import views

urlpatterns = [
    path("", views.StandardListView.as_view(), name="standard-list"),
    path("tree/", views.TreeView.as_view(), name="standard-tree"),
    path("import/", views.StandardImportView.as_view(), name="standard-import"),
    path("system-table/", views.SystemTableExportView.as_view(), name="system-table-export"),
    path("new/", views.StandardCreateView.as_view(), name="standard-create"),
    path("<int:pk>/", views.StandardDetailView.as_view(), name="standard-detail"),
    path("<int:pk>/edit/", views.StandardUpdateView.as_view(), name="standard-update"),
    path("<int:pk>/history/", views.StandardHistoryView.as_view(), name="standard-history"),
    path("<int:pk>/compare/", views.EditionCompareView.as_view(), name="standard-compare"),
    path("<int:pk>/editions/new/", views.EditionCreateView.as_view(), name="edition-create"),
    path("editions/<int:pk>/publish/", views.EditionPublishView.as_view(), name="edition-publish"),
    path("editions/<int:pk>/withdraw/", views.EditionWithdrawView.as_view(), name="edition-withdraw"),
    path("editions/<int:pk>/document/", views.EditionDocumentView.as_view(), name="edition-document"),
    path("nodes/new/", views.NodeCreateView.as_view(), name="node-create"),
    path("nodes/<int:pk>/edit/", views.NodeUpdateView.as_view(), name="node-update"),
    path("nodes/<int:pk>/retire/", views.NodeRetireView.as_view(), name="node-retire"),
]
