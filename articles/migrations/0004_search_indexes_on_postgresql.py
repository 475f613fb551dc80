"""GIN indexes for full-text search, on PostgreSQL only.

They cannot live in Meta.indexes: SQLite has no GIN and `migrate` would fail there.
"""

from django.db import migrations

TABLES = ["therapies_therapy", "therapies_condition", "articles_article"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} USING gin (search_vector)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_pages_and_search"),
        ("therapies", "0003_search_vector"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
