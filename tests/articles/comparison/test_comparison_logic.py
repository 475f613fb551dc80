"""The comparison logic as a pure unit: no database, no HTTP."""

import dataclasses

import pytest

from articles.comparison.chart import chart
from articles.comparison.sentences import TherapyFacts, asks_if_same, compare, differences
from common.text import join_words

IPT = TherapyFacts(
    abbreviation="IPT",
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
    reviewed_uses=(
        "Anxiety",
        "Depression",
        "Eating disorders",
        "Post-traumatic stress disorder (PTSD)",
    ),
    guidelines=(("Depression", "listed"),),
)
DIT = TherapyFacts(
    abbreviation="DIT",
    school="Psychodynamic",
    focus="childhood_patterns",
    provider_route="training_routes",
    provider_background="a short course for psychodynamic practitioners, or a long one for others",
    min_supervised_hours=None,
    sessions_min=16,
    sessions_max=16,
    brief_sessions=None,
    maintenance=False,
    evidence_level="limited",
    reviewed_uses=("Anxiety", "Depression"),
    guidelines=(("Depression", "family_listed"),),
)


def topics(found) -> list[str]:
    return [difference.topic for difference in found]


def test_identical_therapies_have_no_differences():
    twin = dataclasses.replace(IPT, abbreviation="TWIN")
    for asks in [True, False]:
        result = compare([IPT, twin], asks_if_same=asks)
        assert result.differences == []
        assert "match on every fact we compare" in result.lede
        assert result.description == result.lede


def test_ipt_and_dit_differ_in_the_seed_articles_five_ways_plus_duration():
    assert topics(differences([IPT, DIT])) == [
        "School of thought",
        "Where they look for the root of problems",
        "Who can offer them",
        "How much research there is",
        "NICE guidance",
        "Evidence we have checked",
        "How long they last",
        "Brief format",
        "Long-term use",
    ]


def test_the_answer_to_are_they_the_same_is_no_for_ipt_and_dit():
    result = compare([IPT, DIT], asks_if_same=True)
    assert result.heading == "IPT vs DIT: are they the same?"
    assert result.lede == "No. IPT and DIT are different therapies."
    assert result.description.startswith("No. IPT and DIT are different therapies. They differ in")
    assert "school of thought" in result.description


def test_a_comparison_that_does_not_ask_if_they_are_the_same_gives_no_answer():
    result = compare([IPT, DIT])
    assert result.heading == "IPT and DIT compared"
    assert result.lede.startswith("IPT and DIT differ in school of thought, ")
    assert result.description == result.lede
    for text in [result.heading, result.lede, result.description]:
        assert "same" not in text and "No." not in text


@pytest.mark.parametrize(
    ("title", "asks"),
    [
        ("IPT and DIT: are they the same?", True),
        ("CBT and BA: Are they the same? ", True),
        ("How IPT and DIT differ", False),
        ("Are they the same? A history of IPT", False),
    ],
)
def test_an_article_asks_if_they_are_the_same_by_its_title(title, asks):
    assert asks_if_same(title) is asks


@pytest.mark.parametrize(
    ("change", "topic", "words"),
    [
        (
            {"school": "Psychodynamic"},
            "School of thought",
            "IPT is psychosocial; TWIN is psychodynamic",
        ),
        (
            {"focus": "childhood_patterns"},
            "Where they look for the root of problems",
            "TWIN looks mainly at patterns of relating learned in childhood",
        ),
        (
            {"provider_route": "required_background", "provider_background": "psychologists"},
            "Who can offer them",
            "TWIN can be offered by only psychologists",
        ),
        (
            {"provider_route": "training_routes", "provider_background": "two courses"},
            "Who can offer them",
            "TWIN can be offered by therapists who complete its training (two courses)",
        ),
        (
            {"min_supervised_hours": 200},
            "Who can offer them",
            "with at least 200 hours of supervised practice",
        ),
        (
            {"evidence_level": "limited"},
            "How much research there is",
            "TWIN has limited evidence",
        ),
        (
            {"guidelines": (("Depression", "family_listed"),)},
            "NICE guidance",
            "TWIN belongs to a type of therapy NICE lists for depression",
        ),
        (
            {
                "reviewed_uses": (
                    "Anxiety",
                    "Depression",
                    "Eating disorders",
                    "Post-traumatic stress disorder (PTSD)",
                    "Grief",
                )
            },
            "Evidence we have checked",
            "only TWIN has been checked for grief",
        ),
        ({"sessions_max": 20}, "How long they last", "TWIN usually takes 12 to 20 sessions"),
        (
            {"brief_sessions": None},
            "Brief format",
            "IPT has a brief format of 8 sessions; TWIN has no brief format that our sources "
            "describe",
        ),
        (
            {"maintenance": False},
            "Long-term use",
            "Our sources describe IPT carrying on as occasional sessions to help people stay "
            "well. They do not describe this for TWIN.",
        ),
    ],
)
def test_each_attribute_that_differs_gives_its_own_sentence(change, topic, words):
    twin = dataclasses.replace(IPT, abbreviation="TWIN", **change)
    found = differences([IPT, twin])
    assert topics(found) == [topic]
    assert words in found[0].sentence


def test_condition_names_keep_their_capitals_where_they_matter():
    sentence = differences([IPT, DIT])[5].sentence
    assert "eating disorders and post-traumatic stress disorder (PTSD)" in sentence


def test_what_they_have_in_common():
    common = compare([IPT, DIT]).in_common
    assert (
        "We have checked the evidence or NICE's advice on both for anxiety and depression."
        in common
    )
    assert "Both are time-limited: each usually lasts 16 sessions or fewer." in common
    assert not any("school of thought" in sentence for sentence in common)


def test_three_or_four_therapies_are_described_as_all_of_them():
    third = dataclasses.replace(DIT, abbreviation="X", sessions_min=6, sessions_max=10)
    result = compare([IPT, DIT, third])
    assert result.heading == "IPT, DIT and X compared"
    assert result.lede.startswith("IPT, DIT and X differ in ")
    assert (
        "We have checked the evidence or NICE's advice on all of them for anxiety and depression."
        in result.in_common
    )
    assert "X usually takes 6 to 10 sessions" in differences([IPT, DIT, third])[6].sentence


def test_a_comparison_needs_two_therapies():
    with pytest.raises(ValueError):
        compare([IPT])


def test_join_words_reads_like_english():
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b"]) == "a and b"
    assert join_words(["a", "b", "c"]) == "a, b and c"


def test_chart_puts_sessions_on_one_shared_axis():
    drawn = chart([IPT, DIT])
    ipt_bar, dit_bar = drawn.bars
    assert ipt_bar.x_start < dit_bar.x_start  # IPT starts at 12, DIT at 16
    assert ipt_bar.x_brief is not None and dit_bar.x_brief is None
    assert ipt_bar.x_brief < ipt_bar.x_start  # the 8-session brief format sits left of 12
    assert [n for _, n in drawn.ticks] == [0, 4, 8, 12, 16]
    assert drawn.has_brief


def test_chart_places_focus_from_recent_events_to_childhood_patterns():
    drawn = chart([IPT, DIT])
    ipt_dot, dit_dot = drawn.dots
    assert drawn.axis_start <= ipt_dot.x < (drawn.axis_start + drawn.axis_end) / 2
    assert dit_dot.x == drawn.axis_end
    assert dit_dot.label_anchor == "end"  # the label stays inside the chart


def test_chart_has_a_text_alternative_with_every_value():
    description = chart([IPT, DIT]).description
    assert "IPT: usually 12 to 16 sessions, brief format 8 sessions" in description
    assert "DIT: usually 16 sessions; looks mainly at patterns learned early in life" in description
    # Not "the present" versus "the past": DIT works on a pattern as it shows up now.
    assert "the past" not in description


def test_chart_axis_grows_with_the_longest_therapy():
    long = dataclasses.replace(DIT, abbreviation="LONG", sessions_min=20, sessions_max=30)
    assert chart([IPT, long]).ticks[-1][1] == 32


def test_no_sentence_says_only_one_group_can_offer_a_therapy_with_several_training_routes():
    for sentence in [d.sentence for d in differences([IPT, DIT])]:
        assert "only psychodynamic" not in sentence
        assert "DIT can be offered by only" not in sentence


def test_uses_a_source_merely_mentions_are_never_stated():
    # TherapyFacts carries reviewed uses only; nothing else can reach a sentence.
    field_names = {field.name for field in dataclasses.fields(TherapyFacts)}
    assert "conditions" not in field_names
    assert "reviewed_uses" in field_names


def test_chart_names_sit_on_their_own_line_above_their_bars():
    # Names beside the bars ran into the grid and, when long, into a bar.
    others = [dataclasses.replace(DIT, abbreviation=name) for name in ["Group CBT", "Counselling"]]
    drawn = chart([IPT, DIT, *others])
    name_size = 14
    for bar in drawn.bars:
        assert bar.name_y < bar.y  # the baseline is above the bar's top
    for bar, below in zip(drawn.bars, drawn.bars[1:], strict=False):
        assert bar.y + drawn.bar_height < below.name_y - name_size
    assert drawn.bars[-1].y + drawn.bar_height < drawn.bars_height - 24  # above the tick labels
