from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    """The application dossier (申请材料汇编) and the organisation profile page.
    Top of the layers: may import every app below it."""

    name = "qms.dossier"
    label = "dossier"
    verbose_name = _("申请材料汇编")
    role_permissions = {
        "office": ["dossier.add_dossier", "dossier.view_dossier", "org.change_organisationprofile",
                   "org.view_organisationprofile"],
        "manager": ["dossier.add_dossier", "dossier.view_dossier", "org.change_organisationprofile",
                    "org.view_organisationprofile"],
    }

    def ready(self):
        from . import workflows  # noqa: F401  (registers the dossier's workflow declaration)
