from django.urls import path

from . import views

urlpatterns = [
    path("", views.CaseFiguresView.as_view(), name="case-figures"),
    path("import/", views.CaseImportView.as_view(), name="case-import"),
]
