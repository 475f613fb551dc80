import json
import re
import xml.etree.ElementTree as ET

import pytest

from articles.models import Article, Page
from tests.conftest import STARTER_THERAPIES
from tests.factories import TherapyFactory
from tests.pages import text_of
from therapies.models import Therapy

pytestmark = pytest.mark.django_db


# Search --------------------------------------------------------------------


def test_search_for_childhood_finds_dit_and_the_ipt_dit_article(client, starter):
    page = text_of(client.get("/search/", {"q": "childhood"}))
    assert "Dynamic interpersonal therapy" in page
    assert "IPT and DIT: are they the same?" in page


def test_search_highlights_matches_in_snippets(client, starter):
    html = client.get("/search/", {"q": "childhood"}).content.decode()
    assert "<mark>childhood</mark>" in html.lower()


def test_search_ranks_title_matches_first(client, starter):
    page = text_of(client.get("/search/", {"q": "depression"}))
    first_result = page.index("Condition Depression")
    assert first_result < page.index("Interpersonal therapy")


def test_search_is_stemmed(client, starter, committed):
    dit = Therapy.objects.get(slug="dit")
    dit.summary = "It helps with one relationship at a time."
    with committed():
        dit.save()
    page = text_of(client.get("/search/", {"q": "relationships"}))
    assert "Dynamic interpersonal therapy" in page


def test_search_understands_websearch_syntax(client, starter):
    page = text_of(client.get("/search/", {"q": "childhood -psychodynamic"}))
    assert "Dynamic interpersonal therapy" not in page


def test_drafts_are_never_found(client, starter):
    for therapy in Therapy.objects.filter(slug="dit"):
        therapy.status = "draft"
        therapy.save()
    for article in Article.objects.all():
        article.status = "draft"
        article.save()
    page = text_of(client.get("/search/", {"q": "childhood"}))
    assert "Dynamic interpersonal therapy" not in page
    assert "are they the same" not in page


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 5000,
        "'\"",
        "-",
        "OR",
        "\x01\x02",  # a NUL byte is a 400 like anywhere else (tests/test_hostile_input.py)
        "<script>alert(1)</script>",
        "(((",
        "ß 漢字 🙂",
    ],
)
def test_odd_queries_answer_calmly(client, starter, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


def test_empty_search_explains_what_to_do(client, starter):
    assert "Type a word or two to search" in text_of(client.get("/search/", {"q": ""}))


def test_search_with_no_results_says_so(client, starter):
    assert "We found nothing for “zzzzzz”" in text_of(client.get("/search/", {"q": "zzzzzz"}))


def test_search_snippets_show_live_facts_current_values(client, starter):
    article = Article.objects.get()
    article.body = "Interpersonal therapy usually takes {{ ipt.sessions }}, in weekly meetings."
    article.save()
    Therapy.objects.filter(slug="ipt").update(sessions_max=18)
    page = text_of(client.get("/search/", {"q": "weekly meetings"}))
    assert "usually takes 12 to 18 sessions, in weekly meetings" in page
    assert "{{" not in page


def test_search_stores_nothing(client, starter, read_models_loaded, django_assert_num_queries):
    read_models_loaded()
    # Searched in memory: the words never reach the database (or its log).
    with django_assert_num_queries(0):
        client.get("/search/", {"q": "childhood"})


# Sitemap, robots, feed -----------------------------------------------------


def sitemap_urls(client) -> list[str]:
    root = ET.fromstring(client.get("/sitemap.xml").content)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text for loc in root.findall("s:url/s:loc", namespace)]


def test_sitemap_lists_the_canonical_comparison_and_every_published_page(client, starter):
    urls = sitemap_urls(client)
    assert "https://testserver/compare/ipt-vs-dit/" in urls
    assert "https://testserver/compare/dit-vs-ipt/" not in urls
    for path in ["/therapies/ipt/", "/therapies/dit/", "/conditions/depression/", "/about/"]:
        assert f"https://testserver{path}" in urls
    assert "https://testserver/articles/ipt-and-dit-are-they-the-same/" in urls


def test_sitemap_gives_last_modified_dates(client, starter):
    body = client.get("/sitemap.xml").content.decode()
    assert "<lastmod>" in body


def test_sitemap_leaves_out_drafts(client, starter):
    Therapy.objects.filter(slug="dit").update(status="draft")
    Article.objects.update(status="draft")
    urls = sitemap_urls(client)
    assert "https://testserver/therapies/dit/" not in urls
    assert not any("-vs-dit" in url or "dit-vs-" in url for url in urls)
    assert "https://testserver/therapies/ipt/" in urls
    assert not any("/articles/ipt-and-dit" in url for url in urls)


def test_robots_points_to_the_sitemap_and_keeps_out_of_admin(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: https://testserver/sitemap.xml" in body


def test_articles_feed_is_atom_with_published_articles_only(
    client, starter, django_capture_on_commit_callbacks
):
    response = client.get("/feeds/articles/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert "IPT and DIT: are they the same?" in titles
    with django_capture_on_commit_callbacks(execute=True):
        for article in Article.objects.all():
            article.status = "draft"
            article.save()
    assert b"are they the same" not in client.get("/feeds/articles/").content


# About -----------------------------------------------------------------------


def test_about_page_names_the_publisher_and_links_the_editorial_policy(client, starter):
    page = text_of(client.get("/about/"))
    for words in [
        "Who publishes this site",
        "No adverts, no commercial interest",
        "editorial policy",
        "Report a mistake",
        "What we keep",
    ]:
        assert words in page
    assert 'href="/about/editorial-policy/"' in client.get("/about/").content.decode()


def test_editorial_policy_says_how_facts_are_chosen_checked_reviewed_and_corrected(client, starter):
    page = text_of(client.get("/about/editorial-policy/"))
    for words in [
        "Where our facts come from",
        "Claims are never stronger than the evidence",
        "When sources disagree",
        "at least every 3 years",
        "Who reviews",
        "How we correct mistakes",
        "not a clinical review",  # who reviewed it, and in what role
    ]:
        assert words in page


def test_editors_change_the_about_page(editor_client, client, starter):
    page = Page.objects.get(slug="about")
    response = editor_client.post(
        f"/admin/articles/page/{page.pk}/change/",
        {
            "title": page.title,
            "slug": "about",
            "standfirst": page.standfirst,
            "body": "We changed this.",
            "contact_email": "corrections@example.org",
            "reviewer": page.reviewer,
            "last_reviewed": "2026-11-26",
            "next_review_due": "2027-11-26",
        },
    )
    assert response.status_code == 302
    text = text_of(client.get("/about/"))
    assert "We changed this." in text
    assert "email corrections@example.org" in text


# The open data API -------------------------------------------------------------


def test_api_gives_the_same_session_range_as_the_page(client, starter):
    data = client.get("/api/therapies/ipt/").json()
    assert data["sessions"] == {"min": 12, "max": 16, "text": "12 to 16 sessions"}
    assert "Usually 12 to 16 sessions" in text_of(client.get("/therapies/ipt/"))
    assert data["url"] == "https://testserver/therapies/ipt/"
    assert data["last_reviewed"] == "2026-11-26"
    assert "cuijpers2016" in data["citations"]["evidence"]
    assert {"key", "title", "url", "publisher"} <= set(data["sources"][0])


def test_api_changes_when_an_editor_changes_a_fact(client, starter):
    Therapy.objects.filter(slug="ipt").update(sessions_max=20)
    assert client.get("/api/therapies/ipt/").json()["sessions"]["max"] == 20


def test_api_is_open_for_reading_from_other_sites(client, starter):
    response = client.get("/api/therapies/")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert [t["slug"] for t in response.json()["therapies"]] == STARTER_THERAPIES
    assert client.post("/api/therapies/").status_code == 405


def test_api_leaves_out_drafts(client, starter):
    Therapy.objects.filter(slug="dit").update(status="draft")
    assert client.get("/api/therapies/dit/").status_code == 404
    slugs = [t["slug"] for t in client.get("/api/therapies/").json()["therapies"]]
    assert "ipt" in slugs and "dit" not in slugs


def test_api_query_count_is_constant(
    client, starter, read_models_loaded, django_assert_num_queries
):
    for n in range(3):
        TherapyFactory(slug=f"a{n}")
    read_models_loaded()
    with django_assert_num_queries(0):
        client.get("/api/therapies/")
    with django_assert_num_queries(0):
        client.get("/api/therapies/ipt/")


# Open Graph and JSON-LD on every public page type -------------------------------

PAGE_TYPES = {
    "/": "WebSite",
    "/therapies/": "CollectionPage",
    "/therapies/ipt/": "MedicalWebPage",
    "/conditions/depression/": "MedicalWebPage",
    "/compare/": "WebPage",
    "/compare/ipt-vs-dit/": "MedicalWebPage",
    "/which-therapy/": "WebPage",
    "/which-therapy/result/?childhood=yes": "WebPage",
    "/articles/": "CollectionPage",
    "/articles/ipt-and-dit-are-they-the-same/": "MedicalWebPage",
    "/search/?q=childhood": "SearchResultsPage",
    "/about/": "AboutPage",
}


@pytest.mark.parametrize(("path", "schema_type"), PAGE_TYPES.items())
def test_every_page_type_has_open_graph_tags_and_valid_json_ld(client, starter, path, schema_type):
    html = client.get(path).content.decode()
    for tag in ["og:title", "og:description", "og:url", "og:type", "twitter:card"]:
        assert f'property="{tag}"' in html or f'name="{tag}"' in html
    title = re.search(r'<meta property="og:title" content="([^"]+)">', html).group(1)
    assert title.strip()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
