"""Case imports move to the shared import record: each CaseImport row becomes an ImportBatch
(importer 'case_import', outcome 'imported', counts and unmatched names in `plan`), its cases
point at it, and CaseImport (with its history table) goes."""

import django.db.models.deletion
from django.db import migrations, models


def carry_imports(apps, schema_editor):
    CaseImport = apps.get_model("cases", "CaseImport")
    ImportBatch = apps.get_model("core", "ImportBatch")
    Case = apps.get_model("cases", "Case")
    for old in CaseImport.objects.order_by("pk"):
        unmatched = old.unmatched or {}
        batch = ImportBatch.objects.create(
            importer="case_import", filename=old.filename, sha256=old.sha256, uploaded_by_id=old.imported_by_id,
            outcome="imported", finished_at=old.imported_at,
            plan={"read": old.rows_read, "created": old.rows_created, "skipped": old.rows_skipped,
                  "unmatched_departments": unmatched.get("departments", []),
                  "unmatched_items": unmatched.get("items", [])})
        ImportBatch.objects.filter(pk=batch.pk).update(created_at=old.imported_at)  # auto_now_add on create
        Case.objects.filter(batch_id=old.pk).update(import_batch_id=batch.pk)
    if schema_editor.connection.vendor == "postgresql":  # deferred FK checks now, before the ALTERs below
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0001_cases_and_imports"),
        ("core", "0004_import_batch"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="import_batch",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="core.importbatch"),
        ),
        migrations.RunPython(carry_imports, migrations.RunPython.noop),
        migrations.RemoveField(model_name="case", name="batch"),
        migrations.DeleteModel(name="HistoricalCaseImport"),
        migrations.DeleteModel(name="CaseImport"),
        migrations.RenameField(model_name="case", old_name="import_batch", new_name="batch"),
        migrations.AlterField(
            model_name="case",
            name="batch",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="cases", to="core.importbatch", verbose_name="导入记录"),
        ),
    ]
