import datetime
import re

import pytest

from tests.factories import (
    CitationFactory,
    ConditionFactory,
    SourceFactory,
    TherapyConditionFactory,
    TherapyFactory,
)
from tests.pages import cited_source_numbers, jsonld_of, text_of
from therapies import starter as starter_data
from therapies.models import Condition, Therapy

pytestmark = pytest.mark.django_db


def add_rich_therapy(n: int) -> Therapy:
    """A published therapy with several conditions and cited facts."""
    therapy = TherapyFactory(slug=f"extra{n}", name=f"Extra therapy {n}", abbreviation=f"EX{n}")
    for i in range(3):
        link = TherapyConditionFactory(therapy=therapy, condition=ConditionFactory(slug=f"c{i}"))
        link.sources.add(SourceFactory(key=f"s{n}{i}"))
        CitationFactory(therapy=therapy, fact="duration", source=SourceFactory(key=f"d{n}{i}"))
    return therapy


# The IPT profile ----------------------------------------------------------


STARTER = {therapy["slug"]: therapy for therapy in starter_data.THERAPIES}


def prose(text: str) -> str:
    """A data file's folded text as a reader reads it on the page."""
    return " ".join(text.split())


def test_ipt_profile_shows_every_compared_fact_with_sources(client, starter):
    ipt = STARTER["ipt"]
    page = text_of(client.get("/therapies/ipt/"))
    assert "Interpersonal therapy (IPT)" in page
    assert "School of thought Psychosocial" in page
    assert "Recent life events and current relationships" in page
    assert prose(ipt["provider_detail"]) in page
    assert "Usually 12 to 16 sessions, over 12 to 16 weeks" in page
    assert "brief format of 8 sessions" in page
    assert prose(ipt["maintenance_detail"]) in page
    # Faithful to NICE ("some evidence") and to the review (risk of bias, all problems).
    assert "Moderate" in page and prose(ipt["evidence_summary"]) in page
    assert "We can be fairly sure" not in page
    assert prose(ipt["conditions"]["depression"]["guideline_note"]) in page
    # IPT's roots as published, with the blog's different view named as the blog's.
    assert prose(ipt["influences"]) in page
    assert "NG222" in page and "Harley Therapy blog" in page
    assert "Page last reviewed: 26 November 2026" in page
    assert "Next review due: 26 November 2027" in page


def test_dit_profile_shows_fuller_practitioner_requirements_and_uncertainty(client, starter):
    dit = STARTER["dit"]
    page = text_of(client.get("/therapies/dit/"))
    assert "School of thought Psychodynamic" in page
    assert "Patterns of relating learned in childhood" in page
    assert "Therapists who complete its training (a 5-day course" in page
    assert "Only psychodynamic" not in page
    assert prose(dit["provider_detail"]) in page
    assert "Usually 16 sessions" in page
    assert prose(dit["duration_detail"]) in page
    # Absence from our sources is worded as such, not as "it cannot".
    assert "Our sources do not describe a shorter, brief format." in page
    assert "No shorter, brief format" not in page
    assert "Limited" in page and prose(dit["evidence_summary"]) in page
    assert prose(dit["conditions"]["depression"]["guideline_note"]) in page


def test_every_fact_reference_points_to_a_listed_source(client, starter):
    html = client.get("/therapies/ipt/").content.decode()
    linked = cited_source_numbers(html)
    listed = set(re.findall(r'id="source-(\d+)"', html))
    assert linked and linked == listed


def test_profile_describes_itself_for_search_engines(client, starter):
    data = jsonld_of(client.get("/therapies/ipt/"))
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == "2026-11-26"
    assert data["about"]["@type"] == "PsychologicalTreatment"
    assert data["about"]["name"] == "Interpersonal therapy"


def test_profile_links_to_its_comparisons_in_canonical_order(client, starter):
    assert 'href="/compare/ipt-vs-dit/"' in client.get("/therapies/ipt/").content.decode()
    assert 'href="/compare/ipt-vs-dit/"' in client.get("/therapies/dit/").content.decode()


def test_overdue_review_is_flagged_to_readers(client, starter):
    Therapy.objects.filter(slug="ipt").update(
        last_reviewed=datetime.date(2020, 1, 1), next_review_due=datetime.date(2021, 1, 1)
    )
    assert "overdue: some facts may be out of date" in text_of(client.get("/therapies/ipt/"))


def test_draft_therapy_is_not_found_by_readers(client, starter):
    Therapy.objects.filter(slug="dit").update(status="draft")
    assert client.get("/therapies/dit/").status_code == 404
    assert "Dynamic interpersonal" not in client.get("/therapies/").content.decode()
    # (A source may still be titled after DIT; the therapy itself is not named or linked.)
    depression = client.get("/conditions/depression/").content.decode()
    assert "Dynamic interpersonal therapy (DIT)" not in depression
    assert 'href="/therapies/dit/"' not in depression
    assert "/compare/ipt-vs-dit/" not in client.get("/therapies/ipt/").content.decode()


def test_editor_can_preview_a_draft_therapy(editor_client, starter):
    Therapy.objects.filter(slug="dit").update(status="draft")
    response = editor_client.get("/therapies/dit/")
    assert response.status_code == 200
    assert "Draft preview" in text_of(response)


def test_unknown_therapy_is_a_friendly_404(client, starter):
    response = client.get("/therapies/no-such-therapy/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_profile_query_count_does_not_grow_with_conditions_and_sources(
    client, starter, read_models_loaded, django_assert_num_queries
):
    for n in range(3):
        add_rich_therapy(n)
    # Everything the page shows is in the read model (loading it: test_read_model.py).
    read_models_loaded()
    with django_assert_num_queries(0):
        assert client.get("/therapies/extra0/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/therapies/ipt/").status_code == 200


# The list of therapies ----------------------------------------------------


def test_therapy_list_shows_published_therapies(client, starter):
    page = text_of(client.get("/therapies/"))
    assert "Interpersonal therapy (IPT)" in page
    assert "Dynamic interpersonal therapy (DIT)" in page
    assert "12 to 16 sessions" in page


def test_therapy_list_filters_by_reviewed_evidence_for_a_condition(client, starter):
    page = text_of(client.get("/therapies/?condition=depression"))
    assert "Therapies with reviewed evidence for depression" in page
    assert "Interpersonal therapy (IPT)" in page and "Dynamic interpersonal therapy (DIT)" in page


def test_therapy_list_never_lists_a_use_only_mentioned_by_a_source(client, starter):
    page = text_of(client.get("/therapies/?condition=eating-disorders"))
    assert "Therapies with reviewed evidence for eating disorders" in page
    assert "Interpersonal therapy (IPT)" not in page.split("Show")[-1]
    assert "We have not reviewed evidence for any therapy here for this problem" in page


def test_therapy_list_explains_an_unknown_condition(client, starter):
    response = client.get("/therapies/?condition=<script>x</script>")
    assert response.status_code == 404
    assert "We could not find a condition called" in text_of(response)
    assert "<script>x" not in response.content.decode()


def test_therapy_list_query_count_is_constant(
    client, starter, read_models_loaded, django_assert_num_queries
):
    for n in range(3):
        add_rich_therapy(n)
    read_models_loaded()
    with django_assert_num_queries(0):
        assert client.get("/therapies/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/therapies/?condition=c1").status_code == 200


# Condition pages ----------------------------------------------------------


def test_condition_page_shows_evidence_per_therapy(client, starter):
    page = text_of(client.get("/conditions/depression/"))
    assert "Therapies for depression" in page
    # Each cell names its column, for phones where the table is stacked.
    assert "Interpersonal therapy (IPT) Evidence Moderate." in page
    assert "Dynamic interpersonal therapy (DIT) Evidence Limited." in page
    assert "NICE lists the type of therapy it belongs to" in page


def test_condition_page_links_to_the_nhs_page_only_when_an_editor_gave_one(
    client, starter, committed
):
    assert "on the NHS website" not in text_of(client.get("/conditions/depression/"))
    depression = Condition.objects.get(slug="depression")
    depression.summary = "A low mood that lasts a long time."
    depression.nhs_url = "https://www.nhs.uk/example/"
    with committed():
        depression.save()
    response = client.get("/conditions/depression/")
    page = text_of(response)
    assert "A low mood that lasts a long time." in page
    assert "Read about depression on the NHS website" in page
    assert 'href="https://www.nhs.uk/example/"' in response.content.decode()


def test_unknown_condition_is_404(client, starter):
    assert client.get("/conditions/no-such-thing/").status_code == 404


def test_condition_page_query_count_is_constant(
    client, starter, read_models_loaded, django_assert_num_queries
):
    for n in range(3):
        add_rich_therapy(n)
    read_models_loaded()
    with django_assert_num_queries(0):
        assert client.get("/conditions/c1/").status_code == 200


def test_every_starter_therapy_says_how_to_get_it_on_the_nhs_and_privately(client, starter):
    for therapy in Therapy.objects.published():
        page = text_of(client.get(therapy.get_absolute_url()))
        how = page.split(f"How to get {therapy.abbreviation}")[-1]
        assert "On the NHS in England" in how, therapy
        assert "NHS Talking Therapies services are free. You can refer yourself" in how
        assert "In Scotland, Wales and Northern Ireland" in how
        assert "Privately" in how and "not protected by law" in how, therapy
        assert "Private costs vary" in how
