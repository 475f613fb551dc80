import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching selector has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_reader_completes_the_chooser_with_the_keyboard_only_on_a_phone(phone, starter_content):
    phone.goto("/which-therapy/")
    # Radio groups: Tab reaches the checked option ("Skip"), arrow keys choose.
    tab_to(phone, "input[name=childhood]")
    phone.keyboard.press("ArrowDown")  # wraps from "Skip" to "Yes"
    assert phone.locator("#q-childhood-yes").is_checked()
    tab_to(phone, "input[name=past]")
    phone.keyboard.press("ArrowUp")  # "I'm not sure"
    phone.keyboard.press("ArrowUp")  # "I find it upsetting"
    assert phone.locator("#q-past-upsetting").is_checked()
    tab_to(phone, "select[name=help-with]")
    phone.keyboard.press("d")  # type-ahead: the first option starting with "d"
    assert phone.locator("select[name=help-with]").input_value() == "depression"
    tab_to(phone, "button[type=submit]")
    # The focused element is visibly marked.
    outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile(r"/which-therapy/result/\?"))
    assert "childhood=yes" in phone.url and "past=upsetting" in phone.url
    assert "help-with=depression" in phone.url
    # NICE's options in NICE's order (both lists: the severity was not given).
    results = phone.locator("ol.options > li h3")
    assert results.first.inner_text() == "Guided self-help"
    expect(phone.get_by_text("which you said you find upsetting").first).to_be_visible()
    expect(phone.get_by_text("Samaritans free on").first).to_be_visible()
    assert not phone.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    screenshot(phone, "which-therapy-result-phone")
