import json
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from history import registry

FORMAT = "therapy-compare-backup"


def schema_of_content() -> dict[str, str]:
    """The last migration applied to each app whose records a backup holds, so
    import_content can load them into the schema they were written from."""
    apps = sorted({model._meta.app_label for model in registry.content_models()} | {"history"})
    applied = MigrationRecorder(connection).applied_migrations()
    return {app: max(name for label, name in applied if label == app) for app in apps}


class Command(BaseCommand):
    help = "Write all content, sources and history to a JSON file (restore with import_content)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write, for example backup.json")

    def handle(self, *args, file, **options):
        # Everything editors own (the registered content models) and its
        # history. Users are not exported; history names people as text.
        with tempfile.TemporaryDirectory() as folder:
            dumped = Path(folder) / "records.json"
            call_command(
                "dumpdata",
                *registry.content_labels(),
                "history.Version",
                natural_foreign=True,  # content types by name, so any database can read it
                indent=1,
                output=str(dumped),
                verbosity=0,
            )
            records = json.loads(dumped.read_text(encoding="utf-8"))
        backup = {"format": FORMAT, "schema": schema_of_content(), "records": records}
        Path(file).write_text(json.dumps(backup, indent=1, ensure_ascii=False), encoding="utf-8")
        self.stdout.write(f"Content written to {file}.")
