"""Matching readers' words (articles/search/matching.py): pure, no database."""

import pytest

from articles.search.matching import Document, Field, parse, score, stem


def document(title: str, body: str = "") -> Document:
    return Document(title, (Field(title, 4.0), Field(body, 0.5)))


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("relationships", "relationship"),
        ("therapies", "therapy"),
        ("bingeing", "binge"),
        ("binged", "binge"),
        ("worrying", "worries"),
        ("checking", "checks"),
        ("nightmares", "nightmare"),
    ],
)
def test_a_word_and_its_other_forms_share_a_stem(typed, written):
    assert stem(typed) == stem(written)


def test_every_word_must_match_somewhere_and_titles_count_most():
    query = parse("panic attacks")
    in_title = document("Panic disorder", "Sudden attacks of fear.")
    in_body = document("Anxiety", "Panic attacks can come from nowhere.")
    assert score(query, in_title) > score(query, in_body) > 0
    assert score(query, document("Panic disorder")) == 0  # "attacks" is nowhere


@pytest.mark.parametrize("typed", ["interpersonal therepy", "interpersonel therapy", "anorexya"])
def test_a_misspelt_word_still_finds_its_record(typed):
    records = [document("Interpersonal therapy"), document("Anorexia nervosa")]
    assert any(score(parse(typed), record) for record in records)


def test_a_near_match_counts_less_than_an_exact_one():
    record = document("Interpersonal therapy")
    assert score(parse("interpersonal therepy"), record) < score(
        parse("interpersonal therapy"), record
    )


def test_short_words_are_not_guessed_at():
    assert score(parse("cbd"), document("CBT")) == 0


def test_small_words_are_ignored_unless_they_are_all_there_is():
    record = document("Generalised anxiety disorder", "You worry all the time.")
    assert score(parse("I worry all the time"), record) > 0
    assert score(parse("the"), document("The same?")) > 0


def test_quoted_phrases_or_and_left_out_words():
    record = document("DIT", "patterns learned in childhood")
    assert score(parse('"learned in childhood"'), record) > 0
    assert score(parse('"childhood learned"'), record) == 0
    assert score(parse("nightmares OR childhood"), record) > 0
    assert score(parse("childhood -patterns"), record) == 0


@pytest.mark.parametrize("typed", ["", "   ", "-", "OR", '"', "-" * 200, "(((", "\x01\x02"])
def test_odd_queries_match_nothing_and_never_fail(typed):
    assert score(parse(typed), document("Therapy")) == 0
