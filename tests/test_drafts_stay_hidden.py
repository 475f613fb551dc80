"""Nothing an editor has not published reaches a reader (issue 28, item 6).

Drafts of every kind carry one marker word: a draft therapy (its name, words,
sources and the condition only it is used for), the option a guideline would
name it by, a draft article, a published article about the draft therapy, and
a question switched off. Then every public page, the API, the feeds and the
sitemap are fetched as a reader, and the marker appears in none of them.
"""

import re

import pytest

from articles.chooser.models import Question
from articles.models import Article
from tests.factories import (
    CitationFactory,
    ConditionFactory,
    SourceFactory,
    TherapyConditionFactory,
    TherapyFactory,
)
from therapies.models import Recommendation, RecommendedOption, SearchTerm, Therapy

MARKER = "zebrafinch"


@pytest.fixture
def drafts_with_a_marker(starter):
    draft = TherapyFactory(
        status="draft",
        name=f"{MARKER.title()} therapy",
        abbreviation="ZFT",
        slug="zft-draft",
        summary=f"A {MARKER} therapy.",
        suits=f"People who like {MARKER}s.",
    )
    condition = ConditionFactory(slug="zft-worry", name=f"{MARKER.title()} worry")
    TherapyConditionFactory(therapy=draft, condition=condition, evidence_level="strong")
    CitationFactory(
        therapy=draft, source=SourceFactory(key="zft-trial", title=f"The {MARKER} trial")
    )
    SearchTerm.objects.create(words=f"{MARKER} feelings", therapy=draft)
    # NICE's list names an option; its page is the draft's, which readers cannot see.
    depression = Recommendation.objects.filter(condition__slug="depression").first()
    RecommendedOption.objects.create(
        recommendation=depression, position=99, name="Group therapy", therapy=draft
    )
    article_fields = {
        "standfirst": "A test article.",
        "author": "A. Writer",
        "reviewer": "R. Viewer",
        "last_reviewed": "2026-01-01",
        "next_review_due": "2027-01-01",
    }
    Article.objects.create(
        title=f"The {MARKER} article",
        slug="zft-article",
        body=f"All about {MARKER}s.",
        status="draft",
        **article_fields,
    )
    about_the_draft = Article.objects.create(
        title="An article about two therapies",
        slug="two-therapies",
        body="Text.",
        status="published",
        **article_fields,
    )
    about_the_draft.therapies.set([draft, Therapy.objects.get(slug="ipt")])
    Question.objects.create(
        key="zft-question", text=f"Do you like {MARKER}s?", kind="choice", is_active=False
    )
    return draft


def public_paths() -> list[str]:
    published = list(Therapy.objects.published().values_list("slug", flat=True))
    conditions = ["depression", "ptsd", "ocd", "anorexia-nervosa", "zft-worry"]
    return [
        "/",
        "/therapies/",
        *(f"/therapies/?condition={slug}" for slug in conditions),
        *(f"/therapies/{slug}/" for slug in published),
        *(f"/conditions/{slug}/" for slug in conditions),
        "/compare/",
        "/compare/ipt-vs-dit/",
        "/compare/ipt-vs-zft-draft/",
        "/compare/?therapy=ipt&therapy=zft-draft",
        "/articles/",
        "/articles/ipt-and-dit-are-they-the-same/",
        "/articles/two-therapies/",
        "/articles/zft-article/",
        "/which-therapy/",
        "/which-therapy/result/?help-with=depression&severity=less-severe&childhood=yes",
        "/which-therapy/summary/?help-with=depression&severity=more-severe",
        "/which-therapy/result/?zft-question=yes",
        # Searches that would find the draft by its words, abbreviation, source
        # or condition (searching for the marker itself would echo it back).
        "/search/?q=feelings",
        "/search/?q=zft",
        "/search/?q=trial",
        "/search/?q=worry",
        "/search/?q=therapy",
        "/about/",
        "/about/editorial-policy/",
        "/urgent-help/",
        "/how-to-get-help/",
        "/api/therapies/",
        *(f"/api/therapies/{slug}/" for slug in published),
        "/api/therapies/zft-draft/",
        "/feeds/articles/",
        "/feeds/therapies/",
        "/sitemap.xml",
        "/robots.txt",
    ]


def test_no_draft_reaches_a_reader_on_any_page(client, editor_client, drafts_with_a_marker):
    # The drafts are there: an editor previewing sees them, and readers see the
    # published article about the draft therapy (so the pages below are built
    # from content that holds the drafts, not from a model loaded before them).
    assert MARKER in editor_client.get("/therapies/zft-draft/").content.decode().lower()
    assert "An article about two therapies" in client.get("/articles/").content.decode()

    seen = []
    for path in public_paths():
        response = client.get(path)
        assert response.status_code < 500, path
        body = response.content.decode().lower()
        seen += [(path, hit) for hit in re.findall(rf".{{0,60}}{MARKER}.{{0,60}}", body)]
    assert seen == []
