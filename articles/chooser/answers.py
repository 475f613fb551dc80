"""Reading a reader's chooser answers from the query string, and the therapy
facts the rules look at. The database side of articles/chooser/scoring.py.

Nothing here stores, logs or sends anything: answers live only in the URL.
"""

from dataclasses import dataclass

from articles.chooser.scoring import Answer, ScoringRule, TherapyProfile
from articles.models import Question, QuestionKind
from common.text import lower_first
from therapies.claims import split_by_review
from therapies.models import Therapy

MAX_VALUE_LENGTH = 100


@dataclass(frozen=True)
class ReadAnswers:
    answers: list[Answer]
    chosen: dict[str, str]  # question key → value, to refill the form
    ignored: list[str]  # questions whose answer we could not read
    condition_slug: str = ""
    # The reader said they have thoughts of ending their life or harming themselves.
    at_risk: bool = False


# The safety question is the chooser's first, owned by code rather than an
# editable record: it must always be asked and always lead to urgent help.
RISK_KEY = "risk"
RISK_OPTIONS = {"yes": "Yes", "no": "No"}


def rules_of(option) -> tuple[ScoringRule, ...]:
    return tuple(
        ScoringRule(rule.attribute, rule.operator, rule.value, rule.weight, rule.reason)
        for rule in option.rules.all()
    )


def read_answers(query, questions: list[Question], conditions: dict[str, str]) -> ReadAnswers:
    """Answers from a QueryDict. Unreadable answers are left out and named, never an error.

    `conditions` maps condition slugs to names, for the conditions question.
    """
    answers, chosen, ignored, condition_slug = [], {}, [], ""
    risk = query.get(RISK_KEY, "")
    if risk in RISK_OPTIONS:
        chosen[RISK_KEY] = risk
    for question in questions:
        values = [value for value in query.getlist(question.key) if value != ""]
        if not values:
            continue  # skipped
        value = values[0]
        if len(values) > 1 or len(value) > MAX_VALUE_LENGTH:
            ignored.append(question.text)
            continue
        options = list(question.options.all())
        if question.kind == QuestionKind.CONDITIONS:
            if value not in conditions or not options:
                ignored.append(question.text)
                continue
            label, rules = conditions[value], rules_of(options[0])
            condition_slug = value
        else:
            option = next((o for o in options if o.value == value), None)
            if option is None:
                ignored.append(question.text)
                continue
            label, rules = option.label, rules_of(option)
        chosen[question.key] = value
        answers.append(Answer(question=question.text, label=label, rules=rules, value=value))
    return ReadAnswers(answers, chosen, ignored, condition_slug, at_risk=risk == "yes")


def profile_of(therapy: Therapy, condition_slug: str = "") -> TherapyProfile:
    """The attributes rules can test, and the words reasons can use.

    Only uses whose evidence an editor reviewed count (therapies/claims.py):
    the chooser never ranks on a use a source merely mentions. A brief format
    is a version of the therapy tested for particular problems, so it counts
    only when the reader named no problem or one the therapy has reviewed
    evidence for.
    """
    reviewed, _ = split_by_review(therapy.condition_links.all())
    reviewed_slugs = frozenset(link.condition.slug for link in reviewed)
    brief_applies = not condition_slug or condition_slug in reviewed_slugs
    brief = therapy.brief_sessions if brief_applies else None
    shortest = min(filter(None, [brief, therapy.sessions_min]))
    return TherapyProfile(
        slug=therapy.slug,
        attributes={
            "focus": therapy.focus,
            "school": therapy.school.slug,
            "provider_route": therapy.provider_route,
            "shortest_course": shortest,
            "longest_course": therapy.sessions_max,
            "maintenance": "true" if therapy.maintenance else "false",
            "evidence": therapy.evidence_level,
            "conditions": reviewed_slugs,
            "nice_less_severe": frozenset(
                link.condition.slug for link in reviewed if link.in_less_severe_table
            ),
            "nice_more_severe": frozenset(
                link.condition.slug for link in reviewed if link.in_more_severe_table
            ),
            "structure": therapy.structure,
            "homework": therapy.homework,
            "one_to_one": "true" if therapy.one_to_one else "false",
            "in_a_group": "true" if therapy.in_a_group else "false",
            "nhs_step": therapy.nhs_step,
        },
        words={
            "name": therapy.name,
            "abbreviation": therapy.abbreviation,
            "focus": lower_first(therapy.focus_choice.label),
            "school": lower_first(therapy.school.name),
            "sessions": therapy.session_range,
            "shortest": str(shortest),
        },
    )
