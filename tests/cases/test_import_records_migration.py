"""The data migrations that moved the case and rating imports onto the shared ImportBatch record:
each old import row becomes an import batch with its who, when, file and counts, and its cases and
ratings point at it."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cases", "0001_cases_and_imports"), ("evaluation", "0005_merge_holiday_workflow_events")]
AFTER = [("cases", "0002_case_imports_into_import_batch"), ("evaluation", "0006_rating_imports_into_import_batch")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_import_rows_are_carried_into_import_batches():
    try:
        apps = _migrate(BEFORE)
        user = apps.get_model("org", "User").objects.create(username="importer", password="!")
        dept = apps.get_model("org", "Department").objects.create(code="SW", name="税务局窗口")
        at = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
        case_import = apps.get_model("cases", "CaseImport").objects.create(
            filename="三月.csv", sha256="a" * 64, imported_by=user, rows_read=3, rows_created=2, rows_skipped=1,
            unmatched={"departments": [["自然资源局", 1]], "items": []})
        apps.get_model("cases", "CaseImport").objects.filter(pk=case_import.pk).update(imported_at=at)
        apps.get_model("cases", "Case").objects.create(
            number="C1", item_name="发票申领", department=dept, accepted_at=at, accepted_day_id=at.date(),
            status="open", batch=case_import)
        rating_import = apps.get_model("evaluation", "RatingImport").objects.create(
            filename="评价.xlsx", sha256="b" * 64, imported_by=user, rows_read=1, rows_created=1)
        apps.get_model("evaluation", "Rating").objects.create(
            case_number="C1", rated_on=at.date(), department=dept, grade="satisfied", source="import",
            batch=rating_import)

        _migrate(AFTER)
        from audits.cases.models import Case
        from audits.evaluation.models import Rating
        from qms.core.models import ImportBatch

        case_batch = Case.objects.get().batch
        assert (case_batch.importer, case_batch.filename, case_batch.uploaded_by.username, case_batch.outcome,
                case_batch.created_at, case_batch.sha256) == ("case_import", "三月.csv", "importer", "imported", at,
                                                              "a" * 64)
        assert case_batch.plan == {"read": 3, "created": 2, "skipped": 1,
                                   "unmatched_departments": [["自然资源局", 1]], "unmatched_items": []}
        rating_batch = Rating.objects.get().batch
        assert (rating_batch.importer, rating_batch.filename, rating_batch.plan) == (
            "rating_import", "评价.xlsx", {"read": 1, "created": 1, "skipped": 0})
        assert ImportBatch.objects.count() == 2
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
