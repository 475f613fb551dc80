"""Queries per uncached public page, every page type in one place.

With the read model loaded (it costs 13 queries once per content generation:
tests/therapies/test_read_model.py), a reader's page runs none, whatever the
number of therapies; a search runs none either (it searches the read model).
The page cache is emptied before each request, so every page is rendered.
"""

import pytest
from django.core.cache import caches

from tests.conftest import CONDITIONS_WITH_OPTIONS
from tests.factories import TherapyFactory
from tests.test_http_caching import PUBLIC_PAGES

# Every page type the same for every reader, and those that are not.
PAGES = [
    *PUBLIC_PAGES,
    "/compare/ipt-vs-dit-vs-cbt-vs-counselling/",
    "/which-therapy/result/?childhood=yes&help-with=depression&sessions=about-8",
    "/which-therapy/summary/?childhood=yes&help-with=depression&sessions=about-8",
    "/about/editorial-policy/",
    "/report-a-mistake/",
    "/robots.txt",
    # Issues 25 to 27: NICE's options on every condition page that has them, the
    # chooser's options for depression, and the ways to get help.
    *[f"/conditions/{slug}/" for slug in CONDITIONS_WITH_OPTIONS],
    "/which-therapy/result/?help-with=depression",
    "/how-to-get-help/",
]


@pytest.mark.parametrize("path", PAGES)
def test_a_public_page_runs_no_query(
    client, starter, read_models_loaded, django_assert_num_queries, path
):
    for n in range(3):
        TherapyFactory(slug=f"more{n}")
    read_models_loaded()
    caches["pages"].clear()
    with django_assert_num_queries(0):
        response = client.get(path)
    assert response.status_code == 200


def test_a_search_runs_no_query(client, starter, read_models_loaded, django_assert_num_queries):
    for n in range(3):
        TherapyFactory(slug=f"more{n}", name=f"Therapy for relationships {n}")
    read_models_loaded()
    caches["pages"].clear()
    with django_assert_num_queries(0):
        response = client.get("/search/", {"q": "relationships"})
    assert response.status_code == 200
    titles = [hit.title for hit in response.context["hits"]]
    assert "Therapy for relationships 2" in titles and "Interpersonal therapy" in titles
