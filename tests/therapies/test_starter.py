import io

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.conftest import STARTER_THERAPIES
from therapies.models import Citation, Condition, Source, Therapy, TherapyCondition

# These load content themselves, into a database without any.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_content")]

CONTENT_MODELS = [Therapy, Source, Condition, Citation, TherapyCondition, Article]


def load() -> str:
    out = io.StringIO()
    call_command("load_starter_content", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in CONTENT_MODELS}


def test_starter_content_creates_every_therapy_with_cited_facts():
    load()
    published = Therapy.objects.published().values_list("slug", flat=True)
    assert set(published) == set(STARTER_THERAPIES)
    for therapy in Therapy.objects.all():
        cited = set(therapy.citations.values_list("fact", flat=True))
        assert {"summary", "school", "focus", "duration", "evidence"} <= cited
        # Who can give it is cited, or says our sources do not say.
        assert "providers" in cited or therapy.provider_route == "not_known"
        assert therapy.condition_links.exists()


def test_running_twice_changes_nothing_the_second_time():
    load()
    before = snapshot()
    assert load().strip() == "Starter content already present."
    assert snapshot() == before


def test_an_editors_changes_survive_a_reload():
    load()
    ipt = Therapy.objects.get(slug="ipt")
    ipt.sessions_max = 20
    ipt.save()
    ipt.citations.filter(fact="format").delete()
    Source.objects.filter(key="seed").update(title="Edited title")
    load()
    ipt.refresh_from_db()
    assert ipt.sessions_max == 20
    assert not ipt.citations.filter(fact="format").exists()
    assert Source.objects.get(key="seed").title == "Edited title"


def test_missing_records_are_recreated_without_touching_others():
    load()
    Therapy.objects.filter(slug="dit").delete()
    Therapy.objects.filter(slug="ipt").update(summary="Edited.")
    load()
    assert Therapy.objects.get(slug="dit").citations.exists()
    assert Therapy.objects.get(slug="ipt").summary == "Edited."


def test_the_review_migration_gives_existing_records_the_starter_review():
    """The migration that added review dates to recommendations and ways to get help
    copies the starter review (it may not import it): the copy must match."""
    from importlib import import_module

    from therapies import starter

    migration = import_module("therapies.migrations.0020_recommendation_route_review")
    assert migration.REVIEWED == starter.REVIEWED
    assert migration.NEXT_REVIEW == starter.NEXT_REVIEW
    assert migration.REVIEWER == starter.REVIEWER
