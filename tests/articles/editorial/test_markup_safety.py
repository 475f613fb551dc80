"""Text that editors type reaches readers exactly once escaped, in every place it is shown."""

import re
from html import unescape
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError

from articles.editorial.live_facts import fill_live_facts
from articles.editorial.markdown import render_markdown
from articles.models import Article
from tests.articles.editorial.test_articles import make_article

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# A link whose title hides a live fact across a newline, with another one
# nested inside it: removing the inner one once used to leave the outer one whole.
NESTED_IN_TITLE = '[n](https://example.org "{{\nipt.sess{{ ipt.name }}ions }}ZZ")'


def head_values(html: str) -> dict:
    """<title> and the content of the description and Open Graph tags, as a browser reads them."""
    values = {"title": unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))}
    for name in ["description", "og:title", "og:description", "twitter:description"]:
        match = re.search(rf'<meta (?:name|property)="{name}" content="([^"]*)"', html)
        values[name] = unescape(match.group(1))
    return values


def test_titles_and_social_tags_show_ampersands_and_quotes_escaped_once(client, starter):
    make_article(1, title='Tom & Jerry\'s "talk"', standfirst='Fish & chips, "quoted" it\'s')
    values = head_values(client.get("/articles/article-1/").content.decode())
    assert values["title"] == 'Tom & Jerry\'s "talk" | Therapy Compare'
    assert values["og:title"] == 'Tom & Jerry\'s "talk"'
    for name in ["description", "og:description", "twitter:description"]:
        assert values[name] == 'Fish & chips, "quoted" it\'s'


def test_feed_sends_the_standfirst_as_text_not_html(client, starter):
    make_article(1, standfirst="Less is <b>more</b> & 3 < 4", published_at="2030-01-01T00:00Z")
    feed = ElementTree.fromstring(client.get("/feeds/articles/").content)
    summaries = [entry.find(f"{ATOM}summary") for entry in feed.iter(f"{ATOM}entry")]
    mine = next(s for s in summaries if "Less is" in s.text)
    # A feed reader shows type="text" exactly as written; type="html" would
    # render <b> as markup and swallow "< 4".
    assert mine.get("type") == "text"
    assert mine.text == "Less is <b>more</b> & 3 < 4"


def test_a_nested_live_fact_cannot_break_out_of_a_link_title(starter):
    html = fill_live_facts(render_markdown(NESTED_IN_TITLE))
    link = re.search(r"<a [^>]*>", html).group(0)
    assert "{{" not in html and "live-fact" not in html
    assert 'rel="noopener noreferrer"' in link
    assert html.count("<a ") == 1 and "rel=" not in html.replace(link, "")


@pytest.mark.parametrize(
    "body",
    [
        NESTED_IN_TITLE,
        "{{\nIPT.sessions }}",
        "{{ ipt.sess{{ ipt.name }}ions }}",
        "{{{{ ipt.name }}}}",
        "text }} stray",
    ],
)
def test_a_malformed_or_nested_live_fact_is_refused_on_save(starter, body):
    article = Article(body=body)
    with pytest.raises(ValidationError) as refused:
        article.clean()
    assert "write a live fact as {{ therapy.fact }}" in str(refused.value)
