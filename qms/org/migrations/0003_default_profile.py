"""The organisation profile row exists from the start, so reading it never writes."""

from django.db import migrations


def create(apps, schema_editor):
    apps.get_model("org", "OrganisationProfile").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("org", "0002_organisation_profile")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
