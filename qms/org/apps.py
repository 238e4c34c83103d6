from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from .services import roles_sync

    roles_sync()


class OrgConfig(AppConfig):
    name = "qms.org"
    label = "org"
    verbose_name = _("组织与用户")
    role_permissions = {
        "admin": [
            "org.add_user", "org.change_user", "org.view_user",
            "org.add_department", "org.change_department", "org.view_department",
            "auth.view_group",
        ],
    }

    def ready(self):
        # Groups need every app's permission rows, created after each app migrates: follow them all.
        post_migrate.connect(_sync_roles, dispatch_uid="qms.org.sync_roles")
