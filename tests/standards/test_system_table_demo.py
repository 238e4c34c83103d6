import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qms.demo import system_table as demo
from standards.imports import standard_import_preview

from .centre import build_centre

pytestmark = pytest.mark.django_db


def test_demo_workbook_previews_as_created_updated_and_unchanged(office_user, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    build_centre(office_user)
    out = io.StringIO()
    demo.load(out)
    demo.load(out)  # idempotent: the file is rewritten
    path = tmp_path / "var" / "demo" / "标准明细表示例.xlsx"
    plan = standard_import_preview(upload=SimpleUploadedFile(path.name, path.read_bytes()))
    assert plan.errors == []
    assert plan.counts == {"create": 4, "update": 1, "unchanged": 3, "errors": 0}


def test_demo_workbook_without_standards_only_proposes_new_ones(settings, tmp_path, db):
    settings.BASE_DIR = tmp_path
    demo.load(io.StringIO())
    path = tmp_path / "var" / "demo" / "标准明细表示例.xlsx"
    plan = standard_import_preview(upload=SimpleUploadedFile(path.name, path.read_bytes()))
    assert plan.counts["create"] == 4 and plan.errors == []
