"""Filling live facts in from the records: the database side of articles/editorial/markdown.py."""

from django.utils.html import format_html

from articles.editorial.markdown import (
    FilledFact,
    fact_references,
    insert_live_facts,
    render_markdown,
)
from therapies.facts import LIVE_FACTS
from therapies.models import Therapy


def live_facts_for(html: str, *, include_drafts: bool = False, loaded=()) -> dict:
    """Current values for every live fact in a text.

    At most one query; none when the text has no live facts or when every
    therapy it mentions is among `loaded` (therapies the page already has).
    """
    references = fact_references(html)
    by_slug = {therapy.slug: therapy for therapy in loaded}
    wanted = {slug for slug, _ in references} - set(by_slug)
    if wanted:
        therapies = Therapy.objects.filter(slug__in=wanted).select_related("school")
        if not include_drafts:
            therapies = therapies.published()
        by_slug.update((therapy.slug, therapy) for therapy in therapies)
    facts = {}
    for slug, key in references:
        therapy, kind = by_slug.get(slug), LIVE_FACTS.get(key)
        if therapy and kind:
            url = f"{therapy.get_absolute_url()}#fact-{kind.anchor}"
            facts[(slug, key)] = FilledFact(kind.read(therapy), url)
    return facts


def fill_live_facts(html: str, *, include_drafts: bool = False, loaded=()) -> str:
    facts = live_facts_for(html, include_drafts=include_drafts, loaded=loaded)
    return insert_live_facts(html, facts)


def render_with_live_facts(text: str, *, include_drafts: bool = False) -> str:
    """Markdown → sanitised HTML with current facts: what markdownx's preview shows."""
    return fill_live_facts(render_markdown(text), include_drafts=include_drafts)


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
