from django.db import migrations

from therapies.permissions import grant_editor_permissions


def create_editors_group(apps, schema_editor):
    grant_editor_permissions(apps, "therapies")


class Migration(migrations.Migration):
    dependencies = [
        ("therapies", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, migrations.RunPython.noop)]
