"""One search over therapies, conditions and articles.

PostgreSQL: full-text search with English stemming, `websearch` syntax (quotes,
OR, -word), weighted fields (titles first) and highlighted snippets. Each
searchable model keeps a stored, weighted `search_vector`, refreshed when a
record is saved (signals connected in articles/apps.py) and indexed with GIN
(created by a migration that runs only on PostgreSQL).

PostgreSQL searches the three kinds in one query (a UNION, the best 20 of
each), and what it finds is shown from the read model (therapies/read_model.py).

SQLite: a simple fallback over the read model, with no query: every word must
appear somewhere, title matches rank first. Nothing searched for is stored or logged: on PostgreSQL the words
travel as parameters apart from the statement text (which PostgreSQL writes to
its log when a statement fails), and the query is cleaned first so that it
cannot fail there.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import Case, TextField, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.editorial.live_facts import live_facts_for
from articles.editorial.markdown import LIVE_FACT
from articles.models import Article
from therapies.models import Condition, Focus, Therapy
from therapies.read_model import Knowledge

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
RESULTS_PER_KIND = 20
# Markers PostgreSQL puts around matches; swapped for <mark> after escaping.
START, STOP = "\x02", "\x03"

# For each model: (title field, fields by weight A/B/C, the field snippets come from).
SEARCHABLE = {
    Therapy: ("name", {"A": ["name", "abbreviation"], "B": ["summary", "focus_label"], "C": ["focus_detail", "sessions_like", "provider_detail", "evidence_summary"]}, "summary"),
    Condition: ("name", {"A": ["name"], "B": ["summary"], "C": []}, "summary"),
    Article: ("title", {"A": ["title"], "B": ["standfirst"], "C": ["body"]}, "body"),
}  # fmt: skip
KIND_LABELS = {Therapy: "Therapy", Condition: "Condition", Article: "Article"}
TITLE_FIELDS = {KIND_LABELS[model]: title for model, (title, _, _) in SEARCHABLE.items()}


def focus_label():
    """The words of a therapy's focus ("patterns of relating learned in childhood"),
    which the record stores only as a code, so searches can find them."""
    return Case(
        *[When(focus=value, then=Value(label)) for value, label in Focus.choices],
        default=Value(""),
        output_field=TextField(),
    )


# Searchable "fields" that are expressions rather than columns.
EXPRESSIONS = {"focus_label": focus_label}


def field_or_expression(name: str):
    return EXPRESSIONS[name]() if name in EXPRESSIONS else name


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    snippet: SafeString
    rank: float


def weighted_vector(model) -> SearchVector:
    _, weights, _ = SEARCHABLE[model]
    vectors = [
        SearchVector(field_or_expression(field), weight=weight, config="english")
        for weight, fields in weights.items()
        for field in fields
    ]
    combined: Any = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


def refresh_search_vector(instance) -> None:
    """Store the weighted vector of one record (PostgreSQL only)."""
    model = type(instance)
    if connection.vendor != "postgresql" or model not in SEARCHABLE:
        return
    model.objects.filter(pk=instance.pk).update(search_vector=weighted_vector(model))


def refresh_after_save(sender, instance, **kwargs) -> None:
    """post_save receiver. Module-level on purpose: signals hold receivers
    weakly, and a function defined inside AppConfig.ready() would be
    garbage-collected and silently stop being called."""
    refresh_search_vector(instance)


def clean_query(raw: str) -> str:
    """The query as we will use it: trimmed, without control characters, bounded.

    A "-" means NOT to PostgreSQL's websearch syntax only when a word follows
    it; a run of them before punctuation ("-(-(-(…") nests NOTs until the
    parser's stack overflows (about 33), so any other "-" is dropped.
    """
    text = re.sub(r"[\x00-\x1f\x7f]", " ", raw or "")
    text = re.sub(r"-(?!\w)", " ", text)
    return " ".join(text.split()[:MAX_WORDS])[:MAX_QUERY_LENGTH]


def search(raw_query: str, knowledge: Knowledge) -> list[Hit]:
    """Published therapies, conditions and articles matching the query, best first.

    PostgreSQL finds and ranks them in one query; the records shown (title,
    address) are the read model's, so a hit is only what the model publishes.
    SQLite searches the read model itself, without a query.
    """
    query = clean_query(raw_query)
    if not query:
        return []
    if connection.vendor == "postgresql":
        hits = postgresql_hits(query, knowledge)
    else:
        hits = [hit for model in SEARCHABLE for hit in simple_hits(model, query, knowledge)]
    return sorted(hits, key=lambda hit: -hit.rank)


def published_records(model, knowledge: Knowledge) -> list:
    """The read model's published records of one searchable kind."""
    if model is Therapy:
        return knowledge.published()
    if model is Condition:
        return knowledge.conditions_with_published_therapies()
    return list(knowledge.parts["editorial"].articles)


def published_rows(model):
    """The same records in the database, for PostgreSQL to search."""
    if model is Condition:
        return Condition.objects.with_published_therapies()
    return model.objects.published()


def marked(text: str) -> SafeString:
    """Escape text from the database, then turn the match markers into <mark>."""
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)


@contextmanager
def parameters_apart_from_statement():
    """Send query parameters to PostgreSQL separately from the SQL text.

    psycopg as Django configures it binds parameters on the client, writing
    the reader's words into the statement, and PostgreSQL logs the statement
    of any query that fails. Bound on the server, the log shows only "$1".
    Only for the search: server-side binding is not safe for every query
    Django builds.
    """
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw = connection.connection
    previous = raw.cursor_factory
    raw.cursor_factory = ServerBindingCursor
    try:
        yield
    finally:
        raw.cursor_factory = previous


def search_postgresql(query: str) -> list[tuple]:
    """One query over every searchable kind: (kind, slug, rank, snippet) rows,
    the best RESULTS_PER_KIND of each kind."""
    with parameters_apart_from_statement():
        return list(matching_rows(query))


def matching_rows(query: str):
    search_query = SearchQuery(query, search_type="websearch", config="english")
    per_kind = [
        published_rows(model)
        .filter(search_vector=search_query)
        .annotate(
            kind=Value(KIND_LABELS[model], output_field=TextField()),
            rank=SearchRank("search_vector", search_query),
            snippet=SearchHeadline(
                snippet_field,
                search_query,
                config="english",
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
            ),
        )
        .order_by("-rank")
        .values_list("kind", "slug", "rank", "snippet")[:RESULTS_PER_KIND]
        for model, (_, _, snippet_field) in SEARCHABLE.items()
    ]
    # Ordered, or the first kind's default ordering would apply to the union.
    return per_kind[0].union(*per_kind[1:], all=True).order_by("-rank")


def postgresql_hits(query: str, knowledge: Knowledge) -> list[Hit]:
    records = {
        (KIND_LABELS[model], record.slug): record
        for model in SEARCHABLE
        for record in published_records(model, knowledge)
    }
    rows = search_postgresql(query)
    facts = live_fact_values(knowledge, [snippet for *_, snippet in rows])
    words = query_words(query)
    hits = []
    for kind, slug, rank, snippet in rows:
        # Published in the database but not yet in this process's model (an
        # edit a moment ago): left out until the model has it.
        record = records.get((kind, slug))
        if record is None:
            continue
        title = getattr(record, TITLE_FIELDS[kind])
        hits.append(
            Hit(
                kind,
                title,
                record.get_absolute_url(),
                marked(strip_markdown(snippet, facts)),
                title_bonus(title, words) + float(rank),
            )
        )
    return hits


def query_words(query: str) -> list[str]:
    """The words of a query, without quotes, operators or negated words."""
    return [
        word.strip("\"'").lower()
        for word in query.split()
        if word.upper() != "OR" and not word.startswith("-") and word.strip("\"'")
    ]


def title_bonus(title: str, words: list[str]) -> int:
    """Titles that contain the words rank above body matches. Comparing the
    first five letters lets "relationships" match a title with "relationship"."""
    lowered = title.lower()
    return sum(1 for word in words if word[:5] in lowered)


def live_fact_values(knowledge: Knowledge, texts: list[str]) -> dict:
    """Current values of the live facts in these snippets, from the read model."""
    return live_facts_for("\n".join(texts), knowledge=knowledge)


def strip_markdown(text: str, facts=None) -> str:
    """Snippets are plain text: drop markdown symbols, show live facts' current values."""
    facts = facts or {}
    # A match marked inside a token ("{{ ipt.<mark>sessions</mark> }}") is still the token.
    text = re.sub(
        r"\{\{[^}]*\}\}", lambda token: token[0].replace(START, "").replace(STOP, ""), text
    )

    def value(token: re.Match) -> str:
        fact = facts.get((token[1], token[2]))
        return fact.value if fact else "…"

    text = LIVE_FACT.sub(value, text)
    text = re.sub(r"\{\{[^}]*\}\}", "…", text)
    # A highlighted extract can cut a token in half at either end.
    text = re.sub(r"\{\{[^}]*$", "…", text)
    text = re.sub(r"^[^{]*?\}\}", "…", text)
    return re.sub(r"[#*_`>\[\]]", "", text)


def simple_hits(model, query: str, knowledge: Knowledge) -> list[Hit]:
    """SQLite: every word somewhere in the record; a word in the title ranks higher."""
    title_field, weights, snippet_field = SEARCHABLE[model]
    words = query_words(query)
    fields = [field for group in weights.values() for field in group]
    found = [
        record
        for record in published_records(model, knowledge)
        if all(
            any(word.lower() in searchable_text(record, field).lower() for field in fields)
            for word in words
        )
    ]
    facts = live_fact_values(knowledge, [searchable_text(row, snippet_field) for row in found])
    hits = []
    for record in found:
        title = getattr(record, title_field)
        title_matches = sum(word.lower() in title.lower() for word in words)
        snippet = excerpt(strip_markdown(searchable_text(record, snippet_field), facts), words)
        hits.append(
            Hit(KIND_LABELS[model], title, record.get_absolute_url(), snippet, 1.0 + title_matches)
        )
    return sorted(hits, key=lambda hit: -hit.rank)[:RESULTS_PER_KIND]


def searchable_text(record, field: str) -> str:
    if field == "focus_label":
        return record.get_focus_display() if record.focus else ""
    return getattr(record, field) or ""


def excerpt(text: str, words: list[str], width: int = 90) -> SafeString:
    """About `width` characters either side of the first match, with matches marked."""
    lowered = text.lower()
    positions = [lowered.find(word.lower()) for word in words if word.lower() in lowered]
    start = max(0, min(positions) - width) if positions else 0
    piece = text[start : start + 2 * width]
    if start > 0 and " " in piece:
        piece = piece[piece.index(" ") + 1 :]  # start on a whole word
    for word in sorted(set(words), key=len, reverse=True):
        piece = re.sub(f"({re.escape(word)})", f"{START}\\1{STOP}", piece, flags=re.IGNORECASE)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + 2 * width < len(text) else ""
    return marked(prefix + piece + suffix)
