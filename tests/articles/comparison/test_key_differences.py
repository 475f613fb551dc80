"""Key differences say only what differs: pure tests of the sentences, no database.

A topic on which every therapy agrees is in common, never a difference; where
some share a value, the sentence names them together.
"""

import dataclasses
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.comparison.sentences import TherapyFacts, compare, differences, in_common
from therapies.models import (
    EvidenceLevel,
    Focus,
    GuidelineStatus,
    Homework,
    NhsStep,
    ProviderRoute,
    Structure,
)

BASE = TherapyFacts(
    abbreviation="AA",
    school="Psychosocial",
    focus="recent_events",
    provider_route="any_trained",
    provider_background="",
    min_supervised_hours=None,
    sessions_min=12,
    sessions_max=16,
    brief_sessions=8,
    maintenance=True,
    evidence_level="moderate",
    reviewed_uses=("Depression", "Anxiety"),
    guidelines=(("Depression", "listed"),),
    ways=("one to one",),
    structure="structured",
    homework="yes",
    nhs_step="high_intensity",
)


def named(abbreviation: str, **values) -> TherapyFacts:
    return dataclasses.replace(BASE, abbreviation=abbreviation, **values)


def sentence_about(topic: str, therapies: list[TherapyFacts]) -> str | None:
    found = [d.sentence for d in differences(therapies) if d.topic == topic]
    return found[0] if found else None


# (topic, one value, another value, the sentence when AA and BB share the first
# and CC has the second, what all of them sharing the first reads as)
TOPICS = [
    (
        "School of thought",
        {"school": "Psychosocial"},
        {"school": "Psychodynamic"},
        "They come from different schools of thought: AA and BB are psychosocial; "
        "CC is psychodynamic.",
        "All of them come from the psychosocial school of thought.",
    ),
    (
        "Where they look for the root of problems",
        {"focus": "recent_events"},
        {"focus": "childhood_patterns"},
        "They look for the root of problems in different places: AA and BB look mainly at "
        "recent life events and current relationships; CC looks mainly at patterns of relating "
        "learned in childhood.",
        "All of them look mainly at recent life events and current relationships.",
    ),
    (
        "Who can offer them",
        {"provider_route": "any_trained"},
        {"provider_route": "required_background", "provider_background": "psychologists"},
        "Different people can offer them: AA and BB can be offered by any qualified therapist "
        "who completes the training; CC can be offered by only psychologists.",
        "All of them can be offered by any qualified therapist who completes the training.",
    ),
    (
        "How much research there is",
        {"evidence_level": "moderate"},
        {"evidence_level": "limited"},
        "The research behind them differs: AA and BB have moderate evidence; "
        "CC has limited evidence.",
        "All of them have moderate evidence overall.",
    ),
    (
        "NICE guidance",
        {"guidelines": (("Depression", "listed"),)},
        {"guidelines": (("Depression", "family_listed"),)},
        "NICE's guidance differs: AA and BB are listed by name by NICE for depression; "
        "CC belongs to a type of therapy NICE lists for depression.",
        "All of them are listed by name by NICE for depression.",
    ),
    (
        "Evidence we have checked",
        {"reviewed_uses": ("Depression", "Anxiety")},
        {"reviewed_uses": ("Depression",)},
        "We have checked the evidence or NICE's advice for different problems: "
        "only AA and BB have been checked for anxiety.",
        "We have checked the evidence or NICE's advice on all of them for depression and anxiety.",
    ),
    (
        "How long they last",
        {"sessions_min": 12, "sessions_max": 16},
        {"sessions_min": 8, "sessions_max": 8},
        "They last different lengths of time: AA and BB usually take 12 to 16 sessions; "
        "CC usually takes 8 sessions.",
        "All of them are time-limited: each usually takes 12 to 16 sessions.",
    ),
    (
        "Brief format",
        {"brief_sessions": 8},
        {"brief_sessions": None},
        "Their brief formats differ: AA and BB have a brief format of 8 sessions; "
        "CC has no brief format that our sources describe.",
        "All of them have a brief format of 8 sessions.",
    ),
    (
        "Long-term use",
        {"maintenance": True},
        {"maintenance": False},
        "Our sources describe AA and BB carrying on as occasional sessions to help people "
        "stay well. They do not describe this for CC.",
        "Our sources describe all of them carrying on as occasional sessions to help people "
        "stay well.",
    ),
    (
        "How sessions run",
        {"structure": "structured"},
        {"structure": "open"},
        "Their sessions run differently: AA and BB have structured sessions that follow a plan "
        "towards goals; CC has open sessions where you talk about what matters to you.",
        "All of them have structured sessions that follow a plan towards goals.",
    ),
    (
        "Tasks between sessions",
        {"homework": "yes"},
        {"homework": "no"},
        "They differ in what you do between sessions: AA and BB set tasks or practice between "
        "sessions; CC sets no tasks between sessions.",
        "All of them set tasks or practice between sessions.",
    ),
    (
        "How it is offered",
        {"ways": ("one to one",)},
        {"ways": ("in a group",)},
        "Our sources describe them being offered in different ways: AA and BB are offered one "
        "to one; CC is offered in a group.",
        "Our sources describe all of them being offered one to one.",
    ),
    (
        "Where the NHS offers it",
        {"nhs_step": "high_intensity"},
        {"nhs_step": "low_intensity"},
        "NHS Talking Therapies usually offer them at different points: AA and BB as "
        "high-intensity therapy with a therapist (step 3); CC as lower-intensity help "
        "(step 2), often offered first.",
        "NHS Talking Therapies usually offer all of them as high-intensity therapy with a "
        "therapist (step 3).",
    ),
]
TOPIC_IDS = [case[0] for case in TOPICS]


@pytest.mark.parametrize(("topic", "one", "other", "grouped", "common"), TOPICS, ids=TOPIC_IDS)
@pytest.mark.parametrize("count", [2, 3, 4])
def test_a_topic_every_therapy_agrees_on_is_in_common_not_a_difference(
    topic, one, other, grouped, common, count
):
    therapies = [named(name, **one) for name in ["AA", "BB", "CC", "DD"][:count]]
    assert sentence_about(topic, therapies) is None
    both = "Both" if count == 2 else "All of them"
    assert common.replace("All of them", both).replace("all of them", both.lower()) in (
        in_common(therapies)
    )


@pytest.mark.parametrize(("topic", "one", "other", "grouped", "common"), TOPICS, ids=TOPIC_IDS)
def test_therapies_that_share_a_value_are_named_together(topic, one, other, grouped, common):
    therapies = [named("AA", **one), named("BB", **one), named("CC", **other)]
    assert sentence_about(topic, therapies) == grouped
    assert common not in in_common(therapies)


@pytest.mark.parametrize(("topic", "one", "other", "grouped", "common"), TOPICS, ids=TOPIC_IDS)
def test_four_therapies_in_two_pairs_give_two_groups(topic, one, other, grouped, common):
    therapies = [named("AA", **one), named("BB", **other), named("CC", **one), named("DD", **other)]
    sentence = sentence_about(topic, therapies)
    assert sentence is not None
    # Each pair is named once, together: never one of them on its own.
    assert "AA and CC" in sentence
    if topic != "Evidence we have checked":  # names only those checked for more
        assert "BB and DD" in sentence


def test_only_names_every_therapy_checked_for_a_problem():
    therapies = [
        named("AA", reviewed_uses=("Depression", "Anxiety", "Grief")),
        named("BB", reviewed_uses=("Depression", "Anxiety")),
        named("CC", reviewed_uses=("Depression",)),
    ]
    assert sentence_about("Evidence we have checked", therapies) == (
        "We have checked the evidence or NICE's advice for different problems: "
        "only AA and BB have been checked for anxiety; only AA has been checked for grief."
    )


def test_providers_that_read_the_same_are_not_a_difference():
    # The route "any trained therapist" says nothing of a background, so a
    # background left in the record must not make two equal sentences differ.
    therapies = [named("AA"), named("BB", provider_background="psychologists")]
    assert sentence_about("Who can offer them", therapies) is None


def test_a_therapy_not_known_is_named_as_such_and_the_rest_still_grouped():
    therapies = [
        named("AA", structure="structured"),
        named("BB", structure=Structure.NOT_KNOWN),
        named("CC", structure="structured"),
        named("DD", structure="open"),
    ]
    assert sentence_about("How sessions run", therapies) == (
        "Their sessions run differently: AA and CC have structured sessions that follow a plan "
        "towards goals; DD has open sessions where you talk about what matters to you. "
        "Our sources do not say for BB."
    )
    # Agreeing where known is not in common while one is not known.
    agreeing = [named("AA"), named("BB", structure=Structure.NOT_KNOWN), named("CC")]
    assert sentence_about("How sessions run", agreeing) is None
    assert not any("structured sessions" in s for s in in_common(agreeing))


def test_what_no_source_describes_for_any_of_them_is_not_in_common():
    therapies = [
        named("AA", brief_sessions=None, maintenance=False),
        named("BB", brief_sessions=None, maintenance=False),
    ]
    assert differences(therapies) == []
    common = " ".join(in_common(therapies))
    assert "brief format" not in common and "occasional sessions" not in common


def test_the_answer_names_only_the_topics_that_differ():
    therapies = [named("AA"), named("BB", sessions_min=6, sessions_max=20)]
    assert compare(therapies, asks_if_same=True).description == (
        "No. AA and BB are different therapies. They differ in how long they last."
    )


# The property: whatever the records say, no sentence sets a value against itself.

NAMES = ["CBT", "Group CBT", "BA", "Counselling"]
SUBJECTS = re.compile(
    r"(?:{names})(?:(?:, | and )(?:{names}))*".format(
        names="|".join(re.escape(name) for name in sorted(NAMES, key=len, reverse=True))
    )
)
# Verbs that agree with several therapies, made to agree with one.
SINGULAR = {
    "are": "is",
    "have": "has",
    "look": "looks",
    "take": "takes",
    "set": "sets",
    "belong": "belongs",
}
# What a comparison is given (the view leaves out "not checked").
NICE_STATUSES = [GuidelineStatus.LISTED, GuidelineStatus.FAMILY_LISTED, GuidelineStatus.NOT_LISTED]


def what_each_clause_says(sentence: str) -> list[str]:
    """The clauses of a sentence with the therapies' names taken out and the
    verbs made singular: two equal clauses state one value as if it differed."""
    body = sentence.split(": ", 1)[-1].rstrip(".")
    said = []
    for clause in re.split(r"; |\. ", body):
        words = SUBJECTS.sub("THEY", clause).split()
        said.append(" ".join(SINGULAR.get(word, word) for word in words))
    return said


@st.composite
def therapy_facts(draw, abbreviation: str) -> TherapyFacts:
    # Few values per attribute, so that therapies often share some and not others.
    low = draw(st.sampled_from([6, 8, 12, 16]))
    return TherapyFacts(
        abbreviation=abbreviation,
        school=draw(st.sampled_from(["Cognitive and behavioural", "Humanistic", "Psychosocial"])),
        focus=draw(st.sampled_from(Focus.values)),
        provider_route=draw(st.sampled_from(ProviderRoute.values)),
        provider_background=draw(st.sampled_from(["", "psychologists"])),
        min_supervised_hours=draw(st.sampled_from([None, 200])),
        sessions_min=low,
        sessions_max=low + draw(st.sampled_from([0, 4, 12])),
        brief_sessions=draw(st.sampled_from([None, 6, 8])),
        maintenance=draw(st.booleans()),
        evidence_level=draw(st.sampled_from(EvidenceLevel.values)),
        reviewed_uses=tuple(
            draw(st.lists(st.sampled_from(["Depression", "Anxiety", "Grief"]), unique=True))
        ),
        guidelines=tuple(
            draw(
                st.lists(
                    st.tuples(
                        st.sampled_from(["Depression", "Anxiety"]),
                        st.sampled_from(NICE_STATUSES),
                    ),
                    unique_by=lambda pair: pair[0],
                )
            )
        ),
        ways=tuple(
            draw(st.lists(st.sampled_from(["one to one", "in a group", "online"]), unique=True))
        ),
        structure=draw(st.sampled_from(Structure.values)),
        homework=draw(st.sampled_from(Homework.values)),
        nhs_step=draw(st.sampled_from(NhsStep.values)),
    )


@st.composite
def therapy_sets(draw) -> list[TherapyFacts]:
    count = draw(st.integers(min_value=2, max_value=4))
    return [draw(therapy_facts(name)) for name in NAMES[:count]]


@given(therapy_sets())
def test_no_difference_states_one_value_for_two_therapies_as_if_it_differed(therapies):
    for difference in differences(therapies):
        said = what_each_clause_says(difference.sentence)
        assert len(said) == len(set(said)), difference.sentence


@given(therapy_facts("CBT"), st.integers(min_value=2, max_value=4))
def test_therapies_with_equal_facts_have_no_differences(therapy, count):
    therapies = [dataclasses.replace(therapy, abbreviation=name) for name in NAMES[:count]]
    assert differences(therapies) == []
