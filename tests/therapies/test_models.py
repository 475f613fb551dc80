import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import SourceFactory, TherapyConditionFactory, TherapyFactory
from therapies.models import Citation, EvidenceLevel, Focus, Therapy

pytestmark = pytest.mark.django_db


def validation_messages(instance) -> str:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return " ".join(caught.value.messages)


def test_session_range_must_not_be_upside_down():
    therapy = TherapyFactory.build(sessions_min=20, sessions_max=10, school=TherapyFactory().school)
    # Therapy.clean() names both fields (the database constraint is the backstop).
    assert (
        "“Fewest sessions (usual course)” (20) is more than “Most sessions (usual course)” (10)"
        in validation_messages(therapy)
    )


def test_database_refuses_an_upside_down_session_range_even_without_validation():
    therapy = TherapyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Therapy.objects.filter(pk=therapy.pk).update(sessions_min=30)


def test_brief_format_must_be_shorter_than_the_usual_course():
    therapy = TherapyFactory()
    therapy.brief_sessions = 25
    assert (
        "“Sessions in the brief format” (25) must be fewer than “Most sessions (usual course)”"
        in validation_messages(therapy)
    )


def test_next_review_must_follow_the_last_review():
    therapy = TherapyFactory()
    therapy.next_review_due = therapy.last_reviewed - datetime.timedelta(days=1)
    assert "next review must be after the last review" in validation_messages(therapy)


def test_slug_cannot_contain_vs_because_comparison_urls_use_it():
    therapy = TherapyFactory()
    therapy.slug = "cbt-vs-x"
    assert "cannot contain “-vs-”" in validation_messages(therapy)


@pytest.mark.parametrize("field", ["status", "focus", "provider_route", "evidence_level"])
def test_closed_lists_are_enforced_by_the_database(field):
    therapy = TherapyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Therapy.objects.filter(pk=therapy.pk).update(**{field: "made-up"})


def test_a_source_is_cited_once_per_fact():
    therapy, source = TherapyFactory(), SourceFactory()
    Citation.objects.create(therapy=therapy, fact="duration", source=source)
    duplicate = Citation(therapy=therapy, fact="duration", source=source)
    assert "already cited for this fact" in validation_messages(duplicate)


def test_one_entry_per_therapy_and_condition():
    link = TherapyConditionFactory()
    duplicate = TherapyConditionFactory.build(therapy=link.therapy, condition=link.condition)
    assert "already has an entry for this condition" in validation_messages(duplicate)


def test_every_evidence_level_is_explained():
    assert all(level.explainer for level in EvidenceLevel)


def test_focus_positions_run_from_present_to_past():
    assert Focus.RECENT_EVENTS.position < Focus.BOTH.position < Focus.CHILDHOOD_PATTERNS.position


def test_session_range_reads_naturally():
    assert TherapyFactory.build(sessions_min=16, sessions_max=16).session_range == "16 sessions"
    assert (
        TherapyFactory.build(sessions_min=12, sessions_max=16).session_range == "12 to 16 sessions"
    )
