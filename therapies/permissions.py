"""The Editors group: who may change content, and nothing else."""

from django.contrib.auth.management import create_permissions

EDITORS_GROUP = "Editors"

# Editors may do everything to content except delete a whole therapy (they
# unpublish it instead, so nothing a reader relied on vanishes by accident).
KEEP_FROM_EDITORS = {"delete_therapy"}


def grant_editor_permissions(apps, app_label: str) -> None:
    """Give the Editors group every permission of one content app. Used by migrations."""
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


# The apps whose models are content editors keep.
CONTENT_APPS = ("therapies", "articles")


def grant_editors_every_content_permission(sender, apps=None, **kwargs) -> None:
    """After every `migrate`: the Editors group may change every content model,
    those added since the group was made included (guideline recommendations
    and ways to get help were once left out, so editors could not open them).
    `apps` is the migrated state; some senders (a flush) give none."""
    from django.apps import apps as installed_apps

    for app_label in CONTENT_APPS:
        grant_editor_permissions(apps or installed_apps, app_label)
