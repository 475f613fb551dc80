from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from history import registry
from history.models import Version


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

    @transaction.atomic
    def handle(self, *args, file, replace, **options):
        models = registry.content_models()
        has_content = any(model._base_manager.exists() for model in models)
        if has_content and not replace:
            raise CommandError(
                "This database already has content. Import into a freshly migrated "
                "database, or add --replace to delete the existing content first."
            )
        if replace:
            # Children before parents, so protected links never block the
            # deletion; the history last, since deleting records records their deletion.
            for model in [*reversed(models), Version]:
                model._base_manager.all().delete()
        # A backup made before a field was removed (the search vectors, now
        # that the search runs in memory) still loads: that field is skipped.
        call_command("loaddata", file, verbosity=0, ignorenonexistent=True)
        # loaddata's raw saves are not history; say once that all content changed.
        registry.content_loaded.send(sender=self.__class__)
        self.stdout.write(f"Content loaded from {file}.")
