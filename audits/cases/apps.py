from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "audits.cases"
    label = "cases"
    verbose_name = _("办件")
    role_permissions = {
        "office": ["cases.add_case", "cases.view_case", "cases.add_caseimport", "cases.view_caseimport"],
        "manager": ["cases.view_case", "cases.view_caseimport"],
        "auditor": ["cases.view_case"],
        "head": ["cases.view_case"],
        "admin": ["cases.view_case", "cases.view_caseimport"],
    }

    def ready(self):
        from . import figures

        figures.register()
