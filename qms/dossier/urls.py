from django.urls import path

from . import views

urlpatterns = [
    path("", views.DossierListView.as_view(), name="dossier-list"),
    path("preflight/", views.DossierPreflightView.as_view(), name="dossier-preflight"),
    path("<int:pk>/", views.DossierDetailView.as_view(), name="dossier-detail"),
    path("<int:pk>/rerun/", views.DossierRerunView.as_view(), name="dossier-rerun"),
    path("profile/", views.OrganisationProfileView.as_view(), name="organisation-profile"),
]
