"""The chooser's printable summary ("Take this to your assessment"): the
reader's answers, NICE's options in NICE's order with the same marks as the
result, questions to ask, the ways to get help, space for notes and urgent
help. Private, never indexed, never stored."""

import html as html_lib
import re
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.chooser.questions_to_ask import ABOUT_THE_OPTIONS, BRAN, BRAN_SOURCES
from tests.articles.chooser.test_chooser_pages import GROUPS, names_in
from tests.pages import text_of
from therapies import starter as data
from therapies.models import Therapy

pytestmark = pytest.mark.django_db
SUMMARY = "/which-therapy/summary/"
RESULT = "/which-therapy/result/"
SOURCES = {source["key"]: source for source in data.SOURCES}
ROUTES = {route["key"]: route for route in data.ROUTES}
# Every preference answered, by a reader with more severe depression.
EVERYTHING = {
    "risk": "no",
    "help-with": "depression",
    "severity": "more-severe",
    "age": "adults",
    "childhood": "yes",
    "recent-change": "yes",
    "past": "upsetting",
    "structure": "structured",
    "tasks": "yes",
    "group": "one-to-one",
    "format": "online",
    "sessions": "about-8",
}


def summary_option_names(html: str) -> list[str]:
    """The options' names as the summary lists them, in its order."""
    lists = re.findall(r'class="summary-options">(.*?)</[ou]l>\s*(?:<h3>|</section>)', html, re.S)
    return [
        html_lib.unescape(name)
        for block in lists
        for name in re.findall(r"^\s*<li><strong>(.*?)</strong>", block, re.M)
    ]


def reasons(html: str, kind: str) -> list[str]:
    """Every reason in the page's lists of what fits (kind "fits") or may fit less well."""
    lists = re.findall(rf'<ul class="{kind}">(.*?)</ul>', html, re.S)
    return [
        html_lib.unescape(reason.strip())
        for block in lists
        for reason in re.findall(r"<li>(.*?)</li>", block, re.S)
    ]


def test_the_result_links_to_its_summary_with_the_answers_it_could_read(client):
    answers = {"help-with": "depression", "childhood": "yes", "utm_source": "x", "past": "maybe"}
    response = client.get(RESULT, answers)
    html = response.content.decode()
    link = re.search(
        r'<a href="(/which-therapy/summary/\?[^"]*)">Take this to your assessment</a>', html
    )
    assert link is not None
    # Only the answers the chooser read travel on: not the tracking parameter,
    # not the answer it could not read.
    assert html_lib.unescape(link.group(1)) == SUMMARY + "?" + urlencode(
        {"help-with": "depression", "childhood": "yes"}
    )


def test_the_summary_says_what_the_reader_told_us(client):
    page = text_of(client.get(SUMMARY, EVERYTHING))
    told = page.split("What you told us")[1].split("NICE's options for depression")[0]
    for question, answer in [
        ("What would you like help with?", "Depression"),
        ("has a professional told you how severe it is?", "More severe, moderate or severe"),
        ("Is the help for an adult, or for a child or young person?", "An adult (18 or over)"),
        ("Do you feel your difficulties go back to your childhood?", "Yes"),
        ("How do you feel about talking about your past?", "I find it upsetting"),
        ("Would you rather see someone on your own or be in a group?", "On my own with a"),
        ("How many weekly sessions do you think you could manage?", "About 8"),
    ]:
        assert f"{question} {answer}" in told, question


@pytest.mark.parametrize("population", ["less-severe", "more-severe"])
def test_the_summary_lists_nices_options_in_nices_order(client, population):
    html = client.get(SUMMARY, {"help-with": "depression", "severity": population}).content
    assert summary_option_names(html.decode()) == names_in("depression", population)
    assert "NICE's option 1 of" in text_of(client.get(SUMMARY, {"help-with": "depression"}))


def test_not_knowing_the_severity_gives_both_of_nices_lists_in_order(client):
    html = client.get(SUMMARY, {"help-with": "depression", "severity": "not-sure"}).content
    assert summary_option_names(html.decode()) == names_in("depression", "less-severe") + names_in(
        "depression", "more-severe"
    )


def test_the_summary_marks_each_option_exactly_as_the_result_does(client):
    result = client.get(RESULT, EVERYTHING).content.decode()
    summary = client.get(SUMMARY, EVERYTHING).content.decode()
    for kind in ["fits", "fits-less"]:
        assert reasons(summary, kind) == reasons(result, kind), kind
    page = text_of(client.get(SUMMARY, EVERYTHING))
    assert (
        "What fits what you said: STPP looks at patterns of relating learned in childhood" in page
    )
    assert "What may fit less well: STPP looks at patterns of relating learned in childhood" in page
    assert (
        "Combination of individual CBT and an antidepressant (NICE's option 1 of 10) Not marked"
        in page
    )


def test_without_preferences_the_summary_marks_nothing(client):
    page = text_of(client.get(SUMMARY, {"help-with": "depression", "severity": "less-severe"}))
    assert "What fits what you said" not in page
    assert "Not marked" not in page


def test_the_summary_gives_the_bran_questions_with_their_sources(client):
    response = client.get(SUMMARY, EVERYTHING)
    page = text_of(response)
    questions = page.split("Questions you could ask")[1].split("Your notes")[0]
    assert "they are known as BRAN" in questions
    for word, question in BRAN:
        assert f"{word}: {question}" in questions
    for question in ABOUT_THE_OPTIONS:
        assert question in questions
    # The BRAN sentence points at both sources, listed at the end by their titles.
    html = response.content.decode()
    sentence = html.split("they are known as BRAN")[1].split("</p>")[0]
    label = html_lib.unescape(re.search(r'aria-label="([^"]*)"', sentence).group(1))
    listed = sources_listed(html)
    for key in BRAN_SOURCES:
        assert SOURCES[key]["title"] in label
        assert key in listed


def sources_listed(html: str) -> list[str]:
    """The keys of the sources in the page's numbered list, in its order."""
    by_url = {source["url"]: key for key, source in SOURCES.items()}
    block = html.split('<ol class="sources">')[1].split("</ol>")[0]
    return [by_url[html_lib.unescape(url)] for url in re.findall(r'<a href="([^"]+)"', block)]


def test_the_summary_lists_exactly_the_sources_it_cites(client):
    # It leaves out the options' notes, so it must leave out their sources too.
    html = client.get(SUMMARY, EVERYTHING).content.decode()
    body = html.split('<ol class="sources">')[0]
    cited = set()
    for marker in re.findall(
        r'<span class="ref"><a href="#source-\d+" aria-label="[^"]*">\[([^\]]+)\]', body
    ):
        for part in marker.split(","):
            low, _, high = part.partition("–")
            cited |= set(range(int(low), int(high or low) + 1))
    assert cited == set(range(1, len(sources_listed(html)) + 1))


def test_the_summary_asks_about_the_options_that_fit_most(client):
    answers = {**EVERYTHING, "group": "group", "format": "any"}
    result = text_of(client.get(RESULT, answers))
    fits_most = result.split("Of these, what fits most of what you said:")[1].split(".")[0]
    expected = [name.split(" (NICE's option")[0].strip() for name in fits_most.split(";")]
    page = text_of(client.get(SUMMARY, answers))
    asked = re.findall(r"Can I have (.+?) here, and how long is the wait\?", page)
    # NICE's names as NICE writes them: "Maudsley" keeps its capital.
    assert asked == expected
    # Without preferences: NICE's first option.
    page = text_of(client.get(SUMMARY, {"help-with": "depression", "severity": "less-severe"}))
    first = names_in("depression", "less-severe")[0]
    asked = re.findall(r"Can I have (.+?) here, and how long is the wait\?", page)
    assert asked == [first]


def test_the_summary_has_lines_for_notes_when_printed(client):
    html = client.get(SUMMARY, EVERYTHING).content.decode()
    assert "Your notes" in html
    lines = html.split('<div class="note-lines print-only">')[1].split("</section>")[0]
    assert lines.count("<div></div>") >= 5
    assert "When you print this page, there are lines here to write on." in text_of(
        client.get(SUMMARY, EVERYTHING)
    )


def test_the_summary_gives_the_ways_to_get_help_and_urgent_help(client):
    page = text_of(client.get(SUMMARY, EVERYTHING))
    ways = page.split("How to get help")[1]
    nhs = ROUTES["england-talking-therapies"]
    assert nhs["title"] in ways and " ".join(nhs["summary"].split())[:80] in ways
    for key in ["scotland", "wales", "northern-ireland", "uk-private"]:
        assert ROUTES[key]["title"] in ways
    html = client.get(SUMMARY, EVERYTHING).content.decode()
    assert f'href="{nhs["url"]}"' in html
    assert "This is not a diagnosis" in page
    assert "call 999" in page and "NHS 111" in page and "Samaritans free on 116 123" in page


def test_the_risk_answer_yes_leads_the_summary_with_urgent_help(client):
    page = text_of(client.get(SUMMARY, {**EVERYTHING, "risk": "yes"})).split(
        "Skip to main content", 1
    )[1]
    assert page.index("Please talk to someone now") < page.index("Take this to your assessment")
    assert "Samaritans free on 116 123" in page
    # Said or not, the answer to the safety question is not printed with the others.
    assert "thoughts of ending your life or harming yourself? Yes" not in page


@pytest.mark.parametrize("answer", ["something-else", "not-sure"])
def test_something_else_or_not_sure_gets_next_steps_not_options(client, answer):
    page = text_of(client.get(SUMMARY, {"help-with": answer}))
    assert "Talk to your GP" in page
    assert "NICE's option 1" not in page
    assert "Questions you could ask" in page and "How to get help" in page


def test_a_draft_therapy_is_named_as_nices_option_but_not_marked(client, committed):
    ipt = Therapy.objects.get(slug="ipt")
    ipt.status = "draft"
    with committed():
        ipt.save()
    html = client.get(SUMMARY, {**EVERYTHING, "severity": "less-severe"}).content.decode()
    assert "Interpersonal psychotherapy (IPT)" in summary_option_names(html)
    assert not [r for r in reasons(html, "fits") + reasons(html, "fits-less") if "IPT" in r]
    assert 'href="/therapies/ipt/"' not in html


def test_the_summary_is_never_indexed_nor_kept(client):
    response = client.get(SUMMARY, EVERYTHING)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "ETag" not in response


def test_summary_query_count(client, read_models_loaded, django_assert_num_queries):
    # Answers, options, marks, routes and the questions' sources all come
    # from the read model: no query at all.
    read_models_loaded()
    with django_assert_num_queries(0):
        assert client.get(SUMMARY, EVERYTHING).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"childhood": "maybe"},
        {"childhood": ["yes", "no"]},
        {"childhood": "y" * 5000},
        {"help-with": "no-such-condition"},
        {"help-with": "<script>alert(1)</script>"},
        {"severity": "more-severe", "age": "nobody"},
    ],
)
def test_unreadable_answers_are_left_out_and_named(client, query):
    response = client.get(SUMMARY, query)
    assert response.status_code == 200
    assert "We could not read your answer to" in text_of(response)
    assert "<script>alert(1)" not in response.content.decode()


def test_no_answers_at_all_still_gives_a_summary(client):
    response = client.get(SUMMARY)
    assert response.status_code == 200
    page = text_of(response)
    assert "You did not answer any of the questions." in page
    assert "Questions you could ask" in page and "Need help now?" in page


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["risk", "childhood", "past", "sessions", "help-with", "severity", "age", "x", ""]
            ),
            st.text(max_size=300),
        ),
        max_size=8,
    )
)
def test_any_query_string_gives_200_or_400_never_500(client, pairs):
    response = client.get(SUMMARY + "?" + urlencode(pairs))
    assert response.status_code in {200, 400}


def test_every_condition_and_population_has_a_summary(client):
    for (condition, population), group in GROUPS.items():
        html = client.get(SUMMARY, {"help-with": condition, "severity": population}).content
        shown = summary_option_names(html.decode())
        names = [option["name"] for option in group["options"]]
        assert any(shown[i : i + len(names)] == names for i in range(len(shown))), (
            condition,
            population,
        )
