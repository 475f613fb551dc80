"""Reading a reader's chooser answers from the query string, and the therapy
facts the rules look at. The database side of articles/chooser/marking.py.

Nothing here stores, logs or sends anything: answers live only in the URL.
"""

from dataclasses import dataclass, field

from articles.chooser.marking import Answer, MarkingRule, TherapyProfile
from articles.models import Question, QuestionKind
from common.text import lower_first
from therapies.models import Focus, Therapy

MAX_VALUE_LENGTH = 100

# The safety question is the chooser's first, owned by code rather than an
# editable record: it must always be asked and always lead to urgent help.
RISK_KEY = "risk"
RISK_OPTIONS = {"yes": "Yes", "no": "No"}

# The answers to "what would you like help with?" that are not a condition.
SOMETHING_ELSE = "something-else"
NOT_SURE = "not-sure"
OTHER_HELP = {SOMETHING_ELSE: "Something else", NOT_SURE: "I'm not sure"}


@dataclass(frozen=True)
class ReadAnswers:
    answers: list[Answer]  # the preferences, with their rules
    chosen: dict[str, str]  # question key → value, to refill the form
    ignored: list[str]  # questions whose answer we could not read
    condition: str = ""  # a condition's slug, SOMETHING_ELSE, NOT_SURE or ""
    # Population answers (a group's web-address name or an age group), in order.
    populations: list[str] = field(default_factory=list)
    # What the reader said, in words, for the summary: (question, answer).
    said: list[tuple[str, str]] = field(default_factory=list)
    risk: str = ""  # "yes", "no" or "" (not answered)

    @property
    def at_risk(self) -> bool:
        """The reader said they have thoughts of ending their life or harming themselves."""
        return self.risk == "yes"


def rules_of(option) -> tuple[MarkingRule, ...]:
    return tuple(
        MarkingRule(rule.attribute, rule.operator, rule.value, rule.fits, rule.reason)
        for rule in option.rules.all()
    )


def read_answers(query, questions: list[Question], conditions: dict[str, str]) -> ReadAnswers:
    """Answers from a QueryDict. Unreadable answers are left out and named, never an error.

    `conditions` maps the slugs of the conditions a reader can pick to their names.
    """
    answers, chosen, ignored, populations, said = [], {}, [], [], []
    condition = ""
    # Asked more than once (an edited address), any "yes" counts: it fails safe.
    risks = [value for value in query.getlist(RISK_KEY) if value in RISK_OPTIONS]
    risk = "yes" if "yes" in risks else next(iter(risks), "")
    if risk:
        chosen[RISK_KEY] = risk
    for question in questions:
        values = [value for value in query.getlist(question.key) if value != ""]
        if not values:
            continue  # skipped
        value = values[0]
        if len(values) > 1 or len(value) > MAX_VALUE_LENGTH:
            ignored.append(question.text)
            continue
        if question.kind == QuestionKind.CONDITIONS:
            label = conditions.get(value) or OTHER_HELP.get(value)
            if label is None:
                ignored.append(question.text)
                continue
            condition = value
        else:
            option = next((o for o in question.options.all() if o.value == value), None)
            if option is None:
                ignored.append(question.text)
                continue
            label = option.label
            if question.kind == QuestionKind.POPULATION:
                populations.append(value)
            else:
                answers.append(Answer(question=question.text, label=label, rules=rules_of(option)))
        chosen[question.key] = value
        said.append((question.text, label))
    return ReadAnswers(answers, chosen, ignored, condition, populations, said, risk)


def profile_of(therapy: Therapy) -> TherapyProfile:
    """The attributes rules can test, and the words reasons can use.

    A brief format counts towards the shortest course, and every reason that
    uses it says what the brief format is (who it was made for).
    """
    shortest = min(filter(None, [therapy.brief_sessions, therapy.sessions_min]))
    brief_is_shortest = bool(
        therapy.brief_sessions and therapy.brief_sessions < therapy.sessions_min
    )
    brief_note = ""
    if brief_is_shortest:
        brief_note = f" That is its brief form, not its usual course ({therapy.session_range})."
        if therapy.brief_detail:
            brief_note += f" {therapy.brief_detail}"
    focus = therapy.focus
    return TherapyProfile(
        slug=therapy.slug,
        attributes={
            "focus": focus,
            "works_on_now": yes_no(
                focus in {Focus.CURRENT_THOUGHTS_ACTIONS, Focus.RECENT_EVENTS, Focus.BOTH}
            ),
            "early_patterns": yes_no(focus in {Focus.CHILDHOOD_PATTERNS, Focus.BOTH}),
            "looks_at_past": yes_no(
                focus in {Focus.CHILDHOOD_PATTERNS, Focus.BOTH, Focus.PAST_EVENTS}
            ),
            "stays_in_present": yes_no(
                focus in {Focus.CURRENT_THOUGHTS_ACTIONS, Focus.RECENT_EVENTS}
            ),
            "school": therapy.school.slug,
            "shortest_course": shortest,
            "longest_course": therapy.sessions_max,
            "maintenance": yes_no(therapy.maintenance),
            "structure": therapy.structure,
            "homework": therapy.homework,
            "one_to_one": yes_no(therapy.one_to_one),
            "in_a_group": yes_no(therapy.in_a_group),
            "group_only": yes_no(therapy.in_a_group and not therapy.one_to_one),
            "online": yes_no(therapy.online),
            "by_phone": yes_no(therapy.by_phone),
        },
        words={
            "name": therapy.name,
            "abbreviation": therapy.abbreviation,
            "focus": lower_first(therapy.focus_choice.label),
            "school": lower_first(therapy.school.name),
            "sessions": therapy.session_range,
            "shortest": str(shortest),
            "brief_note": brief_note,
        },
    )


def yes_no(value: bool) -> str:
    return "true" if value else "false"
