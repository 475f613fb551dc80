"""No page, chooser result, API text or JSON-LD states a use that nobody reviewed.

The tests iterate over the records, not over hand-picked pages, so they hold
for every therapy and condition an editor adds later. A use is "unreviewed"
when its evidence level is not_reviewed (for example, one article mentions it).
"""

import itertools
import re

import pytest

from common.text import lower_first
from tests.pages import jsonld_of, text_of
from therapies.claims import is_reviewed, mentioned_phrase, use_claim
from therapies.models import (
    Condition,
    Recommendation,
    RecommendedOption,
    Therapy,
    TherapyCondition,
    comparison_url,
)

pytestmark = pytest.mark.django_db
RESULT = "/which-therapy/result/"


def unreviewed_uses():
    """Uses nobody checked: no rated research and no NICE listing."""
    return [
        link
        for link in TherapyCondition.objects.filter(therapy__status="published").select_related(
            "therapy", "condition"
        )
        if not is_reviewed(link.evidence_level, link.guideline_status)
    ]


def checked_conditions() -> set[int]:
    """Conditions with at least one checked use by a published therapy."""
    unchecked = {link.pk for link in unreviewed_uses()}
    return {
        link.condition_id
        for link in TherapyCondition.objects.filter(therapy__status="published")
        if link.pk not in unchecked
    }


def checked_names() -> list[str]:
    return list(
        Condition.objects.filter(pk__in=checked_conditions()).values_list("name", flat=True)
    )


def way_in(condition) -> bool:
    """A broader condition whose page leads to its kinds, or one with a guideline's options."""
    return (
        Condition.objects.filter(parent=condition).exists()
        or Recommendation.objects.filter(condition=condition).exists()
    )


def html_between(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


# The one place that words a use ---------------------------------------------


def test_an_unreviewed_use_is_worded_as_a_mention_never_as_a_fact():
    claim = use_claim(
        abbreviation="IPT",
        condition="Eating disorders",
        condition_slug="eating-disorders",
        evidence_level="not_reviewed",
        guideline_status="not_checked",
        source_count=1,
    )
    assert not claim.reviewed
    assert claim.sentence == (
        "IPT for Eating disorders: mentioned by one source; we have not reviewed the evidence."
    )
    assert "used for" not in claim.sentence


def test_a_reviewed_use_states_its_own_evidence_and_what_nice_says():
    claim = use_claim(
        abbreviation="IPT",
        condition="Depression",
        condition_slug="depression",
        evidence_level="moderate",
        guideline_status="listed",
        source_count=2,
    )
    assert claim.reviewed
    assert claim.sentence == (
        "IPT has moderate evidence for depression, and NICE lists it as a treatment option."
    )


def test_a_mention_by_several_sources_says_how_many():
    assert mentioned_phrase(3) == "mentioned by 3 sources; we have not reviewed the evidence"


def test_the_starter_content_has_unreviewed_uses_to_test_against(starter):
    # Guards the tests below from passing vacuously.
    assert len(unreviewed_uses()) >= 5
    assert not is_reviewed("not_reviewed") and is_reviewed("limited")


# Every page and output, for every unreviewed use ------------------------------


def test_profiles_show_unreviewed_uses_only_apart_from_the_reviewed_ones(client, starter):
    for link in unreviewed_uses():
        html = client.get(link.therapy.get_absolute_url()).content.decode()
        covered = html_between(html, 'id="conditions"', 'class="unreviewed"')
        assert f">{link.condition.name}</a>" not in covered, link
        mentioned = html_between(html, 'class="unreviewed"', "</section>")
        assert f">{link.condition.name}</a>" in mentioned, link


def test_condition_pages_never_list_a_therapy_as_evidence_for_an_unreviewed_use(client, starter):
    for link in unreviewed_uses():
        response = client.get(link.condition.get_absolute_url())
        html = response.content.decode()
        main = html_between(html, "<main", 'class="unreviewed"')
        assert link.therapy.name not in main, link
        assert link.therapy.name in html_between(html, 'class="unreviewed"', "</section>")
        assert link.therapy.name not in str(jsonld_of(response)), link


def test_condition_with_no_reviewed_evidence_points_to_the_gp_and_nice(client, starter):
    for condition in Condition.objects.with_published_therapies():
        if condition.pk in checked_conditions() or way_in(condition):
            continue
        page = text_of(client.get(condition.get_absolute_url()))
        assert f"We cannot point you to a therapy here for {lower_first(condition.name)}" in page
        assert "Talk to your GP" in page
        for guideline in condition.guidelines.all():
            assert guideline.title in page


def test_comparisons_never_state_an_unreviewed_use(client, starter):
    therapies = list(Therapy.objects.published())
    unchecked = unreviewed_uses()
    for size in (2, 3):
        for group in itertools.combinations(therapies, size):
            html = client.get(comparison_url(group)).content.decode()
            generated = html_between(html, 'id="differences"', 'id="picture"')
            # A checked condition may contain an unchecked one's name ("generalised
            # anxiety disorder" and "anxiety"): only the unchecked name itself counts.
            for name in sorted(checked_names(), key=len, reverse=True):
                generated = generated.replace(lower_first(name), "").replace(name, "")
            table_values = re.sub(r'<details class="more">.*?</details>', "", html, flags=re.S)
            checked_row = html_between(table_values, '<th scope="row">Evidence</th>', "</tr>")
            for link in unchecked:
                if link.therapy not in group:
                    continue
                name = lower_first(link.condition.name)
                assert name not in generated, (group, name)
                # That therapy's own cell of the row (other columns may have it checked).
                label = f'<span class="cell-label">{link.therapy.abbreviation}</span>'
                cell = html_between(checked_row, label, "</td>")
                assert link.condition.name not in cell, (group, name)
            assert (
                "used for"
                not in text_of(client.get(comparison_url(group))).split("Side by side")[0]
            )


def test_the_chooser_offers_no_options_for_a_condition_without_recommendations(client, starter):
    form = text_of(client.get("/which-therapy/"))
    for condition in Condition.objects.with_published_therapies():
        if Recommendation.objects.filter(condition=condition).exists():
            continue
        assert f">{condition.name}</option>" not in client.get("/which-therapy/").content.decode()
        page = text_of(client.get(RESULT, {"help-with": condition.slug}))
        assert "NICE's option 1" not in page, condition
        assert "We could not read your answer to" in page
    assert "Something else" in form


def test_the_chooser_shows_evidence_for_the_chosen_problem_never_the_overall_level(client, starter):
    recommended = RecommendedOption.objects.filter(therapy__isnull=False)
    for link in TherapyCondition.objects.exclude(evidence_level="not_reviewed").select_related(
        "therapy", "condition"
    ):
        if not recommended.filter(
            therapy=link.therapy, recommendation__condition=link.condition
        ).exists():
            continue
        page = text_of(client.get(RESULT, {"help-with": link.condition.slug}))
        assert (
            f"{link.therapy.abbreviation} has {link.evidence.phrase} for "
            f"{lower_first(link.condition.name)}"
        ) in page
        assert "Overall evidence" not in page


def test_the_api_marks_unreviewed_uses_and_never_words_them_as_fact(client, starter):
    for link in unreviewed_uses():
        data = client.get(f"/api/therapies/{link.therapy.slug}/").json()
        entry = next(c for c in data["conditions"] if c["slug"] == link.condition.slug)
        assert entry["reviewed"] is False
        assert "we have not reviewed the evidence" in entry["text"]


def test_therapy_json_ld_never_names_an_unreviewed_use(client, starter):
    for link in unreviewed_uses():
        data = jsonld_of(client.get(link.therapy.get_absolute_url()))
        assert link.condition.name not in str(data), link


def test_every_source_key_cited_in_a_therapy_resolves_in_its_api_sources(client, starter):
    for therapy in Therapy.objects.published():
        data = client.get(f"/api/therapies/{therapy.slug}/").json()
        listed = {source["key"] for source in data["sources"]}
        cited = {key for keys in data["citations"].values() for key in keys}
        cited |= {key for condition in data["conditions"] for key in condition["sources"]}
        cited |= {key for entry in data["recommended"] for key in entry["sources"]}
        assert cited <= listed, cited - listed


def test_condition_names_keep_their_capitals_in_headings(client, starter):
    page = text_of(client.get("/conditions/ptsd/"))
    assert "Therapies for post-traumatic stress disorder (PTSD)" in page
    assert "(ptsd)" not in page
