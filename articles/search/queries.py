"""One search over therapies, conditions and articles.

PostgreSQL: full-text search with English stemming, `websearch` syntax (quotes,
OR, -word), weighted fields (titles first) and highlighted snippets. Each
searchable model keeps a stored, weighted `search_vector`, refreshed when a
record is saved (signals connected in articles/apps.py) and indexed with GIN
(created by a migration that runs only on PostgreSQL).

SQLite: a simple fallback: every word must appear somewhere, title matches
rank first. Nothing searched for is stored or logged: on PostgreSQL the words
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
from django.db.models import Case, Q, TextField, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.editorial.live_facts import live_facts_for
from articles.editorial.markdown import LIVE_FACT
from articles.models import Article
from therapies.models import Condition, Focus, Therapy

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


def published(model):
    if model is Condition:
        return Condition.objects.with_published_therapies()
    return model.objects.published()


def search(raw_query: str) -> list[Hit]:
    query = clean_query(raw_query)
    if not query:
        return []
    if connection.vendor == "postgresql":
        hits = [hit for model in SEARCHABLE for hit in search_postgresql(model, query)]
    else:
        hits = [hit for model in SEARCHABLE for hit in search_simple(model, query)]
    return sorted(hits, key=lambda hit: -hit.rank)


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


def search_postgresql(model, query: str) -> list[Hit]:
    with parameters_apart_from_statement():
        return postgresql_hits(model, query)


def postgresql_hits(model, query: str) -> list[Hit]:
    title_field, _, snippet_field = SEARCHABLE[model]
    search_query = SearchQuery(query, search_type="websearch", config="english")
    rows = (
        published(model)
        .filter(search_vector=search_query)
        .annotate(
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
        .order_by("-rank")[:RESULTS_PER_KIND]
    )
    rows = list(rows)
    facts = live_fact_values([row.snippet for row in rows])
    words = query_words(query)
    return [
        Hit(
            KIND_LABELS[model],
            getattr(row, title_field),
            row.get_absolute_url(),
            marked(strip_markdown(row.snippet, facts)),
            title_bonus(getattr(row, title_field), words) + float(row.rank),
        )
        for row in rows
    ]


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


def live_fact_values(texts: list[str]) -> dict:
    """Current values of the live facts in these snippets: one query, none without any."""
    return live_facts_for("\n".join(texts))


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


def search_simple(model, query: str) -> list[Hit]:
    """SQLite fallback: every word somewhere; a word in the title ranks higher."""
    title_field, weights, snippet_field = SEARCHABLE[model]
    words = query_words(query)
    fields = [field for group in weights.values() for field in group]
    rows = published(model).annotate(
        **{name: make() for name, make in EXPRESSIONS.items() if name in fields}
    )
    for word in words:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        rows = rows.filter(condition)
    hits = []
    rows = list(rows.annotate(rank=Value(0.0))[: RESULTS_PER_KIND * 5])
    facts = live_fact_values([getattr(row, snippet_field) or "" for row in rows])
    for row in rows:
        title = getattr(row, title_field)
        title_matches = sum(word.lower() in title.lower() for word in words)
        snippet = excerpt(strip_markdown(getattr(row, snippet_field) or "", facts), words)
        hits.append(
            Hit(KIND_LABELS[model], title, row.get_absolute_url(), snippet, 1.0 + title_matches)
        )
    return sorted(hits, key=lambda hit: -hit.rank)[:RESULTS_PER_KIND]


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
