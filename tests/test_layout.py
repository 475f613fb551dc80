"""Pages assembled from kept layouts with holes (common/layout.py)."""

import gzip

from common.layout import MAX_HOLES_COMPRESSED_APART, Layout, hole
from tests.pages import text_of
from therapies.read_model import published_knowledge

RESULT = "/which-therapy/result/"
# The pages assembled from kept layouts, one of each kind.
KEPT_PAGES = [
    "/",
    "/therapies/ipt/",
    "/conditions/depression/",
    "/compare/ipt-vs-dit/",
    "/articles/ipt-and-dit-are-they-the-same/",
]


def test_holes_are_filled_and_the_gzip_stream_is_the_same_text():
    html = f"<p>Before {hole('one')} – “middle” {hole('two')} after</p>" * 50
    layout = Layout.of(html)
    values = {"one": "ÉTÉ", "two": "<b>2</b>"}
    text = layout.text(values)
    assert text.decode().startswith("<p>Before ÉTÉ – “middle” <b>2</b> after</p>")
    assert gzip.decompress(layout.gzipped(values)) == text
    # An empty value adds nothing to the stream.
    empty = {"one": "", "two": ""}
    assert gzip.decompress(layout.gzipped(empty)) == layout.text(empty)


def test_a_layout_with_many_holes_is_compressed_whole_and_still_right():
    count = MAX_HOLES_COMPRESSED_APART + 3
    layout = Layout.of("".join(f"<i>{n}</i>{hole(f'h{n}')}" for n in range(count)))
    values = {f"h{n}": " checked" if n % 2 else "" for n in range(count)}
    assert gzip.decompress(layout.gzipped(values)) == layout.text(values)


def test_a_hole_cannot_be_typed_by_an_editor():
    # The token is made when the process starts; text that looks like a hole
    # with any other token is ordinary text.
    typed = "hole.0123456789abcdef.jsonld."
    layout = Layout.of(f"<p>{typed}</p>")
    assert layout.names == ()
    assert layout.text({}) == f"<p>{typed}</p>".encode()


def test_profiles_and_comparisons_carry_this_requests_address(client, starter, settings):
    settings.ALLOWED_HOSTS = ["therapies.example.org", "other.example.org"]
    for host in ["therapies.example.org", "other.example.org"]:
        for path in KEPT_PAGES:
            html = client.get(path, headers={"host": host}).content.decode()
            assert f'<link rel="canonical" href="https://{host}{path}">' in html
            assert f'"url": "https://{host}{path}"' in html
            assert f'name="page" value="{path}"' in html
            assert "hole." not in html


def test_pages_are_compressed_for_browsers_that_take_gzip(client, starter):
    for path in [*KEPT_PAGES, RESULT + "?childhood=yes"]:
        plain = client.get(path)
        compressed = client.get(path, headers={"accept-encoding": "gzip, br"})
        assert compressed["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in compressed["Vary"]
        assert gzip.decompress(compressed.content) == plain.content
        assert "Content-Encoding" not in plain


def test_the_kept_chooser_page_holds_nobodys_answers(client, starter):
    answers = {"childhood": "yes", "sessions": "about-8", "help-with": "depression", "risk": "no"}
    page = client.get(RESULT, answers).content.decode()
    assert 'value="about-8" checked' in page
    assert '<option value="depression" selected>' in page
    layout = published_knowledge().page("chooser-result").layout
    kept = b"".join(layout.encoded).decode()
    # Every answer's "checked" is a hole, and the results are one too.
    assert " checked" not in kept and " selected" not in kept
    assert "outcome" in layout.names
    assert "What fits your answers" not in kept
    # Another reader gets their own answers, not the last reader's.
    other = text_of(client.get(RESULT, {"recent-change": "yes"}))
    assert "From your answers, Interpersonal therapy (IPT) matches best" in other
    assert (
        'value="about-8" checked'
        not in client.get(RESULT, {"recent-change": "yes"}).content.decode()
    )
