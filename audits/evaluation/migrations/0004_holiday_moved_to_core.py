"""The holiday table moves to qms.core (the working-day calendar shared by cases, complaints and
corrective actions): copy the office's entries, then drop the old table."""

from django.db import migrations


def copy_holidays(apps, schema_editor):
    old = apps.get_model("evaluation", "Holiday")
    new = apps.get_model("core", "Holiday")
    new.objects.bulk_create(
        [new(date=h.date, name=h.name, kind=h.kind) for h in old.objects.all()], ignore_conflicts=True)


def copy_back(apps, schema_editor):
    old = apps.get_model("evaluation", "Holiday")
    new = apps.get_model("core", "Holiday")
    old.objects.bulk_create([old(date=h.date, name=h.name, kind=h.kind) for h in new.objects.all()])


class Migration(migrations.Migration):

    dependencies = [
        ('evaluation', '0003_rating_rate_index'),
        ('core', '0003_holiday_and_calendar_day'),
    ]

    operations = [
        migrations.RunPython(copy_holidays, copy_back),
        migrations.RemoveField(
            model_name='historicalholiday',
            name='history_user',
        ),
        migrations.DeleteModel(
            name='Holiday',
        ),
        migrations.DeleteModel(
            name='HistoricalHoliday',
        ),
    ]
