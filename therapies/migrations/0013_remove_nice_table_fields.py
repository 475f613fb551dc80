"""The depression-only NICE table fields, now that recommendations are records
(0011) and the data moved there (0012)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("therapies", "0012_nice_tables_to_recommendations"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="therapycondition",
            name="less_severe",
        ),
        migrations.RemoveField(
            model_name="therapycondition",
            name="less_severe_note",
        ),
        migrations.RemoveField(
            model_name="therapycondition",
            name="less_severe_rank",
        ),
        migrations.RemoveField(
            model_name="therapycondition",
            name="more_severe",
        ),
        migrations.RemoveField(
            model_name="therapycondition",
            name="more_severe_note",
        ),
        migrations.RemoveField(
            model_name="therapycondition",
            name="more_severe_rank",
        ),
    ]
