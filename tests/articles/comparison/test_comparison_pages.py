import re
from html import unescape

import pytest

from articles.models import Article
from tests.conftest import STARTER_THERAPIES
from tests.factories import (
    CitationFactory,
    ConditionFactory,
    SourceFactory,
    TherapyConditionFactory,
    TherapyFactory,
)
from tests.pages import cited_source_numbers, jsonld_of, text_of
from therapies.models import Therapy, comparison_url

pytestmark = pytest.mark.django_db


def add_therapy(slug: str, position: int) -> Therapy:
    """A published therapy with many conditions and cited facts."""
    therapy = TherapyFactory(
        slug=slug, name=f"Therapy {slug}", abbreviation=slug.upper(), position=position
    )
    for i in range(4):
        link = TherapyConditionFactory(therapy=therapy, condition=ConditionFactory(slug=f"c{i}"))
        link.sources.add(SourceFactory(key=f"{slug}-s{i}"), SourceFactory(key=f"shared{i}"))
        CitationFactory(therapy=therapy, fact="duration", source=SourceFactory(key=f"{slug}-d{i}"))
    return therapy


def heading_of(response) -> str:
    return re.search(r"<h1>(.*?)</h1>", response.content.decode()).group(1)


def description_of(response) -> str:
    html = response.content.decode()
    return unescape(re.search(r'<meta name="description" content="([^"]*)">', html).group(1))


def test_ipt_vs_dit_answers_are_they_the_same_with_differences_and_sources(client, starter):
    response = client.get("/compare/ipt-vs-dit/")
    assert response.status_code == 200
    page = text_of(response)
    assert heading_of(response) == "IPT vs DIT: are they the same?"
    assert "No. IPT and DIT are different therapies." in page
    assert description_of(response).startswith(
        "No. IPT and DIT are different therapies. They differ in school of thought, "
    )
    for topic in [
        "School of thought.",
        "Where they look for the root of problems.",
        "Who can offer them.",
        "How much research there is.",
        "NICE guidance.",
        "How long they last.",
        "Brief format.",
        "Long-term use.",
    ]:
        assert topic in page
    assert "IPT is psychosocial; DIT is psychodynamic" in page
    # Only reviewed uses are stated; the blog's list of uses is not.
    assert "We have checked the evidence or NICE's advice on both for depression." in page
    assert "used for anxiety" not in page and "also used for" not in page
    assert "DIT can be offered by therapists who complete its training" in page
    assert "only psychodynamic therapists" not in page.split("Side by side")[0]
    assert "They do not describe this for DIT." in page
    assert "NG222" in page
    assert "NG222" in page
    assert "Page last reviewed: 26 November 2026" in page


@pytest.mark.parametrize(
    ("path", "heading", "description"),
    [
        ("/compare/cbt-vs-ba/", "CBT and BA compared", "CBT and BA differ in "),
        (
            "/compare/ipt-vs-dit-vs-cbt/",
            "IPT, DIT and CBT compared",
            "IPT, DIT and CBT differ in school of thought, ",
        ),
        (
            "/compare/guided-self-help-vs-cbt-vs-group-cbt-vs-group-ba/",
            "GSH, CBT, Group CBT and Group BA compared",
            "GSH, CBT, Group CBT and Group BA differ in ",
        ),
    ],
)
def test_other_sets_are_compared_without_asking_if_they_are_the_same(
    client, starter, path, heading, description
):
    # The seed article asks it of IPT and DIT only: not of a set that merely includes them.
    response = client.get(path)
    assert response.status_code == 200
    assert heading_of(response) == heading
    assert description_of(response).startswith(description)
    page = text_of(response)
    assert "the same?" not in page
    assert "are different therapies" not in page and "No." not in page.split("On this page")[0]
    assert description in page  # the line under the heading


def test_a_page_asks_if_they_are_the_same_only_while_its_article_does(client, starter):
    Article.objects.filter(slug="ipt-and-dit-are-they-the-same").update(
        title="How IPT and DIT differ"
    )
    response = client.get("/compare/ipt-vs-dit/")
    assert heading_of(response) == "IPT and DIT compared"
    assert "No. IPT and DIT are different therapies." not in text_of(response)


def test_an_article_asking_it_of_another_set_puts_the_question_on_that_page(client, starter):
    article = Article.objects.create(
        title="CBT and BA: are they the same?",
        slug="cbt-and-ba",
        standfirst="Two therapies with much in common.",
        body="Text.",
        status="published",
        author="A. Writer",
        reviewer="R. Viewer",
        last_reviewed="2026-01-01",
        next_review_due="2027-01-01",
    )
    article.therapies.set(Therapy.objects.filter(slug__in=["cbt", "ba"]))
    response = client.get("/compare/cbt-vs-ba/")
    assert heading_of(response) == "CBT vs BA: are they the same?"
    assert "No. CBT and BA are different therapies." in text_of(response)
    assert description_of(response).startswith(
        "No. CBT and BA are different therapies. They differ in "
    )


def test_an_article_is_not_about_a_set_it_only_matches_while_a_therapy_is_a_draft(client, starter):
    # The IPT-DIT article, also about CBT, with DIT a draft: readers see it
    # name IPT and CBT only, but it is not an article about IPT and CBT.
    article = Article.objects.get(slug="ipt-and-dit-are-they-the-same")
    article.therapies.add(Therapy.objects.get(slug="cbt"))
    Therapy.objects.filter(slug="dit").update(status="draft")
    response = client.get("/compare/ipt-vs-cbt/")
    assert response.status_code == 200
    assert heading_of(response) == "IPT and CBT compared"
    assert article.title not in text_of(response)


def test_comparison_table_has_a_row_per_attribute_and_a_column_per_therapy(client, starter):
    html = client.get("/compare/ipt-vs-dit/").content.decode()
    table = html[html.index('<table class="compare-table stack">') : html.index("</table>")]
    rows = re.findall(r'<th scope="row">([^<]+)</th>', table)
    assert rows == [
        "School of thought",
        "Where it looks for the root of problems",
        "Who can provide it",
        "Evidence",
        "NICE guidance",
        "How long it lasts",
        "What sessions are like",
        "Who it may suit",
        "Who it may not suit",
        "On the NHS and privately",
    ]
    # Related facts share a row: the brief format and long-term use are part of
    # how long it lasts, whatever the records say about them.
    cells = re.findall(r"<td>(.*?)</td>", table, re.S)
    assert "A shorter, brief format of 8 sessions." in cells[10]
    assert "Our sources do not describe a shorter, brief format." in cells[11]
    assert "Our sources do not describe it being used for long-term maintenance." in cells[11]
    assert len(re.findall(r'<th scope="col">', table)) == 3
    assert "<caption" in table
    # Every source listed is cited somewhere on the page.
    assert cited_source_numbers(html) == set(re.findall(r'id="source-(\d+)"', html))


def test_comparison_picture_is_svg_with_a_text_alternative_and_no_inline_style(client, starter):
    html = client.get("/compare/ipt-vs-dit/").content.decode()
    assert html.count('<svg class="chart"') == 2
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert "IPT: usually 12 to 16 sessions, brief format 8 sessions" in html
    assert "style=" not in html


def test_reversed_order_redirects_permanently_to_the_canonical_page(client, starter):
    response = client.get("/compare/dit-vs-ipt/")
    assert response.status_code == 301
    assert response["Location"] == "/compare/ipt-vs-dit/"


def test_compare_form_leads_to_the_canonical_comparison(client, starter):
    response = client.get("/compare/", {"therapy": ["dit", "ipt"]})
    assert response.status_code == 302
    assert response["Location"] == "/compare/ipt-vs-dit/"


def test_compare_form_lists_published_therapies(
    client, starter, read_models_loaded, django_assert_num_queries
):
    read_models_loaded()
    with django_assert_num_queries(0):
        response = client.get("/compare/")
    page = text_of(response)
    assert "Interpersonal therapy (IPT)" in page and "Dynamic interpersonal therapy (DIT)" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"therapy": ["ipt"]}, "Choose between 2 and 4 therapies"),
        ({"therapy": []}, "Choose between 2 and 4 therapies"),
        ({"therapy": ["ipt", "nope"]}, "Choose between 2 and 4 therapies"),
    ],
)
def test_compare_form_explains_bad_choices(client, starter, query, message):
    response = client.get("/compare/", {**query, "therapy": query["therapy"] or [""]})
    assert response.status_code == 400
    assert message in text_of(response)


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/compare/ipt/", 400, "needs between 2 and 4 therapies"),
        ("/compare/ipt-vs-ipt/", 400, "appears twice"),
        ("/compare/ipt-vs-dit-vs-a-vs-b-vs-c/", 400, "needs between 2 and 4 therapies"),
        ("/compare/ipt-vs-unknown/", 404, "could not find a therapy called: unknown"),
        ("/compare/ipt-vs-dit-vs-/", 404, "could not find a therapy called"),
        ("/compare/" + "x-vs-" * 500 + "y/", 400, "needs between 2 and 4 therapies"),
    ],
)
def test_bad_comparison_addresses_get_a_helpful_page(client, starter, path, status, message):
    response = client.get(path)
    assert response.status_code == status
    page = text_of(response)
    assert message in page
    assert "Therapies to compare" in page  # the form to choose again


def test_draft_therapy_cannot_be_compared_by_readers(client, starter):
    Therapy.objects.filter(slug="dit").update(status="draft")
    response = client.get("/compare/ipt-vs-dit/")
    assert response.status_code == 404
    assert "Dynamic interpersonal therapy" not in response.content.decode()


def test_editor_can_preview_a_comparison_with_a_draft(editor_client, starter):
    Therapy.objects.filter(slug="dit").update(status="draft")
    response = editor_client.get("/compare/ipt-vs-dit/")
    assert response.status_code == 200
    assert "Draft preview" in text_of(response)


def test_an_edited_fact_changes_table_differences_and_picture(client, starter):
    Therapy.objects.filter(slug="dit").update(sessions_min=8, sessions_max=20)
    response = client.get("/compare/ipt-vs-dit/")
    page = text_of(response)
    assert "DIT usually takes 8 to 20 sessions" in page  # key differences
    assert "Usually 8 to 20 sessions." in page  # table
    assert "DIT: usually 8 to 20 sessions" in page  # picture's text alternative
    assert "each usually lasts 20 sessions or fewer" in page


def test_a_therapy_added_in_admin_can_be_compared_with_no_code_change(client, starter):
    add_therapy("cbt", position=30)
    response = client.get("/compare/dit-vs-ipt-vs-cbt/")
    assert response.status_code == 301
    assert response["Location"] == "/compare/ipt-vs-dit-vs-cbt/"
    page = text_of(client.get("/compare/ipt-vs-dit-vs-cbt/"))
    assert "IPT, DIT and CBT compared" in page


@pytest.mark.parametrize("count", [2, 3, 4])
def test_query_count_is_the_same_for_two_three_and_four_therapies(
    client, db, count, read_models_loaded, django_assert_num_queries
):
    therapies = [add_therapy(f"t{n}", position=n) for n in range(count)]
    path = "/compare/" + "-vs-".join(t.slug for t in therapies) + "/"
    # The therapies and the article about exactly them come from the read models.
    read_models_loaded()
    with django_assert_num_queries(0):
        response = client.get(path)
    assert response.status_code == 200


def test_ipt_vs_dit_with_its_article_costs_no_extra_queries_for_live_facts(
    client, starter, read_models_loaded, django_assert_num_queries
):
    # The article's live facts are filled from the read model too.
    read_models_loaded()
    with django_assert_num_queries(0):
        response = client.get("/compare/ipt-vs-dit/")
    assert "There is also a brief version with 8 sessions [sources]" in text_of(response)


def test_comparison_describes_itself_for_search_engines(client, starter):
    response = client.get("/compare/ipt-vs-dit/")
    data = jsonld_of(response)
    assert data["@type"] == "MedicalWebPage"
    assert [item["alternateName"] for item in data["about"]] == ["IPT", "DIT"]
    assert '<link rel="canonical" href="https://testserver/compare/ipt-vs-dit/">' in (
        response.content.decode()
    )


def test_comparison_html_stays_within_its_page_weight_budget(client, starter):
    import gzip

    html = client.get("/compare/ipt-vs-dit/").content
    assert len(gzip.compress(html)) <= 20 * 1024


def test_home_page_features_ipt_vs_dit(
    client, starter, read_models_loaded, django_assert_num_queries
):
    read_models_loaded()
    with django_assert_num_queries(0):
        response = client.get("/")
    assert 'href="/compare/ipt-vs-dit/"' in response.content.decode()
    assert "IPT and DIT: are they the same?" in text_of(response)


def test_home_page_explains_the_site_and_offers_the_chooser(client, starter):
    page = text_of(client.get("/"))
    assert "This site puts the facts side by side" in page
    assert "Not sure which might suit you?" in page
    assert 'href="/which-therapy/"' in client.get("/").content.decode()
    assert "Interpersonal therapy (IPT)" in page and "Dynamic interpersonal therapy (DIT)" in page


def test_every_pair_of_starter_therapies_has_key_differences_true_to_the_records(client, starter):
    from itertools import combinations

    from articles.comparison.sentences import STRUCTURE_PHRASES
    from therapies.models import Structure

    therapies = list(Therapy.objects.published())
    for pair in combinations(therapies, 2):
        response = client.get(comparison_url(pair))
        assert response.status_code == 200, pair
        html = response.content.decode()
        section = html[html.index('id="differences"') : html.index('id="in-common"')]
        differences = " ".join(re.sub(r"<[^>]+>", " ", section).split())
        for therapy in pair:
            if {t.session_range for t in pair} != {therapy.session_range}:
                assert (
                    f"{therapy.abbreviation} usually takes {therapy.session_range}" in differences
                )
            phrase = STRUCTURE_PHRASES.get(therapy.structure)
            if therapy.structure == Structure.NOT_KNOWN:
                # Unknown is named as unknown, never given someone else's value.
                for other in STRUCTURE_PHRASES.values():
                    assert f"{therapy.abbreviation} has {other}" not in differences, pair
            elif "How sessions run" in differences:
                assert f"{therapy.abbreviation} has {phrase}" in differences, pair
        assert 'class="differences"' in html


def test_every_pair_stays_within_the_page_weight_budget_in_constant_queries(
    client, starter, read_models_loaded, django_assert_num_queries
):
    import gzip
    from itertools import combinations

    read_models_loaded()
    for pair in combinations(Therapy.objects.published(), 2):
        # No query for any pair (see the query pin above).
        with django_assert_num_queries(0):
            html = client.get(comparison_url(pair)).content
        assert len(gzip.compress(html)) <= 20 * 1024, pair


def differences_listed(html: str) -> list[tuple[str, str]]:
    """(topic, sentence) for each key difference, as the page lists them."""
    section = html[html.index('<ol class="differences">') : html.index('id="in-common"')]
    return [
        (unescape(topic), " ".join(unescape(re.sub(r"<[^>]+>", " ", sentence)).split()))
        for topic, sentence in re.findall(r"<li><strong>(.*?)\.</strong>(.*?)</li>", section, re.S)
    ]


def values_stated(sentence: str, abbreviations: list[str]) -> list[str]:
    """What each clause of a difference says, without the therapy it names:
    "CBT is humanistic; BA is humanistic" states "is humanistic" twice."""
    body = sentence.split(": ", 1)[-1].rstrip(".")
    values = []
    for clause in body.split("; "):
        clause = clause.removeprefix("only ")
        for abbreviation in sorted(abbreviations, key=len, reverse=True):
            if clause.startswith(abbreviation + " "):
                clause = clause[len(abbreviation) :].strip()
                break
        values.append(clause)
    return values


def test_every_pair_of_published_therapies_compares_without_a_difference_of_equal_values(
    client, starter
):
    from itertools import combinations

    therapies = list(Therapy.objects.published())
    assert {therapy.slug for therapy in therapies} == set(STARTER_THERAPIES)
    for pair in combinations(therapies, 2):
        response = client.get(comparison_url(pair))
        assert response.status_code == 200, pair  # canonical: no redirect
        abbreviations = [therapy.abbreviation for therapy in pair]
        for topic, sentence in differences_listed(response.content.decode()):
            values = values_stated(sentence, abbreviations)
            assert all(values) and len(set(values)) == len(values), (pair, topic, sentence)


def test_comparison_names_each_way_to_get_help_and_links_to_it_on_the_help_page(client, starter):
    html = client.get("/compare/ipt-vs-dit/").content.decode()
    section = html[
        html.index('id="ways-title"') : html.index("</section>", html.index('id="ways-title"'))
    ]
    for key, title in [
        ("england-talking-therapies", "NHS Talking Therapies (England)"),
        ("scotland", "Getting help in Scotland"),
        ("uk-private", "Paying for therapy privately"),
    ]:
        assert f'<a href="/how-to-get-help/#{key}">{title}</a>' in section
    # The routes' facts and sources are on the help page; the comparison lists
    # only the sources its own sentences cite.
    assert "refer yourself" not in section
    assert "Breathing Space" not in unescape(html)
    help_page = client.get("/how-to-get-help/").content.decode()
    assert 'id="england-talking-therapies"' in help_page and 'id="uk-private"' in help_page
