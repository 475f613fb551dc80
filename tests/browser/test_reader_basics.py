import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_loads_and_navigation_leads_to_a_therapy(page, starter_content):
    page.goto("/")
    assert page.title().startswith("Compare talking therapies")
    assert page.locator("h1").count() == 1
    # The stylesheet loaded (the header is coloured, not the browser default).
    header_colour = page.eval_on_selector(
        ".site-header", "element => getComputedStyle(element).backgroundColor"
    )
    assert header_colour == "rgb(15, 93, 110)"  # --brand in site.css
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Therapies").click()
    page.wait_for_url(re.compile(r"/therapies/$"))
    page.get_by_role("link", name="Interpersonal therapy (IPT)").click()
    page.wait_for_url(re.compile(r"/therapies/ipt/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Interpersonal therapy (IPT)"
    expect(page.get_by_text("Need help now?")).to_be_visible()
    screenshot(page, "therapy-ipt-desktop")
    assert page.console_errors == []


def test_skip_link_is_the_first_thing_a_keyboard_reaches(page, starter_content):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    # Hidden above the page until focused, then on screen.
    assert page.locator(".skip-link").bounding_box()["y"] >= 0
