from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_EDIT = [f"leadership.{verb}_{model}" for model in ("body", "membership", "meeting", "decision", "plan", "plantask",
                                                     "plantarget") for verb in ("add", "change", "view")]
_VIEW = [f"leadership.view_{model}" for model in ("body", "membership", "meeting", "decision", "plan", "plantask",
                                                    "plantarget")]


class LeadershipConfig(AppConfig):
    """标准化工作领导小组 and its 办公室, their meetings and decisions, the 实施方案 and the yearly
    工作计划 with its figure targets (which the figures registry uses: `services.targets`)."""

    name = "qms.leadership"
    label = "leadership"
    verbose_name = _("组织领导与计划")
    role_permissions = {"office": _EDIT, "manager": _EDIT, "auditor": _VIEW, "head": _VIEW, "admin": _VIEW}

    def ready(self):
        from qms.core.figures import figure_target_source_register
        from qms.core.todo import todo_register

        from . import todo, workflows  # noqa: F401  (workflows register their declarations)
        from .services.targets import plan_target_for_figure

        figure_target_source_register(plan_target_for_figure)
        todo_register(todo.todos)
