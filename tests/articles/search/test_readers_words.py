"""Readers' own words, and their misspellings, find the page they need (issue 26).

Through the client, reading the results as a reader sees them, in order. The
search runs over the read model in memory (articles/search/queries.py), so
these run unchanged on SQLite and PostgreSQL.
"""

import re

import pytest

pytestmark = pytest.mark.django_db

TALKING_THERAPIES = "/how-to-get-help/#england-talking-therapies"

# (what a reader types, the page that must be among the first three results)
FINDS = [
    ("panic attacks", "/conditions/panic-disorder/"),
    ("worry all the time", "/conditions/generalised-anxiety-disorder/"),
    ("flashbacks", "/conditions/ptsd/"),
    ("nightmares", "/conditions/ptsd/"),
    ("binge", "/conditions/binge-eating-disorder/"),
    ("making myself sick", "/conditions/bulimia-nervosa/"),
    ("intrusive thoughts", "/conditions/ocd/"),
    ("checking", "/conditions/ocd/"),
    ("free", TALKING_THERAPIES),
    ("cost", "/how-to-get-help/#uk-private"),
    ("self refer", TALKING_THERAPIES),
    # Misspelt, as readers type them.
    ("interpersonal therepy", "/therapies/ipt/"),
    ("anorexya", "/conditions/anorexia-nervosa/"),
    ("buliemia", "/conditions/bulimia-nervosa/"),
    ("obsesive compulsive", "/conditions/ocd/"),
    ("pannic attacks", "/conditions/panic-disorder/"),
    ("agrophobia", "/conditions/agoraphobia/"),
    ("councelling", "/therapies/counselling/"),
    ("mindfullness", "/therapies/mbct/"),
    ("psychodinamic", "/therapies/stpp/"),
]


def results_of(client, query: str) -> list[str]:
    """The addresses of the results, in the order the page lists them."""
    html = client.get("/search/", {"q": query}).content.decode()
    listed = re.search(r'<ol class="card-list search-results">(.*?)</ol>', html, re.S)
    return re.findall(r'<h2><a href="([^"]+)">', listed.group(1)) if listed else []


@pytest.mark.parametrize(("query", "page"), FINDS)
def test_readers_words_find_their_page_among_the_first_three(client, starter, query, page):
    assert page in results_of(client, query)[:3]
