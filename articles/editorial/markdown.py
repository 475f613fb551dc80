"""The one markdown renderer, and live facts in prose.

Editors write markdown. It becomes HTML through python-markdown and then nh3
with a short allow-list, so nothing an editor (or an attacker with an editor's
browser) types can run script on a reader's page. The same function renders
the published page and markdownx's live preview, so what editors see is what
readers get.

Live facts: `{{ ipt.sessions }}` in the text stands for the current value of
one fact about one therapy (here IPT's usual number of sessions). The token
survives markdown and sanitising as plain text; when a page is shown,
`insert_live_facts` replaces it with the current value, escaped, and a link
to where the fact's sources are listed. Pure functions: no database.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import unescape

import markdown
import nh3
from django.utils.html import format_html

from articles.editorial.link_scanning import LinearLinks

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "img",
    "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "th": {"scope"},
}
# No javascript:, data:, vbscript: or any other scheme that can carry script.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

LIVE_FACT = re.compile(r"\{\{\s*([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z_]+)\s*\}\}")


# Markdown Extra without definition lists: the allow-list drops <dl>, <dt> and
# <dd>, so on this site they only ever showed as loose lines of text, and
# python-markdown reads them in time quadratic in their number (12,000 short
# definitions took over 20 s). Without it, those lines are ordinary paragraphs.
EXTENSIONS = ["abbr", "attr_list", "fenced_code", "footnotes", "md_in_html", "tables"]
UNCLOSED_TAG = re.compile(r"<(?=[A-Za-z])")
STAND_IN = "\ufdd0"  # a Unicode noncharacter: never typed, never in text


def render_markdown(text: str) -> str:
    """Markdown → sanitised HTML. Live-fact tokens are left in place as text.

    Any text within the length limit renders in a fraction of a second: see
    articles/editorial/link_scanning.py, EXTENSIONS and stand_in_for_unclosed_tags.
    """
    html = markdown.markdown(
        stand_in_for_unclosed_tags(text),
        extensions=[*EXTENSIONS, "sane_lists", LinearLinks()],
        output_format="html",
    )
    return sanitise(html.replace(STAND_IN, "&lt;"))


def stand_in_for_unclosed_tags(text: str) -> str:
    """Each "<" and letter after the text's last ">" replaced by STAND_IN.

    Such a "<" can begin no tag and no <address>, so python-markdown writes it
    as "&lt;" (render_markdown puts that back in its place, in code and
    addresses too). But first it hands the text to Python's HTML parser, which
    tries every such "<" again up to the end of the text: 16,000 "<a " took
    over 20 s. (After an unclosed raw HTML block, which python-markdown copies
    as it is, the sanitiser dropped such a "<" with what followed it as a
    broken tag; it now shows as text.)
    """
    text = text.replace(STAND_IN, "")
    after_last_end = text.rfind(">") + 1
    return text[:after_last_end] + UNCLOSED_TAG.sub(STAND_IN, text[after_last_end:])


def sanitise(html: str) -> str:
    """Only the allow-listed tags, attributes and link schemes of `html`."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        # Every link a reader follows leaves this site's context behind.
        link_rel="noopener noreferrer",
        clean_content_tags={"script", "style"},
        strip_comments=True,
        attribute_filter=drop_live_facts_from_attribute,
    )


def drop_live_facts_from_attribute(tag: str, attribute: str, value: str) -> str:
    """Live facts belong in text. One inside an attribute (a link address, a
    title) would put markup inside the attribute when filled in, so every
    pair of braces is removed there, repeatedly: removing one token once could
    join the pieces around it into another ("{{ ipt.sess{{ x.y }}ions }}")."""
    while "{{" in value or "}}" in value:
        value = value.replace("{{", "").replace("}}", "")
    return value


@dataclass(frozen=True)
class FilledFact:
    value: str
    url: str  # where the fact and its sources are shown


def fact_references(text: str) -> list[tuple[str, str]]:
    """The (therapy slug, fact key) pairs used in a text, in order, without repeats."""
    return list(dict.fromkeys(LIVE_FACT.findall(text)))


def insert_live_facts(
    html: str,
    facts: Mapping[tuple[str, str], FilledFact],
    *,
    missing: Callable[[str, str], str] | None = None,
) -> str:
    """Replace each live-fact token in sanitised HTML with its current value.

    `missing(slug, key)` renders a token with no value (the editor's preview
    marks it as an error); by default readers are told the fact is being updated.
    """

    def replace(match: re.Match[str]) -> str:
        fact = facts.get((match.group(1), match.group(2)))
        if fact is None and missing is not None:
            return missing(match.group(1), match.group(2))
        if fact is None:
            # A fact that was valid when saved but is not available now (its
            # therapy was unpublished): say so rather than show a broken token.
            return '<span class="live-fact">[this fact is being updated]</span>'
        return format_html(
            '<span class="live-fact">{}<a class="fact-source" href="{}" '
            'aria-label="Sources for this fact">[sources]</a></span>',
            fact.value,
            fact.url,
        )

    return LIVE_FACT.sub(replace, html)


@dataclass(frozen=True)
class Heading:
    anchor: str
    text: str


# Sanitised HTML has bare <h2> tags: nh3 allows them no attributes.
H2 = re.compile(r"<h2>(.*?)</h2>", re.S)


def number_headings(html: str, *, prefix: str = "part") -> tuple[str, list[Heading]]:
    """Give each <h2> of sanitised HTML an id, for an "On this page" list.

    Ids are numbered (part-1, part-2…), not made from the words, so two
    headings with the same words never share an id.
    """
    headings: list[Heading] = []

    def add_id(match: re.Match[str]) -> str:
        anchor = f"{prefix}-{len(headings) + 1}"
        text = re.sub(r"<[^>]+>", "", match.group(1))
        headings.append(Heading(anchor, unescape(text).strip()))
        return f'<h2 id="{anchor}">{match.group(1)}</h2>'

    return H2.sub(add_id, html), headings
