"""The markdown renderer and live-fact filling as pure units."""

import time

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.editorial.markdown import (
    EXTENSIONS,
    FilledFact,
    fact_references,
    insert_live_facts,
    number_headings,
    render_markdown,
    sanitise,
)

ATTACKS = {
    "<script>alert(1)</script>": ["<script", "alert(1)"],
    "<img src=x onerror=alert(1)>": ["onerror"],
    "[x](javascript:alert(1))": ["javascript:"],
    '<iframe src="https://evil.example"></iframe>': ["<iframe"],
    '<p style="position:fixed">x</p>': ["style="],
    "![x](data:image/svg+xml;base64,PHN2Zz4=)": ["data:"],
    '<a href="vbscript:msgbox(1)">x</a>': ["vbscript:"],
    "<svg onload=alert(1)></svg>": ["<svg", "onload"],
    '<object data="x.swf"></object>': ["<object"],
    '<form action="https://evil.example"><input name=p></form>': ["<form", "<input"],
    "<!-- secret --><b>x</b>": ["secret"],
}


@pytest.mark.parametrize(("markdown_text", "forbidden"), ATTACKS.items())
def test_renderer_removes_active_content(markdown_text, forbidden):
    html = render_markdown(markdown_text).lower()
    for fragment in forbidden:
        assert fragment not in html


def test_renderer_keeps_ordinary_formatting():
    html = render_markdown("## Heading\n\nSome **bold** and *italic*.\n\n- one\n- two\n")
    assert "<h2>Heading</h2>" in html
    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html
    assert "<li>one</li>" in html


def test_links_keep_their_address_and_never_pass_on_the_page_they_came_from():
    html = render_markdown("[NICE](https://www.nice.org.uk/guidance/ng222)")
    assert 'href="https://www.nice.org.uk/guidance/ng222"' in html
    assert 'rel="noopener noreferrer"' in html


def test_live_fact_tokens_survive_rendering_as_text():
    assert "{{ ipt.sessions }}" in render_markdown("IPT takes {{ ipt.sessions }}.")


def test_live_fact_tokens_are_removed_from_attributes():
    html = render_markdown('[x](https://example.org/{{ipt.sessions}} "{{ ipt.name }}")')
    assert "{{" not in html


def test_fact_references_are_found_once_each_in_order():
    text = "{{ dit.sessions }} and {{ipt.sessions}} and {{ dit.sessions }} and {{ Bad.thing }}"
    assert fact_references(text) == [("dit", "sessions"), ("ipt", "sessions")]


def test_live_facts_are_filled_in_escaped_with_a_link_to_their_sources():
    html = insert_live_facts(
        "<p>{{ ipt.sessions }}</p>",
        {("ipt", "sessions"): FilledFact("12 <b>to</b> 16", "/therapies/ipt/#fact-duration")},
    )
    assert "12 &lt;b&gt;to&lt;/b&gt; 16" in html
    assert 'href="/therapies/ipt/#fact-duration"' in html


def test_a_fact_that_is_no_longer_available_reads_calmly():
    html = insert_live_facts("<p>{{ gone.sessions }}</p>", {})
    assert "[this fact is being updated]" in html
    assert "{{" not in html


def test_number_headings_gives_each_h2_an_id_for_the_contents_list():
    html, headings = number_headings(
        "<h2>Roots &amp; <em>aims</em></h2><p>x</p><h2>Roots &amp; aims</h2>"
    )
    assert html == (
        '<h2 id="part-1">Roots &amp; <em>aims</em></h2><p>x</p><h2 id="part-2">Roots &amp; aims</h2>'
    )
    assert [(h.anchor, h.text) for h in headings] == [
        ("part-1", "Roots & aims"),
        ("part-2", "Roots & aims"),
    ]


# Bodies within the 50,000-character limit that python-markdown took seconds
# to minutes over, each: it scanned from every "[" (or "](", "[^", "<a") to the
# end of the text. The editor's preview renders as it is typed.
PATHOLOGICAL = {
    "20,000 [": "[" * 20_000,
    "[a]( 10,000 times": "[a](" * 10_000,
    "[a]( 10,000 times, one ) at the end": "[a](" * 10_000 + ")",
    "nested brackets": "[" * 10_000 + "]" * 10_000,
    "[[] repeated": "[[]" * 15_000,
    "links between unclosed brackets": "[ [a](b) " * 5_000,
    "[( repeated": "[(" * 20_000,
    "images": "![" * 20_000,
    "footnote references": "[^" * 20_000,
    "abbreviations": "*[" * 20_000,
    "unclosed tags": "<a " * 16_000,
    "unclosed addresses": "<http://" * 6_000,
    "definitions": "a\n: " * 12_000,
    "all of them in turn": "[a](" * 2_000 + "<a " * 2_000 + "[" * 2_000 + "a\n: " * 2_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_any_body_within_the_limit_renders_in_well_under_a_second(text):
    assert len(text) <= 50_000
    started = time.perf_counter()
    render_markdown(text)
    # Measured in the test because it guards against a denial of service;
    # generous (here each takes under half a second), so a busy machine never fails it.
    assert time.perf_counter() - started < 2


PIECES = [
    "[", "]", "(", ")", "!", "'", '"', "<", ">", "`", "\\", " ", "a", "b", "\n", "\n\n",
    "](", "[a]", "(b)", "[^1]", "<a ", "<http://example.org", "<b@example.org",
    "http://example.org/a_(b)", ' "title")', "'title'", "    code\n", "```\n", "\n> ",
    '[1]: http://example.org "title"\n', "[^1]: note\n", "*[a]: abbreviation\n",
]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_links_and_angle_brackets_render_as_python_markdown_renders_them(text):
    """The linear-time scans change no output: python-markdown's own link
    processors, and its own handling of "<", give the same page."""
    own = markdown.markdown(text, extensions=[*EXTENSIONS, "sane_lists"], output_format="html")
    assert render_markdown(text) == sanitise(own)
