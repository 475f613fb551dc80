"""Urgent help, the risk question, crisis searches and reporting a mistake, in a
real browser on a 360 px phone."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import MistakeReport, ReportStatus
from tests.browser.conftest import open_context, screenshot
from tests.browser.test_editor_journeys import editor_account, log_in  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def fits_the_screen(page) -> bool:
    # Compared with the emulated screen, not innerWidth, which grows with overflow.
    return page.evaluate("document.documentElement.scrollWidth <= screen.width")


def test_urgent_help_is_one_tap_from_any_page_and_its_numbers_can_be_tapped(phone, starter_content):
    phone.goto("/therapies/ipt/")
    phone.get_by_role("link", name=re.compile("More urgent help")).click()
    phone.wait_for_url(re.compile(r"/urgent-help/$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Urgent help now")
    expect(phone.locator('a[href="tel:999"]').first).to_be_visible()
    expect(phone.locator('a[href="tel:116123"]').first).to_be_visible()
    expect(phone.get_by_text("text SHOUT to").first).to_be_visible()
    assert fits_the_screen(phone)
    screenshot(phone, "urgent-help-phone")


def test_a_reader_who_says_yes_to_the_risk_question_sees_urgent_help_first(phone, starter_content):
    phone.goto("/which-therapy/")
    phone.get_by_label("Yes").first.check()
    phone.locator("#q-help-with").select_option("depression")
    phone.get_by_role("button", name="Show my options").click()
    phone.wait_for_url(re.compile(r"risk=yes"))
    lead = phone.get_by_role("heading", name="Please talk to someone now")
    expect(lead).to_be_visible()
    # It is on the first screen, above anything about therapies.
    assert lead.bounding_box()["y"] < 740
    expect(phone.locator('a[href="tel:116123"]').first).to_be_visible()
    # The therapy results are folded away until the reader asks for them.
    results = phone.locator("ol.options").first
    expect(results).to_be_hidden()
    phone.get_by_text("When you feel ready").click()
    expect(results).to_be_visible()
    assert fits_the_screen(phone)
    screenshot(phone, "which-therapy-at-risk-phone")


def test_a_crisis_search_shows_urgent_help_above_the_results(phone, starter_content):
    phone.goto("/")
    phone.locator("#site-search").fill("I want to kill myself")
    phone.locator("#site-search").press("Enter")
    phone.wait_for_url(re.compile(r"/search/\?q="))
    panel = phone.get_by_role("heading", name=re.compile("help is here now"))
    expect(panel).to_be_visible()
    assert panel.bounding_box()["y"] < 740
    assert fits_the_screen(phone)
    screenshot(phone, "search-crisis-phone")


def test_a_reader_reports_a_mistake_and_an_editor_closes_it(
    phone,
    browser,
    live_server,
    browser_settings,
    starter_content,
    editor_account,  # noqa: F811
):
    phone.goto("/therapies/dit/")
    phone.get_by_role("button", name="Report a mistake").click()
    phone.wait_for_url(re.compile(r"/report-a-mistake/\?page="))
    expect(phone.get_by_label("Which page is it about?")).to_have_value("/therapies/dit/")
    phone.get_by_label("What is wrong?").fill("My service offers DIT in 12 sessions.")
    assert fits_the_screen(phone)
    screenshot(phone, "report-a-mistake-phone")
    phone.get_by_role("button", name="Send the report").click()
    phone.wait_for_url(re.compile(r"/report-a-mistake/thanks/$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you for your report")

    editor_context = open_context(browser, live_server, viewport={"width": 1280, "height": 900})
    editor = editor_context.new_page()
    editor.console_errors = []
    log_in(editor)
    editor.get_by_role("link", name="1 report waiting to be checked").click()
    editor.get_by_role("link", name=re.compile(r"\d")).first.click()  # the report's date
    expect(editor.get_by_text("My service offers DIT in 12 sessions.", exact=True)).to_be_visible()
    editor.get_by_label("Status").select_option("closed")
    editor.get_by_label("Editor note").fill("Checked: services differ; the page says so.")
    editor.get_by_role("button", name="Save", exact=True).click()
    editor.wait_for_url(re.compile(r"/admin/articles/mistakereport/"))
    saved = MistakeReport.objects.get()
    assert saved.status == ReportStatus.CLOSED
    assert saved.handled_by.username == "edith"
    editor_context.close()
