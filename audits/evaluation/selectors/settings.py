from ..models import EvaluationSettings


def evaluation_settings() -> EvaluationSettings:
    """The settings row, created with defaults on first use."""
    row, _created = EvaluationSettings.objects.get_or_create(pk=1)
    return row
