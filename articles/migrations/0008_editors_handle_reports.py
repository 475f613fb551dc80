from django.db import migrations

from therapies.permissions import grant_editor_permissions


def grant_report_permissions(apps, schema_editor):
    grant_editor_permissions(apps, "articles")


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_mistake_reports")]

    operations = [migrations.RunPython(grant_report_permissions, migrations.RunPython.noop)]
