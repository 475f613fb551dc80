"""Loading a backup written from an older schema.

A backup records the last migration of each app it holds records of
(export_content). Loading it into today's models would drop, or refuse, what
the schema has changed since; instead the (empty) database goes back to the
backup's schema, its records are written with the models as they were then,
and migrating forward converts them, exactly as it converted every database.
"""

from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor


def load_records_as_of(schema: dict[str, str], records: list[dict]) -> None:
    """Write backup records with the models of the schema they were written from.

    The database must already be at that schema. Foreign keys are written as
    ids, so records may come in any order within the transaction; content
    types (history's, written as natural keys) are looked up by name.
    """
    apps = MigrationExecutor(connection).loader.project_state(list(schema.items())).apps
    content_type = apps.get_model("contenttypes", "ContentType")
    links = []
    with transaction.atomic():
        for record in records:
            model = apps.get_model(record["model"])
            values, many = {}, {}
            for name, value in record["fields"].items():
                field = model._meta.get_field(name)
                if field.many_to_many:
                    many[name] = value
                elif field.is_relation and field.related_model is content_type:
                    app_label, model_name = value
                    values[field.attname] = content_type.objects.get_or_create(
                        app_label=app_label, model=model_name
                    )[0].pk
                elif field.is_relation:
                    values[field.attname] = value
                else:
                    values[name] = field.to_python(value)
            instance = model(pk=record["pk"], **values)
            instance.save(force_insert=True)
            links.append((instance, many))
        for instance, many in links:
            for name, ids in many.items():
                getattr(instance, name).set(ids)
