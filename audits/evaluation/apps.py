from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_MANAGE = [
    "evaluation.add_rating", "evaluation.change_rating", "evaluation.view_rating",
    "evaluation.add_survey", "evaluation.change_survey", "evaluation.view_survey",
    "evaluation.add_complaint", "evaluation.change_complaint", "evaluation.view_complaint",
    "evaluation.add_scorecard", "evaluation.change_scorecard", "evaluation.view_scorecard",
    "evaluation.change_scorecriterion", "evaluation.view_scorecriterion",
    "core.add_holiday", "core.change_holiday", "core.delete_holiday",
    "evaluation.add_managementreview", "evaluation.change_managementreview", "evaluation.view_managementreview",
    "evaluation.add_externalevaluation", "evaluation.change_externalevaluation", "evaluation.view_externalevaluation",
]
_VIEW = ["evaluation.view_rating", "evaluation.view_survey", "evaluation.view_complaint",
         "evaluation.view_scorecard", "evaluation.view_managementreview", "evaluation.view_externalevaluation"]


class EvaluationConfig(AppConfig):
    name = "audits.evaluation"
    label = "evaluation"
    verbose_name = _("服务评价与管理评审")
    role_permissions = {
        "office": _MANAGE,
        "manager": _VIEW + ["evaluation.add_managementreview", "evaluation.change_managementreview"],
        "auditor": _VIEW,
        "head": _VIEW,
        "admin": _VIEW,
    }

    def ready(self):
        from qms.core.todo import todo_register

        from . import figures, todo, workflows  # noqa: F401  (workflows register their declarations)

        figures.register()
        todo_register(todo.todos)
