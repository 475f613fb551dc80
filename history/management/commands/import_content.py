from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import AnswerOption, Article, Page, Question, Rule
from config.page_cache import content_changed
from history.models import Version
from therapies.models import Citation, Condition, School, Source, Therapy, TherapyCondition

# Children before parents, so protected links never block the deletion; the
# history last, since deleting records records their deletion.
CONTENT_MODELS = [
    Rule, AnswerOption, Question, Article, Page,
    Citation, TherapyCondition, Therapy, Condition, School, Source, Version,
]  # fmt: skip


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
        has_content = (
            Therapy.objects.exists() or Article.objects.exists() or Source.objects.exists()
        )
        if has_content and not replace:
            raise CommandError(
                "This database already has content. Import into a freshly migrated "
                "database, or add --replace to delete the existing content first."
            )
        if replace:
            for model in CONTENT_MODELS:
                model._base_manager.all().delete()
        call_command("loaddata", file, verbosity=0)
        content_changed()
        self.stdout.write(f"Content loaded from {file}.")
