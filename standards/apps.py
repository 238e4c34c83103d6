from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_EDIT = [
    "standards.add_systemnode", "standards.change_systemnode",
    "standards.add_standard", "standards.change_standard",
    "standards.add_edition", "standards.change_edition",
]
_VIEW = ["standards.view_systemnode", "standards.view_standard", "standards.view_edition"]


class StandardsConfig(AppConfig):
    name = "standards"
    verbose_name = _("标准体系")
    role_permissions = {
        "office": _EDIT + _VIEW,
        "auditor": _VIEW,
        "manager": _VIEW,
        "head": _VIEW,
        "admin": _VIEW,
    }

    def ready(self):
        from qms.core.todo import todo_register

        from . import figures, todo, workflows  # noqa: F401  (workflows register their declarations)

        figures.register()
        todo_register(todo.todos)
