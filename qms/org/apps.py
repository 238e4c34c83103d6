from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    """After the last app's post_migrate (Django sends one per app with models, in the order of
    INSTALLED_APPS, and creates each app's permissions in its own): every permission exists then."""
    from django.apps import apps

    from .services import roles_sync

    if sender is [config for config in apps.get_app_configs() if config.models_module is not None][-1]:
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
        # Groups need every app's permission rows: synced once the last app's have been created.
        post_migrate.connect(_sync_roles, dispatch_uid="qms.org.sync_roles")
