from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("内审与改进")

    def ready(self):
        from qms.core.todo import todo_register

        from . import figures, todo, workflows  # noqa: F401  (workflows register their declarations)

        figures.register()
        todo_register(todo.todos)
