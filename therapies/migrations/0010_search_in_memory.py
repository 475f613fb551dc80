"""The search runs in memory (articles/search/queries.py): no stored vectors."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("therapies", "0009_nice_tables_by_severity"),
        # That migration builds its PostgreSQL indexes on these columns: it
        # must run before they go, or a fresh database fails to migrate.
        ("articles", "0004_search_indexes_on_postgresql"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="condition",
            name="search_vector",
        ),
        migrations.RemoveField(
            model_name="therapy",
            name="search_vector",
        ),
    ]
