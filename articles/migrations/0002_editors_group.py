from django.db import migrations

from therapies.permissions import grant_editor_permissions


def grant_article_permissions(apps, schema_editor):
    grant_editor_permissions(apps, "articles")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("therapies", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(grant_article_permissions, migrations.RunPython.noop)]
