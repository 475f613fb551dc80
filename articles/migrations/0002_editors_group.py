from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here, not imported from therapies/permissions.py: a migration must
# do tomorrow what it did the day it was written, whatever the app code becomes.
EDITORS_GROUP = "Editors"
KEEP_FROM_EDITORS = {"delete_therapy"}


def grant_editor_permissions(apps, app_label):
    """Give the Editors group every permission of one app."""
    # Permissions are normally created after all migrations have run; make
    # them now. The historical app config has no models module, which
    # create_permissions checks for, so it is set for the call.
    app_config = apps.get_app_config(app_label)
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    permissions = Permission.objects.filter(content_type__app_label=app_label).exclude(
        codename__in=KEEP_FROM_EDITORS
    )
    group.permissions.add(*permissions)


def grant_article_permissions(apps, schema_editor):
    grant_editor_permissions(apps, "articles")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("therapies", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(grant_article_permissions, migrations.RunPython.noop)]
