"""Marking options against a reader's preferences: a pure function, no database.

Editors write rules over therapy *attributes* ("works on what is happening
now", "offered in a group", "shortest course at most 8 sessions"), each saying
whether a therapy with that property *fits* what the reader said or *may fit
less well*, with a reason. A reader's answers pick rules, and every therapy
for which a rule holds gets its mark. A rule describes a property, so it
marks every therapy that has it, never one therapy by name; a therapy added
later is marked by the same rules with no new code.

Marks never reorder anything: the order of options is the guideline's
(therapies/options.py). `fits_most` only names which options fit most of
what the reader said.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

# Attribute names rules may test, and what each means (shown to editors).
ATTRIBUTES: dict[str, str] = {
    "focus": "where it looks for the root of problems (current_thoughts_actions, recent_events, "
    "what_you_bring, both, past_events, childhood_patterns)",
    "works_on_now": "works on what is happening in your life now (true or false)",
    "early_patterns": "looks at patterns learned early in life, such as in childhood (true or "
    "false)",
    "looks_at_past": "looks at the past: patterns from childhood, or the memory of an event "
    "(true or false)",
    "stays_in_present": "stays mostly in the present, with little about the past (true or false)",
    "school": "school of thought (its web-address name, e.g. psychodynamic)",
    "shortest_course": "fewest sessions it can take, counting a brief format",
    "longest_course": "most sessions in its usual course",
    "maintenance": "whether it can carry on to help you stay well (true or false)",
    "structure": "how structured sessions are (structured, some, open, not_known)",
    "homework": "tasks between sessions (yes, no, not_known)",
    "one_to_one": "our sources describe it one to one (true or false)",
    "in_a_group": "our sources describe it in a group (true or false)",
    "group_only": "our sources describe it only in a group (true or false)",
    "online": "our sources describe it online or by video (true or false)",
    "by_phone": "our sources describe it by phone (true or false)",
}

# How a therapy is given and for how long. A guideline may list one therapy
# more than once in a group, given in different ways (group CBT-ED and
# individual CBT-ED; lower and higher intensity CBT), so what the therapy's
# own record says about these is not true of each of those options.
DELIVERY_ATTRIBUTES = frozenset(
    {
        "shortest_course",
        "longest_course",
        "one_to_one",
        "in_a_group",
        "group_only",
        "online",
        "by_phone",
    }
)

OPERATORS: dict[str, str] = {
    "equals": "is",
    "not_equals": "is not",
    "at_most": "is at most (numbers)",
    "at_least": "is at least (numbers)",
}

# Placeholders a reason may use: {name} is filled from the therapy's facts.
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
REASON_PLACEHOLDERS: dict[str, str] = {
    "name": "full name",
    "abbreviation": "short name",
    "focus": "where it looks for the root of problems, in words",
    "school": "school of thought, in words",
    "sessions": "usual number of sessions, e.g. '12 to 16 sessions'",
    "shortest": "fewest sessions, counting a brief format",
    "brief_note": "what its brief format is, when the shortest course is one (or nothing)",
    "answer": "the answer the reader chose",
}


@dataclass(frozen=True)
class MarkingRule:
    attribute: str
    operator: str
    value: str
    fits: bool
    reason: str


@dataclass(frozen=True)
class Answer:
    """One option a reader chose, with the rules it brings into play."""

    question: str
    label: str
    rules: tuple[MarkingRule, ...]


@dataclass(frozen=True)
class TherapyProfile:
    slug: str
    attributes: Mapping[str, object]
    words: Mapping[str, str]  # values for reason placeholders


@dataclass(frozen=True)
class Marks:
    fits: tuple[str, ...]  # reasons it fits what the reader said
    fits_less: tuple[str, ...]  # reasons it may fit less well

    @property
    def balance(self) -> int:
        return len(self.fits) - len(self.fits_less)


NO_MARKS = Marks((), ())


def without_delivery(therapy: TherapyProfile) -> TherapyProfile:
    """The profile with nothing about how the therapy is given or for how long:
    rules on those attributes then mark nothing (see DELIVERY_ATTRIBUTES)."""
    attributes = {k: v for k, v in therapy.attributes.items() if k not in DELIVERY_ATTRIBUTES}
    return replace(therapy, attributes=attributes)


def as_number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def holds(rule: MarkingRule, attributes: Mapping[str, object]) -> bool:
    """Whether one rule is true of one therapy. Unknown attributes never hold."""
    if rule.attribute not in attributes:
        return False
    actual = attributes[rule.attribute]
    match rule.operator:
        case "equals":
            return str(actual).lower() == rule.value.lower()
        case "not_equals":
            return str(actual).lower() != rule.value.lower()
        case "at_most" | "at_least":
            left, right = as_number(actual), as_number(rule.value)
            if left is None or right is None:
                return False
            return left <= right if rule.operator == "at_most" else left >= right
    return False


def fill_reason(template: str, words: Mapping[str, str]) -> str:
    """Replace {placeholders} with the therapy's facts. Plain substitution only:
    no attribute access or format specs, so a reason cannot reach into objects."""
    return PLACEHOLDER.sub(lambda m: words.get(m.group(1), m.group(0)), template)


def marks(therapy: TherapyProfile, answers: Sequence[Answer]) -> Marks:
    """What fits the reader's answers about this therapy, and what may fit less well."""
    fits: list[str] = []
    fits_less: list[str] = []
    for answer in answers:
        words = {**therapy.words, "answer": answer.label.lower()}
        for rule in answer.rules:
            if holds(rule, therapy.attributes):
                (fits if rule.fits else fits_less).append(fill_reason(rule.reason, words))
    return Marks(tuple(fits), tuple(fits_less))


def fits_most(marked: Mapping[str, Marks]) -> list[str]:
    """The keys whose marks fit most of what the reader said (most fits less
    misfits, above zero), in the order given. Empty when nothing fits."""
    best = max((m.balance for m in marked.values()), default=0)
    if best <= 0:
        return []
    return [key for key, m in marked.items() if m.balance == best]


@dataclass(frozen=True)
class AnswerFit:
    """For one thing the reader said, the therapies it fits and those it may fit less well."""

    answer: Answer
    fits: tuple[str, ...]  # keys, in the order given
    fits_less: tuple[str, ...]


def fit_by_answer(
    therapies: Mapping[str, TherapyProfile], answers: Sequence[Answer]
) -> list[AnswerFit]:
    """What matters to the reader, answer by answer: which therapies each answer's
    rules mark as fitting and which as fitting less well (the same rules as
    `marks`, read the other way round). Answers that mark nothing are left out."""
    fits_by_answer = []
    for answer in answers:
        fits = [
            key
            for key, t in therapies.items()
            if any(rule.fits and holds(rule, t.attributes) for rule in answer.rules)
        ]
        fits_less = [
            key
            for key, t in therapies.items()
            if any(not rule.fits and holds(rule, t.attributes) for rule in answer.rules)
        ]
        if fits or fits_less:
            fits_by_answer.append(AnswerFit(answer, tuple(fits), tuple(fits_less)))
    return fits_by_answer


def unknown_placeholders(template: str) -> list[str]:
    return [name for name in PLACEHOLDER.findall(template) if name not in REASON_PLACEHOLDERS]
