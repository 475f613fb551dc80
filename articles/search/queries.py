"""One search over therapies, conditions and articles, in memory.

The published content is small and already in every process's read model
(therapies/read_model.py), so the search reads that, on SQLite and
PostgreSQL alike, with no query: nothing a reader types reaches the database
or its log. The index (one Document per record, its fields weighted:
titles and readers' own words first) is built once per content generation;
matching is articles/search/matching.py.
"""

import html
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.editorial.live_facts import live_facts_for
from articles.editorial.markdown import LIVE_FACT
from articles.read_model import editorial_of
from articles.search.matching import Document, Field, Query, near_words, parse, score
from history.generation import per_generation
from therapies.read_model import Knowledge, published_knowledge

RESULTS = 40
TITLE, WORDS, SUMMARY, BODY = 4.0, 3.0, 1.5, 0.5


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    snippet: SafeString
    rank: float


@dataclass(frozen=True)
class Entry:
    """What a hit shows, beside its Document."""

    kind: str
    title: str
    url: str
    snippet_text: str


def readers_words(record) -> Field:
    """The words readers use for it, which editors keep as records."""
    return Field(" ; ".join(term.words for term in record.search_terms.all()), WORDS)


def therapy_document(therapy) -> Document:
    entry = Entry("Therapy", therapy.name, therapy.get_absolute_url(), therapy.summary)
    return Document(
        entry,
        (
            Field(f"{therapy.name} {therapy.abbreviation}", TITLE),
            readers_words(therapy),
            Field(f"{therapy.summary} {therapy.get_focus_display()}", SUMMARY),
            Field(
                " ".join(
                    [
                        therapy.focus_detail,
                        therapy.sessions_like,
                        therapy.provider_detail,
                        therapy.evidence_summary,
                        therapy.nhs_detail,
                    ]
                ),
                BODY,
            ),
        ),
    )


def condition_document(condition) -> Document:
    entry = Entry("Condition", condition.name, condition.get_absolute_url(), condition.summary)
    return Document(
        entry,
        (
            Field(condition.name, TITLE),
            readers_words(condition),
            Field(f"{condition.summary} {condition.affects}", SUMMARY),
        ),
    )


def route_document(route) -> Document:
    entry = Entry("How to get help", route.title, route.get_absolute_url(), route.summary)
    return Document(
        entry, (Field(route.title, TITLE), readers_words(route), Field(route.summary, SUMMARY))
    )


def article_document(article, knowledge: Knowledge) -> Document:
    # What readers read: the body with its live facts' current values.
    facts = live_facts_for(article.body_html, knowledge=knowledge)
    body = LIVE_FACT.sub(lambda token: fact_value(facts, token), article.body_html)
    text = plain_text(body)
    entry = Entry("Article", article.title, article.get_absolute_url(), text)
    return Document(
        entry,
        (Field(article.title, TITLE), Field(article.standfirst, SUMMARY), Field(text, BODY)),
    )


def fact_value(facts: dict, token: re.Match) -> str:
    fact = facts.get((token[1], token[2]))
    return escape(fact.value) if fact else ""


def plain_text(markup: str) -> str:
    """HTML as the words a reader reads: a heading and the next paragraph stay apart."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", markup)).split())


def documents_of(knowledge: Knowledge) -> tuple[Document, ...]:
    return (
        *(therapy_document(therapy) for therapy in knowledge.published()),
        *(condition_document(c) for c in knowledge.shown_conditions()),
        *(article_document(article, knowledge) for article in editorial_of(knowledge).articles),
        *(route_document(route) for route in knowledge.routes),
    )


@per_generation
def published_documents() -> tuple[Document, ...]:
    return documents_of(published_knowledge())


def search(raw_query: str, request=None) -> list[Hit]:
    """Published therapies, conditions and articles matching the query, best first."""
    query = parse(raw_query)
    found = []
    for document in published_documents(request):
        rank = score(query, document)
        if rank:
            found.append((rank, document.key))
    found.sort(key=lambda pair: -pair[0])
    return [
        Hit(entry.kind, entry.title, entry.url, excerpt(entry.snippet_text, query), rank)
        for rank, entry in found[:RESULTS]
    ]


def excerpt(text: str, query: Query, width: int = 90) -> SafeString:
    """About `width` characters either side of the first match, with matches marked."""
    text = re.sub(r"[#*_`>\[\]]", "", text)  # markdown's symbols, in a summary
    words = near_words(query, text)
    lowered = text.lower()
    positions = [lowered.find(word.lower()) for word in words]
    start = max(0, min(positions) - width) if positions else 0
    piece = text[start : start + 2 * width]
    if start > 0 and " " in piece:
        piece = piece[piece.index(" ") + 1 :]  # start on a whole word
    marked = str(escape(piece))
    if words:
        pattern = "|".join(re.escape(escape(word)) for word in words)
        marked = re.sub(rf"\b({pattern})\b", r"<mark>\1</mark>", marked, flags=re.IGNORECASE)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + 2 * width < len(text) else ""
    return mark_safe(prefix + marked + suffix)
