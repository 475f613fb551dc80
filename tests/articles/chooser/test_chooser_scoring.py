"""The chooser's scoring as a pure unit: no database, no HTTP.

The rules here are the starter rules, so the seed article's scenarios are
tested exactly as readers meet them.
"""

import pytest

from articles.chooser.scoring import Answer, ScoringRule, TherapyProfile, fill_reason, holds, score
from articles.starter import QUESTIONS

IPT = TherapyProfile(
    slug="ipt",
    attributes={
        "focus": "recent_events",
        "school": "psychosocial",
        "provider_route": "any_trained",
        "shortest_course": 8,
        "longest_course": 16,
        "maintenance": "true",
        "evidence": "strong",
        "conditions": frozenset({"depression", "anxiety", "grief"}),
    },
    words={
        "abbreviation": "IPT",
        "focus": "recent life events",
        "sessions": "12 to 16 sessions",
        "shortest": "8",
    },
)
DIT = TherapyProfile(
    slug="dit",
    attributes={
        "focus": "childhood_patterns",
        "school": "psychodynamic",
        "provider_route": "required_background",
        "shortest_course": 16,
        "longest_course": 16,
        "maintenance": "false",
        "evidence": "limited",
        "conditions": frozenset({"depression", "anxiety"}),
    },
    words={
        "abbreviation": "DIT",
        "focus": "patterns of relating learned in childhood",
        "sessions": "16 sessions",
        "shortest": "16",
    },
)


def answer(key: str, value: str, *, label: str = "") -> Answer:
    """The starter question's option, as the view would build it."""
    question = next(q for q in QUESTIONS if q["key"] == key)
    if question.get("kind") == "conditions":
        rules = question["options"][0][2]
    else:
        rules = next(option for option in question["options"] if option[0] == value)[2]
    return Answer(
        question=question["text"],
        label=label or value,
        rules=tuple(ScoringRule(*rule) for rule in rules),
        value=value,
    )


def order(result) -> list[str]:
    return [entry.slug for entry in result.ranked]


def test_difficult_childhood_ranks_dit_first_with_a_reason_about_childhood_patterns():
    result = score([IPT, DIT], [answer("childhood", "yes")])
    assert order(result) == ["dit", "ipt"]
    assert "patterns of relating learned in childhood" in result.ranked[0].reasons_for[0].text
    assert "your childhood" in result.ranked[0].reasons_for[0].text


def test_recent_big_change_ranks_ipt_first():
    result = score([DIT, IPT], [answer("recent-change", "yes")])
    assert order(result) == ["ipt", "dit"]
    assert "recent life events" in result.ranked[0].reasons_for[0].text


def test_upsetting_past_with_a_difficult_childhood_ranks_ipt_first_and_says_why():
    result = score([IPT, DIT], [answer("childhood", "yes"), answer("past", "upsetting")])
    assert order(result) == ["ipt", "dit"]
    ipt, dit = result.ranked
    assert "focuses on the present" in ipt.reasons_for[0].text
    assert "which you said you find upsetting" in dit.reasons_against[0].text
    # DIT still has a reason for it: the answers point both ways, and the page says so.
    assert dit.reasons_for
    assert result.points_both_ways and not result.top_tied


def test_answers_that_all_point_one_way_do_not_claim_to_point_both_ways():
    result = score([IPT, DIT], [answer("recent-change", "yes"), answer("past", "upsetting")])
    assert order(result) == ["ipt", "dit"]
    assert not result.points_both_ways


def test_only_eight_sessions_favours_ipts_brief_format():
    result = score([DIT, IPT], [answer("sessions", "about-8")])
    assert order(result) == ["ipt", "dit"]
    assert result.ranked[0].reasons_for[0].text == "IPT can be done in 8 sessions."
    assert result.ranked[1].reasons_against[0].text == "DIT usually takes 16 sessions, more than 8."


def test_condition_answer_favours_therapies_with_reviewed_evidence_for_it():
    # The "conditions" attribute holds reviewed uses only (articles/chooser/answers.py).
    result = score([DIT, IPT], [answer("help-with", "grief", label="Grief")])
    assert order(result) == ["ipt", "dit"]
    assert result.ranked[0].reasons_for[0].text == (
        "We have checked the evidence or NICE's advice on IPT for grief."
    )


def test_nothing_answered_keeps_site_order_and_says_so():
    result = score([IPT, DIT], [])
    assert order(result) == ["ipt", "dit"]
    assert result.nothing_answered
    assert not result.points_both_ways


def test_answers_that_tell_nothing_apart_are_reported_honestly():
    result = score([IPT, DIT], [answer("childhood", "no")])
    assert result.no_signal and not result.nothing_answered


def test_a_tie_at_the_top_points_both_ways():
    result = score([IPT, DIT], [answer("childhood", "yes"), answer("recent-change", "yes")])
    assert result.ranked[0].score == result.ranked[1].score
    assert result.points_both_ways


def test_a_new_therapy_is_scored_by_existing_rules():
    new = TherapyProfile(
        slug="new",
        attributes={**DIT.attributes, "focus": "both", "shortest_course": 6},
        words={
            "abbreviation": "NEW",
            "shortest": "6",
            "focus": "both",
            "sessions": "6 to 12 sessions",
        },
    )
    result = score([IPT, DIT, new], [answer("childhood", "yes"), answer("sessions", "about-8")])
    assert order(result)[0] == "new"
    assert "NEW can be done in 6 sessions." in [r.text for r in result.ranked[0].reasons_for]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (ScoringRule("focus", "equals", "RECENT_EVENTS", 1, ""), True),
        (ScoringRule("focus", "not_equals", "recent_events", 1, ""), False),
        (ScoringRule("shortest_course", "at_most", "8", 1, ""), True),
        (ScoringRule("shortest_course", "at_least", "9", 1, ""), False),
        (ScoringRule("shortest_course", "at_most", "eight", 1, ""), False),
        (ScoringRule("conditions", "includes", "grief", 1, ""), True),
        (ScoringRule("focus", "includes", "recent", 1, ""), False),
        (ScoringRule("no_such_attribute", "equals", "x", 1, ""), False),
        (ScoringRule("focus", "no_such_operator", "x", 1, ""), False),
    ],
)
def test_rules_are_tested_against_attributes(rule, expected):
    assert holds(rule, IPT.attributes, answer_value="") is expected


def test_reasons_fill_only_known_placeholders_and_cannot_reach_into_objects():
    words = {"abbreviation": "IPT"}
    assert fill_reason("{abbreviation} fits.", words) == "IPT fits."
    assert (
        fill_reason("{unknown} {abbreviation.__class__}", words)
        == "{unknown} {abbreviation.__class__}"
    )
