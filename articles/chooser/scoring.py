"""Scoring for "Which therapy is for me?": a pure function, no database, no HTTP.

Editors write rules over therapy *attributes* ("focus equals recent events",
"shortest course at most 8"), each with a weight and a reason. A reader's
answers pick rules; every rule that holds for a therapy adds its weight and
its reason. A therapy added later is scored by the same rules with no new code.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Attribute names rules may test, and what each means (shown to editors).
ATTRIBUTES: dict[str, str] = {
    "focus": "where it looks for the root of problems (recent_events, both, childhood_patterns)",
    "school": "school of thought (its web-address name, e.g. psychodynamic)",
    "provider_route": "who can provide it (any_trained, required_background)",
    "shortest_course": "fewest sessions it can take, counting a brief format",
    "longest_course": "most sessions in its usual course",
    "maintenance": "whether it can carry on as maintenance (true or false)",
    "evidence": "overall evidence (strong, moderate, limited, not_reviewed)",
    "conditions": "conditions with reviewed evidence for it (web-address names)",
    "nice_less_severe": "conditions whose NICE table for less severe cases lists it or its type "
    "of therapy (web-address names, e.g. depression)",
    "nice_more_severe": "conditions whose NICE table for more severe cases lists it or its type "
    "of therapy (web-address names, e.g. depression)",
    "structure": "how structured sessions are (structured, some, open, not_known)",
    "homework": "tasks between sessions (yes, no, not_known)",
    "one_to_one": "offered one to one (true or false)",
    "in_a_group": "offered in a group (true or false)",
    "nhs_step": "where the NHS usually offers it (low_intensity, high_intensity, "
    "relapse_prevention, not_known)",
}

OPERATORS: dict[str, str] = {
    "equals": "is",
    "not_equals": "is not",
    "at_most": "is at most (numbers)",
    "at_least": "is at least (numbers)",
    "includes": "includes (conditions, NICE tables)",
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
    "answer": "the answer the reader chose",
}


@dataclass(frozen=True)
class ScoringRule:
    attribute: str
    operator: str
    value: str
    weight: int
    reason: str


@dataclass(frozen=True)
class Answer:
    """One option a reader chose, with the rules it brings into play."""

    question: str
    label: str
    rules: tuple[ScoringRule, ...]
    value: str = ""  # what {answer} stands for, and what "includes" tests when rules leave it blank


@dataclass(frozen=True)
class TherapyProfile:
    slug: str
    attributes: Mapping[str, object]
    words: Mapping[str, str]  # values for reason placeholders


@dataclass
class Reason:
    text: str
    weight: int


@dataclass
class Ranked:
    slug: str
    score: int = 0
    reasons_for: list[Reason] = field(default_factory=list)
    reasons_against: list[Reason] = field(default_factory=list)


@dataclass(frozen=True)
class Result:
    ranked: list[Ranked]
    answered: int

    @property
    def nothing_answered(self) -> bool:
        return self.answered == 0

    @property
    def no_signal(self) -> bool:
        """Answers were given but no rule told the therapies apart."""
        return self.answered > 0 and all(
            not (r.reasons_for or r.reasons_against) for r in self.ranked
        )

    @property
    def top_tied(self) -> bool:
        return len(self.ranked) >= 2 and self.ranked[0].score == self.ranked[1].score

    @property
    def points_both_ways(self) -> bool:
        """A tie at the top, reasons against the top therapy, or reasons for more than one."""
        if len(self.ranked) < 2 or self.nothing_answered or self.no_signal:
            return False
        favoured = [entry for entry in self.ranked if entry.reasons_for]
        return self.top_tied or bool(self.ranked[0].reasons_against) or len(favoured) > 1


def as_number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def holds(rule: ScoringRule, attributes: Mapping[str, object], answer_value: str) -> bool:
    """Whether one rule is true of one therapy. Unknown attributes never hold."""
    if rule.attribute not in attributes:
        return False
    actual = attributes[rule.attribute]
    expected = rule.value or answer_value
    match rule.operator:
        case "equals":
            return str(actual).lower() == expected.lower()
        case "not_equals":
            return str(actual).lower() != expected.lower()
        case "at_most" | "at_least":
            left, right = as_number(actual), as_number(expected)
            if left is None or right is None:
                return False
            return left <= right if rule.operator == "at_most" else left >= right
        case "includes":
            return isinstance(actual, (set, frozenset, tuple, list)) and expected in actual
    return False


def fill_reason(template: str, words: Mapping[str, str]) -> str:
    """Replace {placeholders} with the therapy's facts. Plain substitution only:
    no attribute access or format specs, so a reason cannot reach into objects."""
    return PLACEHOLDER.sub(lambda m: words.get(m.group(1), m.group(0)), template)


def score(therapies: list[TherapyProfile], answers: list[Answer]) -> Result:
    """Rank therapies by how well the reader's answers fit their facts.

    Ties keep the order the therapies were given in (the site's order).
    """
    ranked = []
    for therapy in therapies:
        entry = Ranked(therapy.slug)
        for answer in answers:
            words = {**therapy.words, "answer": answer.label.lower()}
            for rule in answer.rules:
                if not holds(rule, therapy.attributes, answer.value):
                    continue
                entry.score += rule.weight
                reason = Reason(fill_reason(rule.reason, words), rule.weight)
                if rule.weight > 0:
                    entry.reasons_for.append(reason)
                elif rule.weight < 0:
                    entry.reasons_against.append(reason)
        ranked.append(entry)
    ranked.sort(key=lambda entry: -entry.score)  # stable: ties keep site order
    return Result(ranked=ranked, answered=len(answers))


def unknown_placeholders(template: str) -> list[str]:
    return [name for name in PLACEHOLDER.findall(template) if name not in REASON_PLACEHOLDERS]
