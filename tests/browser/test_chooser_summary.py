"""The chooser's summary to take to an assessment, in a real browser: it
prints on two A4 pages, and reader (f), who wants NHS treatment and cannot
pay, gets from the home page to it and to an NHS service on a phone."""

import io
import re
import unicodedata
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.articles.chooser.test_chooser_summary import EVERYTHING
from tests.browser.conftest import screenshot
from tests.browser.test_reader_experience import (  # noqa: F401 (axe_page is a fixture)
    OVERFLOWING_TEXT,
    axe_page,
    axe_violations,
)
from therapies import starter as data

pytestmark = pytest.mark.django_db(transaction=True)
NHS_TALKING_THERAPIES = next(
    route for route in data.ROUTES if route["key"] == "england-talking-therapies"
)


def test_the_summary_of_a_reader_who_answered_everything_prints_on_two_a4_pages(
    page, starter_content
):
    # More severe depression, an adult, and an answer to every preference.
    page.goto("/which-therapy/summary/?" + urlencode(EVERYTHING))
    page.emulate_media(media="print")
    screenshot(page, "chooser-summary-print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    # NFKC: the PDF's text has typographic ligatures ("ﬁ") for "fi".
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in pdf.pages))
    text = " ".join(text.split())
    assert len(pdf.pages) <= 2, len(pdf.pages)
    for words in [
        "Take this to your assessment",
        "What you told us",
        "NICE's options for depression",
        "Individual cognitive behavioural therapy (CBT) (NICE's option 2 of 10)",
        "What fits what you said:",
        "What may fit less well:",
        "Benefits: What are the benefits of this treatment for me?",
        "Your notes",
        "NHS Talking Therapies (England)",
        "This is not a diagnosis",
        "Samaritans free on 116 123",
        "Sources",
    ]:
        assert words in text, words
    # Paper gets the lines for notes, and none of the site's controls.
    assert page.locator(".note-lines > div").first.is_visible()
    for control in [
        "Skip to main content",
        "Search this site",
        "Report a mistake",
        "Back to your options",
    ]:
        assert control not in text, control


def test_reader_f_goes_from_the_home_page_to_a_summary_and_an_nhs_service_on_a_phone(
    phone,
    axe_page,  # noqa: F811
    starter_content,
):
    """Reader (f): adult, less severe depression, wants NHS treatment and cannot pay."""
    phone.goto("/")
    phone.get_by_role("link", name="Start the questions").click()
    phone.wait_for_url(re.compile(r"/which-therapy/$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Which therapy might suit me?")
    screenshot(phone, "reader-f-1-questions-360")

    phone.get_by_role("group", name=re.compile("are you having thoughts of ending")).get_by_label(
        "No", exact=True
    ).check()
    phone.get_by_label("What would you like help with?").select_option("depression")
    phone.get_by_label("Less severe, or mild").check()
    phone.get_by_label("An adult (18 or over)").check()
    phone.get_by_role(
        "group", name="Has something big changed in your life recently?"
    ).get_by_label("Yes", exact=True).check()
    phone.get_by_label("On my own with a therapist or practitioner").check()
    phone.get_by_label("In person").check()
    phone.get_by_role("button", name="Show my options").click()

    phone.wait_for_url(re.compile(r"/which-therapy/result/\?"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your options for depression")
    first = phone.locator("li.card.option").first
    expect(first.locator("h3")).to_have_text("Guided self-help")
    expect(first).to_contain_text("NICE's option 1 of 11")
    expect(first).to_contain_text("GSH is offered one to one.")
    take_it = phone.get_by_role("link", name="Take this to your assessment")
    expect(take_it).to_be_visible()
    screenshot(phone, "reader-f-2-result-360")

    take_it.click()
    phone.wait_for_url(re.compile(r"/which-therapy/summary/\?"))
    summary_url = phone.url
    expect(phone.get_by_role("heading", level=1)).to_have_text("Take this to your assessment")
    told = phone.locator("section", has=phone.get_by_role("heading", name="What you told us"))
    expect(told).to_contain_text("What would you like help with? Depression")
    expect(told).to_contain_text("Has something big changed in your life recently? Yes")
    expect(phone.locator(".summary-options > li").first).to_contain_text(
        "Guided self-help (NICE's option 1 of 11)"
    )
    expect(
        phone.get_by_text("Benefits: What are the benefits of this treatment for me?")
    ).to_be_visible()
    expect(phone.get_by_text("Is it one to one or in a group?")).to_be_visible()
    expect(phone.get_by_role("heading", name="Your notes")).to_be_visible()
    expect(phone.get_by_role("heading", name="NHS Talking Therapies (England)")).to_be_visible()
    expect(phone.get_by_text("Samaritans free on").first).to_be_visible()
    # It reads on a 360 px phone: nothing wider than the screen.
    assert phone.evaluate("screen.width") == 360
    assert phone.evaluate("document.documentElement.scrollWidth <= screen.width")
    assert phone.evaluate(OVERFLOWING_TEXT) == []
    screenshot(phone, "reader-f-3-summary-360")

    # The summary passes the accessibility check (axe-core, WCAG 2.2 AA), at 360 px.
    axe_page.set_viewport_size({"width": 360, "height": 740})
    axe_page.goto(summary_url)
    assert axe_violations(axe_page) == []

    # Back to the result, and on to NHS Talking Therapies. The outside page is
    # answered here (the machine has no network); it must not learn the answers.
    asked = []

    def nhs_page(route):
        asked.append(route.request)
        route.fulfill(
            status=200,
            content_type="text/html",
            body="<!doctype html><title>NHS</title><h1>How you can access NHS mental health services</h1>",
        )

    phone.context.route(re.compile(r"^https://www\.nhs\.uk/"), nhs_page)
    phone.get_by_role("link", name="Back to your options").click()
    phone.wait_for_url(re.compile(r"/which-therapy/result/\?"))
    route = phone.locator("#route-england-talking-therapies")
    route.scroll_into_view_if_needed()
    expect(route.get_by_role("heading")).to_have_text("NHS Talking Therapies (England)")
    expect(route).to_contain_text("It is free. You can refer yourself online or by phone")
    link = route.get_by_role("link", name="Go to the page for this")
    assert link.get_attribute("href") == NHS_TALKING_THERAPIES["url"]
    screenshot(phone, "reader-f-4-way-to-get-help-360")
    link.click()
    phone.wait_for_url(NHS_TALKING_THERAPIES["url"])
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "How you can access NHS mental health services"
    )
    assert len(asked) == 1
    assert "referer" not in asked[0].headers, asked[0].headers
