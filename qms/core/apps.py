from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "qms.core"
    label = "core"
    verbose_name = _("基础功能")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import checks  # noqa: F401 (registers the deployment checks)
        from .figures import figures_memo_clear

        post_save.connect(figures_memo_clear, dispatch_uid="figures_memo_clear_save")
        post_delete.connect(figures_memo_clear, dispatch_uid="figures_memo_clear_delete")
