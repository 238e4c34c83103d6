"""docs/data-model.md is generated from the models and must be current."""

import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from qms.core.datamodel import DOC_PATH, PROJECT_APPS, data_model_markdown, project_models


def test_the_committed_data_model_is_the_generated_one():
    committed = (Path(settings.BASE_DIR) / DOC_PATH).read_text(encoding="utf-8")
    assert committed == data_model_markdown(), "run: python manage.py data_model"
    out = io.StringIO()
    call_command("data_model", "--check", stdout=out)
    assert "是最新的" in out.getvalue()


def test_every_model_of_every_project_app_is_drawn():
    text = data_model_markdown()
    names = [m.__name__ for label in PROJECT_APPS for m in project_models(label)]
    assert len(names) > 60
    for name in names:
        assert f"  {name} {{" in text, name
    assert "  SystemNode ||--o{ Standard : node" in text
    assert "  Standard }o--o{ Department : applicable_departments" in text
