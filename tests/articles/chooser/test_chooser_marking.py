"""Marking options against a reader's preferences, as a pure unit: no database.

The rules here are the starter rules (articles/starter_data/questions.yaml),
so the seed article's scenarios are tested as readers meet them.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.chooser.marking import (
    ATTRIBUTES,
    Answer,
    MarkingRule,
    Marks,
    TherapyProfile,
    fill_reason,
    fit_by_answer,
    fits_most,
    holds,
    marks,
)
from articles.starter import QUESTIONS


def profile(slug: str, focus: str, **attributes) -> TherapyProfile:
    present = focus in {"current_thoughts_actions", "recent_events"}
    return TherapyProfile(
        slug=slug,
        attributes={
            "focus": focus,
            "works_on_now": str(present or focus == "both").lower(),
            "early_patterns": str(focus in {"childhood_patterns", "both"}).lower(),
            "looks_at_past": str(focus in {"childhood_patterns", "both", "past_events"}).lower(),
            "stays_in_present": str(present).lower(),
            **attributes,
        },
        words={
            "abbreviation": slug.upper(),
            "focus": focus.replace("_", " "),
            "sessions": "some sessions",
            "shortest": "8",
            "brief_note": "",
        },
    )


IPT = profile("ipt", "recent_events", shortest_course=8, maintenance="true")
CBT = profile("cbt", "current_thoughts_actions", shortest_course=5, homework="yes")
DIT = profile("dit", "childhood_patterns", shortest_course=16)
EMDR = profile("emdr", "past_events", shortest_course=6)
COUNSELLING = profile("counselling", "what_you_bring", shortest_course=6)


def answer(key: str, value: str) -> Answer:
    """The starter question's option, as the view builds it."""
    question = next(q for q in QUESTIONS if q["key"] == key)
    rules = next(option for option in question["options"] if option[0] == value)[2]
    return Answer(
        question=question["text"],
        label=value,
        rules=tuple(MarkingRule(*rule) for rule in rules),
    )


def test_a_difficult_childhood_fits_therapies_that_look_at_early_patterns():
    said = [answer("childhood", "yes")]
    assert marks(DIT, said).fits and not marks(IPT, said).fits
    # The memory of one event is not a pattern from childhood.
    assert not marks(EMDR, said).fits


def test_a_recent_change_fits_every_therapy_that_works_on_the_present():
    said = [answer("recent-change", "yes")]
    for therapy in [IPT, CBT]:
        assert marks(therapy, said).fits, therapy.slug
    assert not marks(DIT, said).fits


def test_an_upsetting_past_fits_the_present_and_not_the_past():
    said = [answer("past", "upsetting")]
    for therapy in [IPT, CBT]:
        assert marks(therapy, said).fits and not marks(therapy, said).fits_less
    for therapy in [DIT, EMDR]:
        assert marks(therapy, said).fits_less and not marks(therapy, said).fits
    assert marks(COUNSELLING, said) == Marks((), ())


def test_reasons_are_filled_from_the_therapys_own_facts():
    [reason] = marks(DIT, [answer("childhood", "yes")]).fits
    assert (
        reason == "DIT looks at childhood patterns, which fits what you said about your childhood."
    )


def test_no_starter_rule_names_one_therapys_value_of_a_many_valued_attribute():
    """A preference is a property: rules test yes-or-no properties, numbers or
    kinds of session, never one therapy's focus or school."""
    for question in QUESTIONS:
        for _value, _label, rules in question["options"]:
            for attribute, _operator, _compared, _fits, _reason in rules:
                assert attribute not in {"focus", "school"}, (question["key"], attribute)


@given(
    st.dictionaries(
        st.sampled_from(sorted(ATTRIBUTES)),
        st.sampled_from(
            ["true", "false", "yes", "no", "structured", "open", "some", "4", "8", "16"]
        ),
        max_size=len(ATTRIBUTES),
    ),
    st.lists(
        st.sampled_from([(q["key"], o[0]) for q in QUESTIONS for o in q["options"]]), max_size=8
    ),
)
def test_two_therapies_with_the_same_attributes_get_the_same_marks(attributes, chosen):
    said = [answer(key, value) for key, value in chosen]
    words = {"abbreviation": "X", "focus": "f", "sessions": "s", "shortest": "8", "brief_note": ""}
    first = TherapyProfile("first", attributes, words)
    second = TherapyProfile("second", dict(attributes), words)
    assert marks(first, said) == marks(second, said)


def test_fits_most_names_the_best_balance_in_the_order_given():
    marked = {
        "a": Marks(("x",), ()),
        "b": Marks(("x", "y"), ("z",)),
        "c": Marks(("x",), ()),
        "d": Marks((), ("z",)),
    }
    assert fits_most(marked) == ["a", "b", "c"]
    assert fits_most({"a": Marks((), ("z",))}) == []
    assert fits_most({}) == []


@pytest.mark.parametrize(
    ("operator", "value", "actual", "expected"),
    [
        ("equals", "true", "true", True),
        ("equals", "true", "false", False),
        ("not_equals", "yes", "no", True),
        ("at_most", "8", 8, True),
        ("at_most", "8", 9, False),
        ("at_least", "9", 16, True),
        ("at_least", "nine", 16, False),
    ],
)
def test_rules_hold_as_their_operator_says(operator, value, actual, expected):
    rule = MarkingRule("shortest_course", operator, value, True, "r")
    assert holds(rule, {"shortest_course": actual}) is expected


def test_an_unknown_attribute_never_holds():
    assert not holds(MarkingRule("colour", "equals", "red", True, "r"), {"focus": "x"})


def test_placeholders_cannot_reach_into_objects():
    assert fill_reason("{abbreviation} {__class__} {missing}", {"abbreviation": "IPT"}) == (
        "IPT {__class__} {missing}"
    )


def test_what_matters_lists_for_each_answer_the_therapies_it_fits_and_fits_less_in_order():
    therapies = {t.slug: t for t in [IPT, CBT, DIT, EMDR, COUNSELLING]}
    by_answer = fit_by_answer(therapies, [answer("past", "upsetting"), answer("childhood", "yes")])
    upsetting, childhood = by_answer
    # The same rules as the option cards' marks, read answer by answer.
    for fit in by_answer:
        for slug, therapy in therapies.items():
            said = marks(therapy, [fit.answer])
            assert (slug in fit.fits) == bool(said.fits), (fit.answer.label, slug)
            assert (slug in fit.fits_less) == bool(said.fits_less), (fit.answer.label, slug)
    assert upsetting.fits == ("ipt", "cbt") and "dit" in upsetting.fits_less
    assert childhood.fits == ("dit",)
    # In the order given, whatever it is (the guideline's, in the view).
    reversed_order = dict(reversed(list(therapies.items())))
    assert fit_by_answer(reversed_order, [upsetting.answer])[0].fits == ("cbt", "ipt")


def test_an_answer_that_marks_nothing_is_left_out_of_what_matters():
    nothing = Answer(question="Anything?", label="No", rules=())
    assert fit_by_answer({"ipt": IPT}, [nothing]) == []
