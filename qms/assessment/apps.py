from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_MODELS = ["scoringtemplate", "scoringsection", "scoringitem", "assessment", "score", "evidencelink",
           "evidencefile", "documenttemplate"]
_VIEW = [f"assessment.view_{m}" for m in _MODELS]
_EDIT = [f"assessment.{verb}_{m}" for m in _MODELS for verb in ("add", "change")]


class AssessmentConfig(AppConfig):
    """Scoring templates, self-assessments (自评) and the management dashboard.
    Imports standards (and audits, when present); never the dossier."""

    name = "qms.assessment"
    label = "assessment"
    verbose_name = _("自评与驾驶舱")
    role_permissions = {
        "office": _EDIT + _VIEW,
        "manager": _EDIT + _VIEW,
        "auditor": _VIEW,
        "admin": _VIEW,
    }

    def ready(self):
        from . import workflows  # noqa: F401  (registers the assessment's workflow declaration)
