"""Filling live facts in from the records: the database side of articles/editorial/markdown.py."""

from django.utils.html import format_html

from articles.editorial.markdown import (
    FilledFact,
    fact_references,
    insert_live_facts,
    render_markdown,
)
from therapies.facts import LIVE_FACTS
from therapies.read_model import load, published_knowledge


def live_facts_for(html: str, *, include_drafts: bool = False, knowledge=None) -> dict:
    """Current values for every live fact in a text, from the read model.

    `knowledge` is the page's own (therapies/read_model.py); without it,
    the shared model of published therapies, or one with drafts for editors.
    No query when the shared model is already loaded.
    """
    references = fact_references(html)
    if not references:
        return {}
    if knowledge is None:
        # An editor's preview: their drafts' facts too, and only the therapies.
        knowledge = (
            load(include_drafts=True, with_parts=False) if include_drafts else published_knowledge()
        )
    facts = {}
    for slug, key in references:
        therapy, kind = knowledge.therapy(slug), LIVE_FACTS.get(key)
        if therapy and kind:
            url = f"{therapy.get_absolute_url()}#fact-{kind.anchor}"
            facts[(slug, key)] = FilledFact(kind.read(therapy), url)
    return facts


def fill_live_facts(html: str, *, include_drafts: bool = False, knowledge=None) -> str:
    facts = live_facts_for(html, include_drafts=include_drafts, knowledge=knowledge)
    return insert_live_facts(html, facts)


def preview_markdown(text: str) -> str:
    """The function markdownx is configured with (MARKDOWNX_MARKDOWNIFY_FUNCTION).

    Editors preview drafts, so facts of draft therapies are filled in too; a
    fact that does not exist is marked as an error where it was typed.
    """
    html = render_markdown(text)
    facts = live_facts_for(html, include_drafts=True)
    return insert_live_facts(html, facts, missing=unknown_fact_in_preview)


def unknown_fact_in_preview(slug: str, key: str) -> str:
    token = "{{ " + f"{slug}.{key}" + " }}"
    if key not in LIVE_FACTS:
        problem = f"“{key}” is not a fact we can show. Use one of: {', '.join(LIVE_FACTS)}"
    else:
        problem = f"there is no therapy with the web-address name “{slug}”"
    return format_html(
        '<strong class="live-fact-error">[Error, not saved: {}: {}.]</strong>', token, problem
    )
