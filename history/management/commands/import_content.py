import json
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from history import registry
from history.backups import load_records_as_of
from history.management.commands.export_content import FORMAT, schema_of_content
from history.models import Version
from history.recording import backup_loading

# Backups written before they recorded their schema (a plain list of records)
# were all written from this one: load them there, then migrate forward, so
# the migrations convert them as they converted every database.
UNRECORDED_SCHEMA = {
    "articles": "0011_chooser_nice_table_attributes",
    "history": "0002_version_save_id",
    "therapies": "0009_nice_tables_by_severity",
}


def read_backup(path: str) -> tuple[list, dict[str, str]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, list):
        return data, UNRECORDED_SCHEMA
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CommandError(f"{path} is not a backup written by export_content.")
    return data["records"], data["schema"]


class Command(BaseCommand):
    help = (
        "Load content written by export_content into this database (SQLite or PostgreSQL). "
        "The database must have no content yet, unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--replace", action="store_true", help="Delete all existing content first."
        )

    def handle(self, *args, file, replace, **options):
        records, schema = read_backup(file)
        models = registry.content_models()
        has_content = any(model._base_manager.exists() for model in models)
        if has_content and not replace:
            raise CommandError(
                "This database already has content. Import into a freshly migrated "
                "database, or add --replace to delete the existing content first."
            )
        if replace:
            with transaction.atomic():
                # Children before parents, so protected links never block the
                # deletion; the history last, since deleting records records their deletion.
                for model in [*reversed(models), Version]:
                    model._base_manager.all().delete()
        if schema == schema_of_content():
            with tempfile.TemporaryDirectory() as folder, backup_loading():
                plain = Path(folder) / "records.json"
                plain.write_text(json.dumps(records), encoding="utf-8")
                call_command("loaddata", str(plain), verbosity=0)
        else:
            # With no content in it, the database can go back to the backup's
            # schema; migrating forward then converts the records (history/backups.py).
            for app, name in schema.items():
                call_command("migrate", app, name, verbosity=0)
            load_records_as_of(schema, records)
            call_command("migrate", verbosity=0)
        # loaddata's raw saves are not history; say once that all content changed.
        registry.content_loaded.send(sender=self.__class__)
        self.stdout.write(f"Content loaded from {file}.")
