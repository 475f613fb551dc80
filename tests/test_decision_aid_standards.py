"""The decision-aid standards (IPDAS) the site can check by itself.

docs/decision-aid.md maps every IPDAS criterion to where the site meets it;
these are the criteria a test can hold the site to. Expected words are read
from the data files the starter content is loaded from, so the tests follow
the data.
"""

import datetime

import pytest

from articles import starter as article_data
from tests.pages import text_of
from therapies import starter as data
from therapies.models import Recommendation, Route, Therapy

pytestmark = pytest.mark.django_db

RESULT = "/which-therapy/result/"
GROUPS = {
    (group["condition"], group["population"]): group
    for guideline in data.GUIDELINES
    for group in guideline["recommendations"]
}


def one_line(text: str) -> str:
    return " ".join(text.split())


# What the decision is about (qualifying 1.1.1) ----------------------------------------


@pytest.mark.parametrize("condition", sorted({slug for slug, _population in GROUPS}))
def test_every_condition_page_with_options_describes_the_condition(client, starter, condition):
    described = next(c for c in data.CONDITIONS if c["slug"] == condition)
    page = text_of(client.get(f"/conditions/{condition}/"))
    assert one_line(described["summary"]) in page


# The option of not having treatment now (NICE NG222, recommendation 1.5.1) ---------


LESS_SEVERE = GROUPS["depression", "less-severe"]


def test_the_depression_data_says_what_happens_if_you_do_not_want_treatment_now():
    assert "2 to 4 weeks" in LESS_SEVERE["if_you_wait"]
    assert "change their mind" in LESS_SEVERE["if_you_wait_words"]
    notes = " ".join(note for _key, note in map(data.citation, LESS_SEVERE["if_you_wait_sources"]))
    assert "1.5.1" in notes


def test_the_depression_page_offers_not_having_treatment_now_with_nices_words(client, starter):
    page = text_of(client.get("/conditions/depression/"))
    less_severe = page.split("Less severe depression Adults.", 1)[1].split("More severe")[0]
    assert "If you do not want treatment now" in less_severe
    assert one_line(LESS_SEVERE["if_you_wait"]) in less_severe
    assert f"“{one_line(LESS_SEVERE['if_you_wait_words'])}” NICE's words (NG222)" in less_severe
    # NICE says this for less severe depression only, so the other group does not.
    more_severe = page.split("More severe depression Adults.", 1)[1]
    assert "If you do not want treatment now" not in more_severe


def test_not_having_treatment_now_cites_its_sources_by_number(client, starter):
    html = client.get("/conditions/depression/").content.decode()
    section = html.split('id="less-severe-if-you-wait"', 1)[1].split("</div>", 1)[0]
    assert '<span class="ref"><a href="#source-' in section
    assert "read on a page-by-page web copy" in section  # the copy we read, for screen readers


def test_the_chooser_result_for_less_severe_depression_offers_not_having_treatment_now(
    client, starter
):
    page = text_of(client.get(RESULT, {"help-with": "depression", "severity": "less-severe"}))
    assert "If you do not want treatment now" in page
    assert one_line(LESS_SEVERE["if_you_wait"]) in page
    more = text_of(client.get(RESULT, {"help-with": "depression", "severity": "more-severe"}))
    assert "If you do not want treatment now" not in more


def test_an_editor_can_clear_it_and_the_pages_follow(client, starter, committed):
    group = Recommendation.objects.get(condition__slug="depression", slug="less-severe")
    group.if_you_wait = ""
    with committed():
        group.save()
    assert "If you do not want treatment now" not in text_of(client.get("/conditions/depression/"))


# What the site says about itself (IPDAS certification criteria 2.2.2, 2.2.3, 2.3.1) ---


def test_the_about_page_says_who_pays_how_options_are_ordered_and_how_it_was_made(client, starter):
    page = text_of(client.get("/about/"))
    for words in [
        "No company or advertiser pays for this site",  # funding (2.3.1)
        "The Therapy Compare editorial team runs it",
        "does not diagnose anyone",
        "the options that NICE recommends",
        "When NICE puts its options in an order, we show them in that order",
        "they never change NICE's order",
        "choose not to have treatment now",
        "Every page shows the date it was last reviewed",  # publication date (2.2.2)
        "how often we review",  # update policy (2.2.3), in the editorial policy
        "We have not yet tested the site with people choosing a therapy",
        "not by a clinician",
    ]:
        assert words in page, words


def test_the_about_page_links_each_source_it_states_something_from(client, starter):
    html = client.get("/about/").content.decode()
    for key in [
        "ng222",
        "ipdas-minimum-standards",
        "nice-pmg42",
        "mind-we-still-need-to-talk",
        "healthwatch-worcs-mh",
        "nsun-decision-guide",
    ]:
        source = next(source for source in data.SOURCES if source["key"] == key)
        assert f'href="{source["url"]}"' in html, key


def test_the_editorial_policy_gives_the_review_cycle_and_how_reading_age_is_checked(
    client, starter
):
    page = text_of(client.get("/about/editorial-policy/"))
    assert "We review everything at least every 3 years" in page
    assert "We aim for a reading age of 11 to 14" in page


# Both sides of each therapy, in equal detail (qualifying 1.1.4, 1.1.5; certification 2.1.1)
# The data: tests/therapies/test_starter_data.py,
# test_every_published_therapy_says_who_it_may_and_may_not_suit_in_like_detail.

PUBLISHED = [therapy for therapy in data.THERAPIES if therapy["status"] == "published"]


@pytest.mark.parametrize("therapy", PUBLISHED, ids=lambda therapy: therapy["slug"])
def test_every_profile_shows_who_it_may_and_may_not_suit_alike(client, starter, therapy):
    html = client.get(f"/therapies/{therapy['slug']}/").content.decode()
    page = text_of(client.get(f"/therapies/{therapy['slug']}/"))
    assert f"Who it may suit {one_line(therapy['suits'])}" in page
    assert f"Who it may not suit {one_line(therapy['may_not_suit'])}" in page
    # Side by side as rows of the same list, each with its sources; neither folded away.
    for row in ['id="fact-who_for"', 'id="fact-may_not_suit"']:
        row_html = html.split(row, 1)[1].split("</dd>", 1)[0]
        assert '<span class="ref">' in row_html
        assert "<details" not in row_html.split("<dd>", 1)[1].split("<span", 1)[0]


def test_a_comparison_shows_who_each_may_not_suit_as_plainly_as_who_it_may_suit(client, starter):
    page = text_of(client.get("/compare/cbt-vs-ba/"))
    cbt, ba = (next(t for t in PUBLISHED if t["slug"] == slug) for slug in ["cbt", "ba"])
    suits = page.index("Who it may suit")
    may_not = page.index("Who it may not suit")
    assert suits < may_not
    for therapy in [cbt, ba]:
        assert one_line(therapy["may_not_suit"]) in page[may_not:]


# Every option says what we know of its evidence, and whether we could check it ---------


OPTION_PAGES = sorted({condition for condition, _population in GROUPS})


def option_cards(html: str, group: dict) -> list[str]:
    """Each option's card on the page, in the guideline's order."""
    cards = []
    for place in range(1, len(group["options"]) + 1):
        card = html.split(f'id="option-{group["population"]}-{place}"', 1)[1]
        cards.append(card.split('<li class="card option"', 1)[0].split("</section>", 1)[0])
    return cards


@pytest.mark.parametrize("condition", OPTION_PAGES)
def test_every_option_card_gives_its_evidence_and_says_when_it_could_not_be_checked(
    client, starter, condition
):
    html = client.get(f"/conditions/{condition}/").content.decode()
    name = next(c["name"] for c in data.CONDITIONS if c["slug"] == condition)
    for (slug, _population), group in GROUPS.items():
        if slug != condition:
            continue
        for option, card in zip(group["options"], option_cards(html, group), strict=True):
            where = f"{condition} {group['population']} {option['name']}"
            assert f"Evidence for {name[0].lower()}{name[1:]}:" in card, where
            unchecked = "We could not check this option" in card
            assert unchecked == (not option.get("verified", True)), where


# Every page that shows facts shows its review date (certification 2.2.2, 2.2.3) --------
# Already pinned to the exact date for IPT's profile (tests/therapies/test_pages.py),
# the IPT and DIT comparison (tests/articles/comparison/test_comparison_pages.py) and the
# starter article (tests/articles/editorial/test_articles.py); here, every such page.

REVIEWED_PAGES = [
    *(f"/therapies/{therapy['slug']}/" for therapy in PUBLISHED),
    "/compare/cbt-vs-ba/",
    "/compare/guided-self-help-vs-cbt-vs-group-cbt-vs-group-ba/",
    *(f"/articles/{article['slug']}/" for article in article_data.ARTICLES),
    "/about/",
    "/about/editorial-policy/",
    # Their dates are their records' (below): every starter record has the starter dates.
    *(f"/conditions/{condition}/" for condition in OPTION_PAGES),
    f"{RESULT}?help-with=depression",
    f"{RESULT}?help-with=something-else",
    "/which-therapy/summary/?help-with=depression",
    "/therapies/",
    "/how-to-get-help/",
]


@pytest.mark.parametrize("path", REVIEWED_PAGES)
def test_every_page_of_facts_shows_when_it_was_reviewed_and_is_next_due(client, starter, path):
    page = text_of(client.get(path))
    assert f"Page last reviewed: {long_date(data.REVIEWED)}" in page
    assert f"Next review due: {long_date(data.NEXT_REVIEW)}" in page


def long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


# A page of facts from many records is as old as its least recently checked one: it shows
# the earliest last review and the earliest next review of the records whose facts it shows.

CHECKED_EARLIER = {
    "last_reviewed": datetime.date(2026, 5, 4),
    "next_review_due": datetime.date(2027, 3, 2),
}
OVERDUE = {"last_reviewed": datetime.date(2024, 1, 1), "next_review_due": datetime.date(2025, 1, 1)}
OVERDUE_WORDS = "(overdue: some facts may be out of date)"

# (page, the records one of whose facts it shows)
PAGES_OF_MANY_RECORDS = [
    (
        "/conditions/depression/",
        lambda: Recommendation.objects.filter(condition__slug="depression"),
    ),
    ("/conditions/depression/", lambda: Therapy.objects.filter(slug="ipt")),
    ("/conditions/depression/", lambda: Route.objects.filter(key="wales")),
    (f"{RESULT}?help-with=depression", lambda: Recommendation.objects.filter(slug="less-severe")),
    (f"{RESULT}?help-with=depression", lambda: Therapy.objects.filter(slug="ipt")),
    (f"{RESULT}?help-with=something-else", lambda: Route.objects.filter(key="wales")),
    (
        "/which-therapy/summary/?help-with=depression",
        lambda: Recommendation.objects.filter(slug="less-severe"),
    ),
    ("/therapies/", lambda: Therapy.objects.filter(slug="dit")),
    ("/how-to-get-help/", lambda: Route.objects.filter(key="wales")),
]


def review(records, committed, **fields) -> None:
    """Change the records' review as an editor's save does, so pages already kept change too."""
    with committed():
        for record in records:
            for name, value in fields.items():
                setattr(record, name, value)
            record.save()


@pytest.mark.parametrize(("path", "records"), PAGES_OF_MANY_RECORDS)
def test_a_page_of_many_records_gives_the_earliest_review_dates_among_them(
    client, starter, committed, path, records
):
    assert f"Page last reviewed: {long_date(data.REVIEWED)}" in text_of(client.get(path))
    review(records(), committed, **CHECKED_EARLIER)
    page = text_of(client.get(path))
    assert f"Page last reviewed: {long_date(CHECKED_EARLIER['last_reviewed'])}" in page
    assert f"Next review due: {long_date(CHECKED_EARLIER['next_review_due'])}" in page
    assert OVERDUE_WORDS not in page


@pytest.mark.parametrize(("path", "records"), PAGES_OF_MANY_RECORDS)
def test_a_page_says_its_facts_may_be_out_of_date_when_one_records_review_is_overdue(
    client, starter, committed, path, records
):
    assert OVERDUE_WORDS not in text_of(client.get(path))
    review(records(), committed, **OVERDUE)
    page = text_of(client.get(path))
    assert f"Next review due: {long_date(OVERDUE['next_review_due'])} {OVERDUE_WORDS}" in page


def test_a_page_ignores_the_dates_of_records_it_does_not_show(client, starter):
    Recommendation.objects.exclude(condition__slug="depression").update(**OVERDUE)
    Therapy.objects.filter(slug="ipt").update(status="draft", **OVERDUE)
    page = text_of(client.get("/conditions/depression/"))
    assert f"Page last reviewed: {long_date(data.REVIEWED)}" in page
    assert OVERDUE_WORDS not in page


def test_a_page_names_its_reviewer_only_when_every_record_has_the_same_one(
    client, starter, committed
):
    reviewer = " ".join(data.REVIEWER.split())
    page = text_of(client.get("/how-to-get-help/"))
    assert f"Page last reviewed: {long_date(data.REVIEWED)} by {reviewer}" in page
    review(Route.objects.filter(key="wales"), committed, reviewer="Someone Else")
    page = text_of(client.get("/how-to-get-help/"))
    assert f"Page last reviewed: {long_date(data.REVIEWED)} Next review due" in page
