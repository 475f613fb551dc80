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
    same_answer: str
    # The first words of the answer, for the top of the page: "No. IPT and DIT are different therapies."
    headline: str = ""


def each(therapies: list[TherapyFacts], describe: Callable[[TherapyFacts], str]) -> str:
    """'IPT <describe(IPT)>; DIT <describe(DIT)>.'"""
    return "; ".join(f"{t.abbreviation} {describe(t)}" for t in therapies) + "."


def all_same(values: Iterable[object]) -> bool:
    return len(set(values)) <= 1


def provider_phrase(t: TherapyFacts) -> str:
    words = provider_words(t.provider_route, t.provider_background, t.min_supervised_hours)
    return f"can be offered by {lower_first(words)}"


def guideline_phrase(t: TherapyFacts) -> str:
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
        parts.append(f"is listed by name by NICE for {join_words(listed)}")
    if family:
        parts.append(f"belongs to a type of therapy NICE lists for {join_words(family)}")
    return " and ".join(parts) or "has no NICE listing in our records"


def duration_phrase(t: TherapyFacts) -> str:
    text = f"usually takes {t.sessions_text}"
    if t.brief_sessions:
        text += f", with a brief format of {t.brief_sessions} sessions"
    return text


def differences(therapies: list[TherapyFacts]) -> list[Difference]:
    """Plain sentences for every attribute on which the therapies differ."""
    found: list[Difference] = []

    if not all_same(t.school for t in therapies):
        found.append(
            Difference(
                "School of thought",
                "They come from different schools of thought: "
                + each(therapies, lambda t: f"is {lower_first(t.school)}"),
            )
        )
    if not all_same(t.focus for t in therapies):
        found.append(
            Difference(
                "Where they look for the root of problems",
                "They look for the root of problems in different places: "
                + each(therapies, lambda t: f"looks mainly at {Focus(t.focus).label.lower()}"),
            )
        )
    if not all_same(
        (t.provider_route, t.provider_background, t.min_supervised_hours) for t in therapies
    ):
        found.append(
            Difference(
                "Who can offer them",
                "Different people can offer them: " + each(therapies, provider_phrase),
            )
        )
    if not all_same(t.evidence_level for t in therapies) or not all_same(
        t.guidelines for t in therapies
    ):
        found.append(
            Difference(
                "Research and recommendations",
                "The research behind them differs: "
                + each(
                    therapies,
                    lambda t: (
                        f"has {EvidenceLevel(t.evidence_level).phrase} and {guideline_phrase(t)}"
                    ),
                ),
            )
        )
    shared = set.intersection(*(set(t.reviewed_uses) for t in therapies))
    extra = [(t, [c for c in t.reviewed_uses if c not in shared]) for t in therapies]
    if any(only for _, only in extra):
        found.append(
            Difference(
                "Evidence we have checked",
                "We have checked the evidence or NICE's advice for different problems: "
                + "; ".join(
                    f"only {t.abbreviation} has been checked for {join_words([lower_first(c) for c in only])}"
                    for t, only in extra
                    if only
                )
                + ".",
            )
        )
    if not all_same((t.sessions_min, t.sessions_max, t.brief_sessions) for t in therapies):
        found.append(
            Difference(
                "How long they last",
                "They last different lengths of time: " + each(therapies, duration_phrase),
            )
        )
    found += differences_in_how_it_runs(therapies)
    if not all_same(t.maintenance for t in therapies):
        # "Our sources don't say" is not "it cannot": say which is which.
        described = [t.abbreviation for t in therapies if t.maintenance]
        not_described = [t.abbreviation for t in therapies if not t.maintenance]
        found.append(
            Difference(
                "Long-term use",
                f"Our sources describe {join_words(described)} carrying on as occasional "
                "sessions to help people stay well. They do not describe this for "
                f"{join_words(not_described)}.",
            )
        )
    return found


STRUCTURE_PHRASES = {
    Structure.STRUCTURED: "has structured sessions that follow a plan towards goals",
    Structure.SOME: "has some structure, with room to talk freely",
    Structure.OPEN: "has open sessions where you talk about what matters to you",
}


def unknown_note(therapies: list[TherapyFacts], known: list[TherapyFacts]) -> str:
    missing = [t.abbreviation for t in therapies if t not in known]
    return f" Our sources do not say for {join_words(missing)}." if missing else ""


# Attributes our sources may not give for every therapy: (topic, opening words,
# the value or None when not known, how to describe one therapy's value).
HOW_IT_RUNS: list[
    tuple[str, str, Callable[[TherapyFacts], object], Callable[[TherapyFacts], str]]
] = [
    (
        "How sessions run",
        "Their sessions run differently: ",
        lambda t: None if t.structure == Structure.NOT_KNOWN else t.structure,
        lambda t: STRUCTURE_PHRASES[Structure(t.structure)],
    ),
    (
        "Tasks between sessions",
        "They differ in what you do between sessions: ",
        lambda t: None if t.homework == Homework.NOT_KNOWN else t.homework,
        lambda t: (
            "sets tasks or practice between sessions"
            if t.homework == Homework.YES
            else "sets no tasks between sessions"
        ),
    ),
    (
        "How it is offered",
        "Our sources describe them being offered in different ways: ",
        lambda t: t.ways or None,
        lambda t: f"is offered {join_words(list(t.ways), 'or')}",
    ),
    (
        "Where the NHS offers it",
        "NHS Talking Therapies usually offer them at different points: ",
        lambda t: None if t.nhs_step == NhsStep.NOT_KNOWN else t.nhs_step,
        lambda t: f"as {lower_first(NhsStep(t.nhs_step).label)}",
    ),
]


def differences_in_how_it_runs(therapies: list[TherapyFacts]) -> list[Difference]:
    """Differences in attributes our sources may not give for every therapy.

    A therapy whose value is not known is never compared: it is named as not
    known, so no sentence is false for any pair.
    """
    found = []
    for topic, opening, value, describe in HOW_IT_RUNS:
        known = [t for t in therapies if value(t) is not None]
        if len(known) >= 2 and not all_same(value(t) for t in known):
            sentence = opening + each(known, describe) + unknown_note(therapies, known)
            found.append(Difference(topic, sentence))
    return found


def in_common(therapies: list[TherapyFacts]) -> list[str]:
    """Plain sentences for what the therapies share."""
    common: list[str] = []
    both = "Both" if len(therapies) == 2 else "All of them"
    if all_same(t.school for t in therapies):
        common.append(f"{both} come from the {lower_first(therapies[0].school)} school of thought.")
    if all_same(t.focus for t in therapies):
        focus = Focus(therapies[0].focus).label.lower()
        common.append(f"{both} look mainly at {focus}.")
    shared = [c for c in therapies[0].reviewed_uses if all(c in t.reviewed_uses for t in therapies)]
    if shared:
        common.append(
            f"We have checked the evidence or NICE's advice on {both.lower()} for "
            f"{join_words([lower_first(c) for c in shared])}."
        )
    longest = max(t.sessions_max for t in therapies)
    common.append(f"{both} are time-limited: each usually lasts {longest} sessions or fewer.")
    if all_same(t.evidence_level for t in therapies):
        phrase = EvidenceLevel(therapies[0].evidence_level).phrase
        common.append(f"{both} have {phrase} overall.")
    return common


def headline(therapies: list[TherapyFacts], found: list[Difference]) -> str:
    names = join_words([t.abbreviation for t in therapies])
    if not found:
        return (
            f"{names} match on every fact we compare, but they are still separate therapies "
            "with their own training."
        )
    return f"No. {names} are different therapies."


def are_they_the_same(therapies: list[TherapyFacts], found: list[Difference]) -> str:
    if not found:
        return headline(therapies, found)
    topics = join_words([d.topic.lower() for d in found])
    return f"{headline(therapies, found)} They differ in {topics}."


def summary_lines(therapies: list[TherapyFacts]) -> list[str]:
    """One short line per therapy for the top of the page: school, focus, length."""
    return [
        f"{t.abbreviation}: {lower_first(t.school)}, looks mainly at "
        f"{Focus(t.focus).short_label}, usually {t.sessions_text}."
        for t in therapies
    ]


def compare(therapies: list[TherapyFacts]) -> Comparison:
    if len(therapies) < 2:
        raise ValueError("a comparison needs at least two therapies")
    found = differences(therapies)
    return Comparison(
        differences=found,
        in_common=in_common(therapies),
        same_answer=are_they_the_same(therapies, found),
        headline=headline(therapies, found),
    )
