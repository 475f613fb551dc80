from django.db import migrations

from therapies.permissions import grant_editor_permissions


def grant_page_permissions(apps, schema_editor):
    grant_editor_permissions(apps, "articles")


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_search_indexes_on_postgresql")]

    operations = [migrations.RunPython(grant_page_permissions, migrations.RunPython.noop)]
