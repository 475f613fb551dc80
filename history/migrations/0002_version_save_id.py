from django.db import migrations, models


def one_save_per_existing_version(apps, schema_editor):
    # Versions recorded before saves were grouped each stay a save of their own.
    Version = apps.get_model("history", "Version")
    for version in Version.objects.only("pk").iterator():
        Version.objects.filter(pk=version.pk).update(save_id=f"version-{version.pk}")


class Migration(migrations.Migration):
    dependencies = [("history", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="version",
            name="save_id",
            field=models.CharField(db_index=True, default="", max_length=32),
            preserve_default=False,
        ),
        migrations.RunPython(one_save_per_existing_version, migrations.RunPython.noop),
    ]
