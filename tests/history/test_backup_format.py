"""A backup written before the editing core was reorganised (issue 19) still imports.

The fixture is export_content's output from commit 8ec9bdd (the starter
content and its history). Backups are how content moves between databases,
so a change to the code must never strand the files operators already hold.
"""

import io
import json
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from articles.models import Article, Page, Question, Rule
from history.models import Version
from therapies.models import Citation, Recommendation, Source, Therapy

BACKUP = Path(__file__).parent / "fixtures" / "backup_before_issue_19.json"

# These load content themselves, into a database without any; importing an
# old backup migrates the database, so each runs outside a test transaction.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("no_content")]


def counts(path: Path) -> dict[str, int]:
    """How many records of each model a backup file holds."""
    data = json.loads(path.read_text())
    records = data if isinstance(data, list) else data["records"]
    found: dict[str, int] = {}
    for row in records:
        found[row["model"]] = found.get(row["model"], 0) + 1
    return found


def test_a_backup_from_before_the_reorganisation_imports_with_its_history():
    call_command("import_content", str(BACKUP), stdout=io.StringIO())

    expected = counts(BACKUP)
    for model in [Therapy, Source, Citation, Article, Page, Question, Version]:
        assert model.objects.count() == expected[model._meta.label_lower], model
    ipt = Therapy.objects.get(slug="ipt")
    history = Version.objects.filter(
        content_type=ContentType.objects.get_for_model(Therapy), object_id=str(ipt.pk)
    )
    assert history.exists()
    assert history.first().data["slug"] == "ipt"


def test_an_old_backup_is_converted_by_the_migrations_as_a_database_would_be():
    call_command("import_content", str(BACKUP), stdout=io.StringIO())
    # Its NICE tables for depression became guideline recommendations...
    less = Recommendation.objects.get(condition__slug="depression", slug="less-severe")
    assert less.in_order and less.options.count() > 1
    # ...and its chooser rules mark what fits instead of adding weights.
    assert Rule.objects.exists() and Rule.objects.filter(fits=False).exists()


def test_an_old_backup_survives_a_round_trip_through_the_new_export(tmp_path):
    call_command("import_content", str(BACKUP), stdout=io.StringIO())
    first = tmp_path / "first.json"
    call_command("export_content", str(first), stdout=io.StringIO())
    call_command("import_content", "--replace", str(first), stdout=io.StringIO())
    again = tmp_path / "again.json"
    call_command("export_content", str(again), stdout=io.StringIO())

    # Importing records no history of its own, so the same rows come back out.
    assert counts(again) == counts(first)
    assert json.loads(again.read_text())["records"] == json.loads(first.read_text())["records"]
