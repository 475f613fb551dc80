"""Comparing therapies in words: key differences and things in common.

Pure functions over plain snapshots of therapy facts: no database, no HTTP.
Every sentence is derived from attributes, so a new therapy or an edited fact
needs no new code and no hand-written text per pair.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from common.text import join_words, lower_first, range_phrase
from therapies.facts import provider_words
from therapies.models import EvidenceLevel, Focus, GuidelineStatus, Homework, NhsStep, Structure


@dataclass(frozen=True)
class TherapyFacts:
    """The attributes a comparison looks at, for one therapy."""

    abbreviation: str
    school: str
    focus: str  # a Focus value
    provider_route: str  # a ProviderRoute value
    provider_background: str
    min_supervised_hours: int | None
    sessions_min: int
    sessions_max: int
    brief_sessions: int | None
    maintenance: bool
    evidence_level: str  # an EvidenceLevel value
    # Condition names whose evidence an editor has reviewed (see therapies/claims.py).
    # Uses a source merely mentions are left out: no sentence here may state them.
    reviewed_uses: tuple[str, ...] = ()
    # (condition name, GuidelineStatus value) for conditions NICE covers
    guidelines: tuple[tuple[str, str], ...] = ()
    # Ways it is offered, as our sources say ("one to one", "in a group", ...).
    ways: tuple[str, ...] = ()
    structure: str = Structure.NOT_KNOWN
    homework: str = Homework.NOT_KNOWN
    nhs_step: str = NhsStep.NOT_KNOWN

    @property
    def sessions_text(self) -> str:
        return range_phrase(self.sessions_min, self.sessions_max, "sessions")


@dataclass(frozen=True)
class Difference:
    topic: str
    sentence: str


@dataclass(frozen=True)
class Comparison:
    differences: list[Difference]
    in_common: list[str]
    # The page's heading, the line under it and its description for search engines.
    heading: str
    lede: str
    description: str


def agree(singular: str, plural: str, many: bool) -> str:
    """The verb that agrees with one therapy or with several: 'is' or 'are'."""
    return plural if many else singular


# What a sentence says of one therapy, or of several sharing the value
# (many=True): "is psychosocial" / "are psychosocial".
Describe = Callable[[TherapyFacts, bool], str]


def grouped(therapies: list[TherapyFacts], describe: Describe) -> list[str]:
    """One clause per distinct value, naming every therapy that has it, in page order:
    ["CBT and BA are cognitive and behavioural", "Counselling is humanistic"].

    Therapies are grouped by the words said of them, not by the record's fields,
    so two values that read the same are never set against each other.
    """
    groups: dict[str, list[TherapyFacts]] = {}
    for t in therapies:
        groups.setdefault(describe(t, False), []).append(t)
    return [
        f"{names(members)} {describe(members[0], len(members) > 1)}" for members in groups.values()
    ]


def names(therapies: list[TherapyFacts]) -> str:
    return join_words([t.abbreviation for t in therapies])


def all_same(values: Iterable[object]) -> bool:
    return len(set(values)) <= 1


def school_phrase(t: TherapyFacts, many: bool) -> str:
    return f"{agree('is', 'are', many)} {lower_first(t.school)}"


def focus_phrase(t: TherapyFacts, many: bool) -> str:
    return f"{agree('looks', 'look', many)} mainly at {Focus(t.focus).label.lower()}"


def provider_phrase(t: TherapyFacts, many: bool) -> str:
    words = provider_words(t.provider_route, t.provider_background, t.min_supervised_hours)
    return f"can be offered by {lower_first(words)}"


def evidence_phrase(t: TherapyFacts, many: bool) -> str:
    return f"{agree('has', 'have', many)} {EvidenceLevel(t.evidence_level).phrase}"


def guideline_phrase(t: TherapyFacts, many: bool) -> str:
    listed = [
        lower_first(name) for name, status in t.guidelines if status == GuidelineStatus.LISTED
    ]
    family = [
        lower_first(name)
        for name, status in t.guidelines
        if status == GuidelineStatus.FAMILY_LISTED
    ]
    parts = []
    if listed:
        parts.append(f"{agree('is', 'are', many)} listed by name by NICE for {join_words(listed)}")
    if family:
        parts.append(
            f"{agree('belongs', 'belong', many)} to a type of therapy NICE lists for "
            f"{join_words(family)}"
        )
    return " and ".join(parts) or f"{agree('has', 'have', many)} no NICE listing in our records"


def duration_phrase(t: TherapyFacts, many: bool) -> str:
    return f"usually {agree('takes', 'take', many)} {t.sessions_text}"


def brief_phrase(t: TherapyFacts, many: bool) -> str:
    if t.brief_sessions:
        return f"{agree('has', 'have', many)} a brief format of {t.brief_sessions} sessions"
    # Absence from our sources is not absence from the world.
    return f"{agree('has', 'have', many)} no brief format that our sources describe"


# Topics every therapy has a value for: (topic, opening words, how to describe a value).
TOPICS: list[tuple[str, str, Describe]] = [
    ("School of thought", "They come from different schools of thought: ", school_phrase),
    (
        "Where they look for the root of problems",
        "They look for the root of problems in different places: ",
        focus_phrase,
    ),
    ("Who can offer them", "Different people can offer them: ", provider_phrase),
    ("How much research there is", "The research behind them differs: ", evidence_phrase),
    ("NICE guidance", "NICE's guidance differs: ", guideline_phrase),
]


def difference(topic: str, opening: str, clauses: list[str], note: str = "") -> Difference:
    return Difference(topic, opening + "; ".join(clauses) + "." + note)


def differences(therapies: list[TherapyFacts]) -> list[Difference]:
    """Plain sentences for every attribute on which the therapies differ.

    A topic on which all of them agree is never a difference (see in_common);
    therapies that share a value are named together.
    """
    found: list[Difference] = []
    for topic, opening, describe in TOPICS:
        clauses = grouped(therapies, describe)
        if len(clauses) > 1:
            found.append(difference(topic, opening, clauses))
    checked = checked_differently(therapies)
    if checked:
        found.append(
            difference(
                "Evidence we have checked",
                "We have checked the evidence or NICE's advice for different problems: ",
                checked,
            )
        )
    for topic, opening, describe in [
        ("How long they last", "They last different lengths of time: ", duration_phrase),
        ("Brief format", "Their brief formats differ: ", brief_phrase),
    ]:
        clauses = grouped(therapies, describe)
        if len(clauses) > 1:
            found.append(difference(topic, opening, clauses))
    found += differences_in_how_it_runs(therapies)
    if not all_same(t.maintenance for t in therapies):
        # "Our sources don't say" is not "it cannot": say which is which.
        described = [t for t in therapies if t.maintenance]
        not_described = [t for t in therapies if not t.maintenance]
        found.append(
            Difference(
                "Long-term use",
                f"Our sources describe {names(described)} carrying on as occasional "
                "sessions to help people stay well. They do not describe this for "
                f"{names(not_described)}.",
            )
        )
    return found


def checked_differently(therapies: list[TherapyFacts]) -> list[str]:
    """ "only CBT and BA have been checked for anxiety": one clause per set of
    therapies, for the problems checked for some of them but not all."""
    problems = list(dict.fromkeys(c for t in therapies for c in t.reviewed_uses))
    by_holders: dict[tuple[str, ...], list[str]] = {}
    for problem in problems:
        holders = tuple(t.abbreviation for t in therapies if problem in t.reviewed_uses)
        if len(holders) < len(therapies):
            by_holders.setdefault(holders, []).append(lower_first(problem))
    return [
        f"only {join_words(list(holders))} {agree('has', 'have', len(holders) > 1)} been "
        f"checked for {join_words(checked)}"
        for holders, checked in by_holders.items()
    ]


STRUCTURE_PHRASES = {
    Structure.STRUCTURED: "structured sessions that follow a plan towards goals",
    Structure.SOME: "some structure, with room to talk freely",
    Structure.OPEN: "open sessions where you talk about what matters to you",
}


def structure_phrase(t: TherapyFacts, many: bool) -> str:
    return f"{agree('has', 'have', many)} {STRUCTURE_PHRASES[Structure(t.structure)]}"


def homework_phrase(t: TherapyFacts, many: bool) -> str:
    tasks = "tasks or practice" if t.homework == Homework.YES else "no tasks"
    return f"{agree('sets', 'set', many)} {tasks} between sessions"


def ways_phrase(t: TherapyFacts, many: bool) -> str:
    return f"{agree('is', 'are', many)} offered {join_words(list(t.ways), 'or')}"


def nhs_phrase(t: TherapyFacts, many: bool) -> str:
    return f"as {lower_first(NhsStep(t.nhs_step).label)}"


def unknown_note(therapies: list[TherapyFacts], known: list[TherapyFacts]) -> str:
    missing = [t for t in therapies if t not in known]
    return f" Our sources do not say for {names(missing)}." if missing else ""


# Attributes our sources may not give for every therapy: (topic, opening words,
# the value or None when not known, how to describe a value, what all of them
# sharing it reads as, given "Both" or "All of them").
HOW_IT_RUNS: list[
    tuple[
        str,
        str,
        Callable[[TherapyFacts], object],
        Describe,
        Callable[[str, TherapyFacts], str],
    ]
] = [
    (
        "How sessions run",
        "Their sessions run differently: ",
        lambda t: None if t.structure == Structure.NOT_KNOWN else t.structure,
        structure_phrase,
        lambda both, t: f"{both} {structure_phrase(t, True)}.",
    ),
    (
        "Tasks between sessions",
        "They differ in what you do between sessions: ",
        lambda t: None if t.homework == Homework.NOT_KNOWN else t.homework,
        homework_phrase,
        lambda both, t: f"{both} {homework_phrase(t, True)}.",
    ),
    (
        "How it is offered",
        "Our sources describe them being offered in different ways: ",
        lambda t: t.ways or None,
        ways_phrase,
        lambda both, t: (
            f"Our sources describe {both.lower()} being offered {join_words(list(t.ways), 'or')}."
        ),
    ),
    (
        "Where the NHS offers it",
        "NHS Talking Therapies usually offer them at different points: ",
        lambda t: None if t.nhs_step == NhsStep.NOT_KNOWN else t.nhs_step,
        nhs_phrase,
        lambda both, t: (
            f"NHS Talking Therapies usually offer {both.lower()} {nhs_phrase(t, True)}."
        ),
    ),
]


def differences_in_how_it_runs(therapies: list[TherapyFacts]) -> list[Difference]:
    """Differences in attributes our sources may not give for every therapy.

    A therapy whose value is not known is never compared: it is named as not
    known, so no sentence is false for any pair.
    """
    found = []
    for topic, opening, value, describe, _ in HOW_IT_RUNS:
        known = [t for t in therapies if value(t) is not None]
        clauses = grouped(known, describe)
        if len(clauses) > 1:
            found.append(difference(topic, opening, clauses, unknown_note(therapies, known)))
    return found


def in_common(therapies: list[TherapyFacts]) -> list[str]:
    """Plain sentences for what the therapies share: every topic on which they
    all agree. What our sources do not describe for any of them (no brief
    format, no long-term use, not known) is not something they share."""
    common: list[str] = []
    both = "Both" if len(therapies) == 2 else "All of them"
    first = therapies[0]
    if all_same(t.school for t in therapies):
        common.append(f"{both} come from the {lower_first(first.school)} school of thought.")
    if all_same(t.focus for t in therapies):
        common.append(f"{both} look mainly at {Focus(first.focus).label.lower()}.")
    if all_same(provider_phrase(t, True) for t in therapies):
        common.append(f"{both} {provider_phrase(first, True)}.")
    shared = [c for c in first.reviewed_uses if all(c in t.reviewed_uses for t in therapies)]
    if shared:
        common.append(
            f"We have checked the evidence or NICE's advice on {both.lower()} for "
            f"{join_words([lower_first(c) for c in shared])}."
        )
    if all_same(t.sessions_text for t in therapies):
        common.append(f"{both} are time-limited: each usually takes {first.sessions_text}.")
    else:
        longest = max(t.sessions_max for t in therapies)
        common.append(f"{both} are time-limited: each usually lasts {longest} sessions or fewer.")
    if first.brief_sessions and all_same(t.brief_sessions for t in therapies):
        common.append(f"{both} {brief_phrase(first, True)}.")
    if all(t.maintenance for t in therapies):
        common.append(
            f"Our sources describe {both.lower()} carrying on as occasional sessions "
            "to help people stay well."
        )
    if all_same(t.evidence_level for t in therapies):
        common.append(f"{both} have {EvidenceLevel(first.evidence_level).phrase} overall.")
    if first.guidelines and all_same(guideline_phrase(t, True) for t in therapies):
        common.append(f"{both} {guideline_phrase(first, True)}.")
    for _, _, value, _, shared_sentence in HOW_IT_RUNS:
        if value(first) is not None and all_same(value(t) for t in therapies):
            common.append(shared_sentence(both, first))
    return common


def asks_if_same(article_title: str) -> bool:
    """Whether an article's title asks "are they the same?", as the seed article
    about IPT and DIT does (see comparison_page in views.py)."""
    return article_title.strip().lower().endswith("are they the same?")


def summary_lines(therapies: list[TherapyFacts]) -> list[str]:
    """One short line per therapy for the top of the page: school, focus, length."""
    return [
        f"{t.abbreviation}: {lower_first(t.school)}, looks mainly at "
        f"{Focus(t.focus).short_label}, usually {t.sessions_text}."
        for t in therapies
    ]


def compare(therapies: list[TherapyFacts], *, asks_if_same: bool = False) -> Comparison:
    """Key differences and things in common. Only a page that asks "are they the
    same?" gets the question and its answer; others are a plain comparison."""
    if len(therapies) < 2:
        raise ValueError("a comparison needs at least two therapies")
    found = differences(therapies)
    together = names(therapies)
    topics = join_words([lower_first(d.topic) for d in found])
    if not found:
        lede = (
            f"{together} match on every fact we compare, but they are still separate "
            "therapies with their own training."
        )
        description = lede
    elif asks_if_same:
        lede = f"No. {together} are different therapies."
        description = f"{lede} They differ in {topics}."
    else:
        lede = description = f"{together} differ in {topics}."
    if asks_if_same:
        heading = " vs ".join(t.abbreviation for t in therapies) + ": are they the same?"
    else:
        heading = f"{together} compared"
    return Comparison(found, in_common(therapies), heading, lede, description)
