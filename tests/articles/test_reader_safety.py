"""A crisis-aware site: urgent help, the chooser's risk question, crisis searches."""

import logging
import re

import pytest
from django.apps import apps

from articles.search.crisis import mentions_crisis
from tests.conftest import PUBLIC_PAGE_TYPES
from tests.pages import text_of

pytestmark = pytest.mark.django_db
RESULT = "/which-therapy/result/"


def count_all_rows() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


# /urgent-help/ -----------------------------------------------------------------


def test_urgent_help_page_gives_every_route_with_its_source(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/urgent-help/")
    assert response.status_code == 200
    page = text_of(response)
    for words in [
        "Call 999 or go to A&E",
        "call NHS 111 and choose the mental health option",
        "Scotland: call 111",
        "Wales: call 111 and press 2",
        "Lifeline free on 0808 808 8000",
        "Samaritans: call free on 116 123",
        "text SHOUT to 85258",
        "If you are worried about someone else",
        "Asking about suicide does not put the idea in someone's head",
        "Where these details come from",
    ]:
        assert words in page, words
    html = response.content.decode()
    assert 'href="tel:116123"' in html and 'href="tel:999"' in html
    # Every statement points at a listed source.
    for number in set(re.findall(r'href="#help-source-(\d+)"', html)):
        assert f'id="help-source-{number}"' in html


@pytest.mark.parametrize(
    "path",
    [p for p in PUBLIC_PAGE_TYPES if not p.startswith(("/api", "/sitemap", "/robots", "/feeds"))],
)
def test_every_page_help_box_links_urgent_help_in_words_a_person_in_crisis_recognises(
    client, starter, path
):
    response = client.get(path)
    html = response.content.decode()
    assert 'href="/urgent-help/"' in html, path
    assert "If you are thinking about ending your life, or have harmed yourself" in text_of(
        response
    )


# The chooser's risk question -------------------------------------------------------


def test_the_chooser_asks_about_risk_first_and_says_it_is_optional(client, starter):
    html = client.get("/which-therapy/").content.decode()
    first_fieldset = html[html.index("<fieldset") : html.index("</fieldset>")]
    assert "thoughts of ending your life or harming yourself" in first_fieldset
    assert "You do not have to answer" in first_fieldset
    assert 'name="risk" value="yes"' in first_fieldset


def test_answering_yes_to_risk_leads_with_urgent_help_and_puts_therapies_second(client, starter):
    answers = {
        "risk": "yes",
        "help-with": "depression",
        "severity": "less-severe",
        "recent-change": "yes",
    }
    response = client.get(RESULT, answers)
    assert response.status_code == 200
    page = text_of(response)
    html = response.content.decode()
    assert page.index("Please talk to someone now") < page.index("Guided self-help")
    assert "A therapy chooser is not the right tool for this moment" in page
    assert "Samaritans free on 116 123" in page
    # The therapy results are there, but folded away behind a disclosure.
    start = html.index('<details class="later-results">')
    details = html[start : html.index('<details class="change-answers"', start)]
    assert "NICE's option 1 of" in text_of_html(details)
    assert 'id="q-risk-yes" name="risk" value="yes" checked' in html


@pytest.mark.parametrize("value", ["no", "", "maybe", "YES", "x" * 500])
def test_any_other_risk_answer_gives_the_usual_results(client, starter, value):
    answers = {
        "risk": value,
        "help-with": "depression",
        "severity": "less-severe",
        "recent-change": "yes",
    }
    response = client.get(RESULT, answers)
    assert response.status_code == 200
    page = text_of(response)
    assert "Please talk to someone now" not in page
    assert "NICE's option 1 of" in page
    assert "IPT works on recent life events and current relationships" in page


def test_the_risk_answer_is_never_stored_logged_or_cached(client, starter, caplog):
    before = count_all_rows()
    with caplog.at_level(logging.DEBUG):
        response = client.get(RESULT, {"risk": "yes"})
        again = client.get(RESULT, {"risk": "yes"})
    assert count_all_rows() == before
    assert "risk" not in caplog.text
    assert not response.cookies
    assert "X-Page-Cache" not in again


def test_the_risk_question_costs_no_queries(
    client, starter, read_models_loaded, django_assert_num_queries
):
    # No query, as for any result (see test_chooser_pages): the answer is read
    # from the address only, and nothing is written.
    read_models_loaded()
    with django_assert_num_queries(0):
        client.get(RESULT, {"risk": "yes", "help-with": "depression"})


# Crisis words in a search ------------------------------------------------------------


CRISIS_SEARCHES = [
    "suicide",
    "Suicidal thoughts",
    "how to kill myself",
    "killing myself",
    "self-harm",
    "self harm",
    "selfharm",
    "harming myself",
    "overdose",
    "OVERDOSED",
    "crisis",
    "I want to die",
    "i dont want to live",
    "I don’t want to be here",
    "ending my life",
    "end it all",
    "take my own life",
]


@pytest.mark.parametrize("query", CRISIS_SEARCHES)
def test_crisis_words_are_recognised(query):
    assert mentions_crisis(query)


@pytest.mark.parametrize(
    "query", ["depression", "childhood", "IPT", "therapy for grief", "self esteem", "die cast"]
)
def test_ordinary_searches_are_not_treated_as_a_crisis(query):
    assert not mentions_crisis(query)


@pytest.mark.parametrize("query", ["suicide", "I want to kill myself", "self-harm", "overdose"])
def test_a_crisis_search_puts_urgent_help_first_in_the_results(client, starter, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    page = text_of(response)
    start = page.index("If you are thinking about suicide or harming yourself, help is here now")
    assert start < page.index("We do not keep a record")
    for result_words in ["result", "We found nothing"]:
        if result_words in page[start:]:
            assert page.index(result_words, start) > start
    assert "call Samaritans free on 116 123" in page
    assert "call 999 or go to A&E now" in page


def test_an_ordinary_search_shows_no_crisis_panel(client, starter):
    page = text_of(client.get("/search/", {"q": "childhood"}))
    assert "help is here now" not in page


def test_a_crisis_search_is_not_stored_or_logged(client, starter, caplog):
    before = count_all_rows()
    with caplog.at_level(logging.DEBUG):
        client.get("/search/", {"q": "kill myself secretword"})
    assert count_all_rows() == before
    assert "secretword" not in caplog.text


def text_of_html(html: str) -> str:
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").split())
