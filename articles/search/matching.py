"""Matching a reader's words against a few hundred short documents, in memory.

Pure: no database, no Django. The search (articles/search/queries.py) builds
one Document per published therapy, condition and article from the read
model and asks which match a Query, and how well.

- Words are compared by a light stem ("relationships" finds "relationship",
  "bingeing" finds "binge"), so a reader need not guess our exact form.
- A misspelt word still finds its record when it is close enough to a word
  there: similarity of their letter triples, as PostgreSQL's pg_trgm
  measures it ("therepy" finds "therapy"), for words of five letters or more.
- Web-search syntax: "a phrase" in quotes, OR between alternatives, and
  -word to leave out records that have it.
- Every word must match somewhere (small words like "the" and "my" are
  ignored unless they are all the query has). A match in a heavier field
  (a title, a synonym) counts for more; a near match counts for less.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
# Shorter words are too easy to misspell into another word.
MIN_FUZZY_LENGTH = 5
MIN_SIMILARITY = 0.4
NEAR_MATCH_FACTOR = 0.5

STOP_WORDS = frozenset(
    "a all an and are as at be been but by can do for from had has have how i im "
    "in is it its me my myself of on or our so that the their them there they this "
    "to was we what when which who why will with you your".split()
)


def normalise(text: str) -> str:
    """Lower case without accents: "Café" and "cafe" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", normalise(text))


@cache
def stem(word: str) -> str:
    """A light English stem, the same for a word and its plural or -ing form."""
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    else:
        if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
    # "bingeing" → "binge", "binged" → "bing": both end as "bing".
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


@cache
def trigrams(word: str) -> frozenset[str]:
    padded = f"  {word} "
    return frozenset(padded[index : index + 3] for index in range(len(padded) - 2))


def similarity(first: str, second: str) -> float:
    """pg_trgm's similarity: shared letter triples over all of them."""
    a, b = trigrams(first), trigrams(second)
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class Field:
    text: str
    weight: float
    stems: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "stems", tuple(stem(word) for word in words_of(self.text)))


@dataclass(frozen=True)
class Document:
    key: object  # whatever the caller needs back: the record
    fields: tuple[Field, ...]
    vocabulary: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        stems = frozenset(s for one in self.fields for s in one.stems)
        object.__setattr__(self, "vocabulary", stems)


@dataclass(frozen=True)
class Term:
    """One word, or a phrase: the stems that must appear in this order."""

    stems: tuple[str, ...]
    words: tuple[str, ...]  # as the reader typed them, for highlighting


@dataclass(frozen=True)
class Query:
    clauses: tuple[tuple[Term, ...], ...]  # every clause must match; any term of one
    excluded: tuple[Term, ...] = ()

    @property
    def words(self) -> list[str]:
        """The reader's words that a match shows, longest first."""
        found = {word for clause in self.clauses for term in clause for word in term.words}
        return sorted(found, key=len, reverse=True)


def clean(raw: str) -> str:
    """The query as we use it: trimmed, without control characters, bounded."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", raw or "")
    return " ".join(text.split()[:MAX_WORDS])[:MAX_QUERY_LENGTH]


def parse(raw: str) -> Query:
    """Quoted phrases, OR between alternatives, -word to leave out."""
    pieces = re.findall(r'(-?)"([^"]*)"|(\S+)', clean(raw))
    terms: list[tuple[bool, Term] | None] = []  # None stands for OR
    for negated, phrase, word in pieces:
        if word == "OR":
            terms.append(None)
            continue
        negated = negated or (word.startswith("-") and len(word) > 1)
        text = phrase if phrase or not word else word.lstrip("-")
        words = tuple(words_of(text))
        if words:
            terms.append((bool(negated), Term(tuple(stem(w) for w in words), words)))
    clauses: list[list[Term]] = []
    excluded: list[Term] = []
    joined = False
    for item in terms:
        if item is None:
            joined = bool(clauses)
            continue
        negated, term = item
        if negated:
            excluded.append(term)
        elif joined:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        joined = False
    return Query(tuple(tuple(clause) for clause in without_small_words(clauses)), tuple(excluded))


def without_small_words(clauses: list[list[Term]]) -> list[list[Term]]:
    """Leave out clauses of one small word ("the", "my"), unless nothing else is left."""
    kept = [
        clause
        for clause in clauses
        if len(clause) > 1 or len(clause[0].words) > 1 or clause[0].words[0] not in STOP_WORDS
    ]
    return kept or clauses


def term_score(term: Term, document: Document) -> float:
    """How well one term matches: the heaviest field it is in (a near match counts less)."""
    best = 0.0
    for one in document.fields:
        if contains(one.stems, term.stems):
            best = max(best, one.weight)
    if best or len(term.stems) != 1:
        return best
    word = term.stems[0]
    if len(word) < MIN_FUZZY_LENGTH:
        return 0.0
    for one in document.fields:
        if any(
            abs(len(candidate) - len(word)) <= 3 and similarity(word, candidate) >= MIN_SIMILARITY
            for candidate in one.stems
        ):
            best = max(best, one.weight * NEAR_MATCH_FACTOR)
    return best


def contains(stems: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    if len(wanted) == 1:
        return wanted[0] in stems
    return any(
        stems[index : index + len(wanted)] == wanted
        for index in range(len(stems) - len(wanted) + 1)
    )


def score(query: Query, document: Document) -> float:
    """0 when the document does not match; otherwise higher is better."""
    if not query.clauses:
        return 0.0
    if any(contains_anywhere(term, document) for term in query.excluded):
        return 0.0
    total = 0.0
    for clause in query.clauses:
        best = max(term_score(term, document) for term in clause)
        if not best:
            return 0.0
        total += best
    return total


def contains_anywhere(term: Term, document: Document) -> bool:
    return any(contains(one.stems, term.stems) for one in document.fields)


def near_words(query: Query, text: str) -> list[str]:
    """The words of `text` that the query matched, as they are written there,
    so a snippet can mark them: each term's exact matches, or its near
    matches when it has none."""
    written = set(re.findall(r"\w+", text))
    stems = {word: stem(normalise(word)) for word in written}
    found: set[str] = set()
    for clause in query.clauses:
        for term in clause:
            if len(term.stems) != 1:
                # A phrase: mark its words where they appear.
                found |= {word for word in written if stems[word] in term.stems}
                continue
            target = term.stems[0]
            exact = {word for word in written if stems[word] == target}
            if not exact and len(target) >= MIN_FUZZY_LENGTH:
                exact = {
                    word for word in written if similarity(stems[word], target) >= MIN_SIMILARITY
                }
            found |= exact
    return sorted(found, key=len, reverse=True)
