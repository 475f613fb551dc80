"""Search, sitemap, feeds, API and JSON-LD cover every starter therapy, not
just the first two the site launched with."""

import itertools
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import STARTER_THERAPIES
from tests.pages import jsonld_of, text_of
from therapies.models import Therapy

ATOM = "{http://www.w3.org/2005/Atom}"


def sitemap_urls(client) -> set[str]:
    root = ET.fromstring(client.get("/sitemap.xml").content)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return {loc.text for loc in root.findall("s:url/s:loc", namespace)}


def feed_entries(client, path: str) -> dict[str, str]:
    """Each entry's link → title."""
    response = client.get(path)
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return {
        entry.find(f"{ATOM}link").get("href"): entry.find(f"{ATOM}title").text
        for entry in root.iter(f"{ATOM}entry")
    }


@pytest.mark.parametrize("slug", STARTER_THERAPIES)
def test_search_finds_every_therapy_by_its_name(client, starter, slug):
    therapy = Therapy.objects.get(slug=slug)
    response = client.get("/search/", {"q": therapy.name})
    assert f'href="/therapies/{slug}/"' in response.content.decode(), therapy.name


def test_sitemap_lists_every_therapy_and_every_pair_once(client, starter):
    urls = sitemap_urls(client)
    for slug in STARTER_THERAPIES:
        assert f"https://testserver/therapies/{slug}/" in urls
    comparisons = {url for url in urls if "/compare/" in url and "-vs-" in url}
    # Site order: each pair once, in its canonical address.
    expected = {
        f"https://testserver/compare/{a}-vs-{b}/"
        for a, b in itertools.combinations(STARTER_THERAPIES, 2)
    }
    assert comparisons == expected
    assert len(comparisons) == len(STARTER_THERAPIES) * (len(STARTER_THERAPIES) - 1) // 2


def test_therapies_feed_lists_every_published_therapy(client, starter):
    entries = feed_entries(client, "/feeds/therapies/")
    assert set(entries) == {f"https://testserver/therapies/{slug}/" for slug in STARTER_THERAPIES}
    assert entries["https://testserver/therapies/counselling/"] == (
        "Counselling for depression (Counselling)"
    )


def test_therapies_feed_leaves_out_drafts_and_puts_the_latest_change_first(
    client, starter, committed
):
    with committed():
        Therapy.objects.filter(slug="dit").update(status="draft")
        mbct = Therapy.objects.get(slug="mbct")
        mbct.summary += " Changed."
        mbct.save()
    entries = list(feed_entries(client, "/feeds/therapies/"))
    assert "https://testserver/therapies/dit/" not in entries
    assert entries[0] == "https://testserver/therapies/mbct/"


def test_therapies_feed_query_count(client, starter, read_models_loaded, django_assert_num_queries):
    read_models_loaded()
    with django_assert_num_queries(0):
        assert client.get("/feeds/therapies/").status_code == 200


def test_every_page_links_both_feeds(client, starter):
    html = client.get("/").content.decode()
    assert 'type="application/atom+xml" title="Therapy Compare: articles"' in html
    assert 'href="/feeds/therapies/"' in html


@pytest.mark.parametrize("slug", STARTER_THERAPIES)
def test_api_gives_every_therapys_new_attributes_with_their_sources(client, starter, slug):
    data = client.get(f"/api/therapies/{slug}/").json()
    therapy = Therapy.objects.get(slug=slug)
    assert data["sessions"]["text"] == therapy.session_range
    for key in ["formats", "structure", "homework", "nhs", "private"]:
        assert key in data, key
    cited = {key for keys in data["citations"].values() for key in keys}
    listed = {source["key"] for source in data["sources"]}
    assert cited <= listed
    # Where a guideline recommends it, the older table shape says so too.
    for entry in data["recommended"]:
        condition = next(c for c in data["conditions"] if c["slug"] == entry["condition"])
        assert condition["nice_tables"][entry["population"].replace("-", "_")]["place"] == "listed"


@pytest.mark.parametrize("slug", STARTER_THERAPIES)
def test_every_profile_describes_its_therapy_in_json_ld(client, starter, slug):
    response = client.get(f"/therapies/{slug}/")
    data = jsonld_of(response)
    therapy = Therapy.objects.get(slug=slug)
    assert data["@type"] == "MedicalWebPage"
    assert data["about"]["@type"] == "PsychologicalTreatment"
    assert data["about"]["name"] == therapy.name
    how = data["about"]["howPerformed"]
    assert f"Usually {therapy.session_range}" in how
    # The same words the reader sees on the page.
    assert f"Usually {therapy.session_range}" in text_of(response)
