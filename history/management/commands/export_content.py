from django.core.management import call_command
from django.core.management.base import BaseCommand

from history import registry


class Command(BaseCommand):
    help = "Write all content, sources and history to a JSON file (restore with import_content)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write, for example backup.json")

    def handle(self, *args, file, **options):
        # Everything editors own (the registered content models) and its
        # history. Users are not exported; history names people as text.
        call_command(
            "dumpdata",
            *registry.content_labels(),
            "history.Version",
            natural_foreign=True,  # content types by name, so any database can read it
            indent=1,
            output=file,
            verbosity=0,
        )
        self.stdout.write(f"Content written to {file}.")
