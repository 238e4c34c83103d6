"""Rating imports move to the shared import record: each RatingImport row becomes an ImportBatch
(importer 'rating_import', outcome 'imported', counts in `plan`), its ratings point at it, and
RatingImport (with its history table) goes."""

import django.db.models.deletion
from django.db import migrations, models


def carry_imports(apps, schema_editor):
    RatingImport = apps.get_model("evaluation", "RatingImport")
    ImportBatch = apps.get_model("core", "ImportBatch")
    Rating = apps.get_model("evaluation", "Rating")
    for old in RatingImport.objects.order_by("pk"):
        batch = ImportBatch.objects.create(
            importer="rating_import", filename=old.filename, sha256=old.sha256, uploaded_by_id=old.imported_by_id,
            outcome="imported", finished_at=old.imported_at,
            plan={"read": old.rows_read, "created": old.rows_created, "skipped": old.rows_skipped})
        ImportBatch.objects.filter(pk=batch.pk).update(created_at=old.imported_at)  # auto_now_add on create
        Rating.objects.filter(batch_id=old.pk).update(import_batch_id=batch.pk)
    if schema_editor.connection.vendor == "postgresql":  # deferred FK checks now, before the ALTERs below
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("evaluation", "0005_merge_holiday_workflow_events"),
        ("core", "0004_import_batch"),
    ]

    operations = [
        migrations.AddField(
            model_name="rating",
            name="import_batch",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="core.importbatch"),
        ),
        migrations.RunPython(carry_imports, migrations.RunPython.noop),
        migrations.RemoveField(model_name="rating", name="batch"),
        migrations.DeleteModel(name="HistoricalRatingImport"),
        migrations.DeleteModel(name="RatingImport"),
        migrations.RenameField(model_name="rating", old_name="import_batch", new_name="batch"),
        migrations.AlterField(
            model_name="rating",
            name="batch",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="ratings", to="core.importbatch", verbose_name="导入记录"),
        ),
    ]
