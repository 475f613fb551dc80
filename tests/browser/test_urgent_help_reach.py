"""Urgent help is one tap away on every page, and its numbers are easy to tap
(issue 27): a header link outside the menu, and call and text links at least
44 x 44 CSS px (WCAG 2.2 target size, enhanced), on a 360 px phone and a
1280 px screen."""

import pytest

from tests.browser.conftest import open_context, screenshot
from tests.browser.test_reader_experience import AXE, OVERFLOWING_TEXT, axe_violations
from tests.conftest import PUBLIC_PAGE_TYPES

pytestmark = pytest.mark.django_db(transaction=True)

NOT_HTML = ("/api/", "/sitemap", "/robots", "/feeds/")
# Every public page type, and the pages that lead with the phone numbers.
PAGES = [
    *[path for path in PUBLIC_PAGE_TYPES if not path.startswith(NOT_HTML)],
    "/urgent-help/",
    "/search/?q=suicide",
    "/which-therapy/result/?risk=yes&recent-change=yes",
]
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
MIN_TARGET = 44  # CSS px

# Every call and text link a reader can see, with its box on the screen.
CALL_AND_TEXT_LINKS = """() => [...document.querySelectorAll('a[href^="tel:"], a[href^="sms:"]')]
  .filter(a => a.checkVisibility())
  .map(a => {
    const box = a.getBoundingClientRect();
    return {href: a.getAttribute('href'), text: a.textContent.trim(), width: box.width, height: box.height};
  })"""

# Any part of the header past the right edge of the screen (screen.width, as
# innerWidth grows with overflow on a phone: see TRAPS.md).
HEADER_PAST_THE_SCREEN = """() => [...document.querySelectorAll('.site-header *')]
  .filter(el => el.checkVisibility())
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, box]) => box.width > 0 && (box.left < -0.5 || box.right > screen.width + 0.5))
  .map(([el, box]) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.left)}-${Math.round(box.right)}`)"""


def header_link(page):
    return page.locator(".site-header").get_by_role("link", name="Urgent help", exact=True)


def too_small(boxes) -> list[str]:
    return [
        f"{box['href']} ({box['text']}) {box['width']:.0f} x {box['height']:.0f}"
        for box in boxes
        if box["width"] < MIN_TARGET or box["height"] < MIN_TARGET
    ]


def header_link_problems(page, viewport) -> list[str]:
    """What keeps the header's urgent-help link from being one tap away."""
    link = header_link(page)
    if link.count() != 1 or not link.is_visible():
        return [f"{link.count()} visible header links to urgent help"]
    problems = []
    if link.get_attribute("href") != "/urgent-help/":
        problems.append(f"links to {link.get_attribute('href')}")
    if not link.evaluate("a => a.closest('details') === null"):
        problems.append("inside the menu")
    box = link.bounding_box()
    if box["y"] < 0 or box["y"] + box["height"] > viewport["height"]:
        problems.append(f"not on the first screen: {box}")
    if box["width"] < MIN_TARGET or box["height"] < MIN_TARGET:
        problems.append(f"{box['width']:.0f} x {box['height']:.0f}")
    return problems


def sideways_scrolling(page) -> list[str]:
    if not page.evaluate("document.documentElement.scrollWidth <= screen.width"):
        return ["the page scrolls sideways"]
    return page.evaluate(OVERFLOWING_TEXT) + page.evaluate(HEADER_PAST_THE_SCREEN)


# One test per screen, every page in turn: each test costs a fresh database.
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_urgent_help_is_in_the_header_on_the_first_screen_of_every_page(
    browser, live_server, browser_settings, starter_content, device
):
    options = PHONE if device == "phone" else DESKTOP
    context = open_context(browser, live_server, **options)
    page = context.new_page()
    found = {}
    for path in PAGES:
        page.goto(path)
        problems = header_link_problems(page, options["viewport"])
        if device == "phone":
            assert page.evaluate("screen.width") == 360
            problems += sideways_scrolling(page)
        if problems:
            found[path] = problems
    assert found == {}
    context.close()


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_every_call_and_text_link_is_big_enough_to_tap(
    browser, live_server, browser_settings, starter_content, device
):
    context = open_context(browser, live_server, **(PHONE if device == "phone" else DESKTOP))
    page = context.new_page()
    found = {}
    for path in PAGES:
        page.goto(path)
        links = page.evaluate(CALL_AND_TEXT_LINKS)
        problems = too_small(links) if links else ["no urgent-help numbers"]
        if problems:
            found[path] = problems
    assert found == {}
    screenshot(page, f"urgent-help-numbers-{device}")  # the last page: the at-risk result
    context.close()


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_pages_with_the_header_link_and_big_numbers_stay_accessible(
    browser, live_server, browser_settings, starter_content, device
):
    """axe-core at both widths (the 1280 px run of every page type is in
    test_reader_experience; the header is laid out differently on a phone)."""
    if not AXE.exists():
        pytest.skip(f"axe-core not installed at {AXE} (npm ci)")
    options = PHONE if device == "phone" else DESKTOP
    # axe is injected as a script, which the site's CSP rightly refuses.
    context = open_context(browser, live_server, bypass_csp=True, **options)
    page = context.new_page()
    found = {}
    for path in PAGES:
        page.goto(path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}
    context.close()


def test_the_header_link_shows_where_the_keyboard_is(
    browser, live_server, browser_settings, starter_content
):
    context = open_context(browser, live_server, **PHONE)
    page = context.new_page()
    page.goto("/")
    for _ in range(4):  # the skip link, the name, then the header's links
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "/urgent-help/":
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "Urgent help"
    focused = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert focused != "none"  # the yellow focus ring
    context.close()


@pytest.mark.parametrize("width", [320, 360, 768, 1024])
def test_the_header_fits_without_crowding(
    browser, live_server, browser_settings, starter_content, width
):
    """Name, urgent help, menu and search side by side or on two rows, none
    over another, none cut off, and the search box still wide enough to type in."""
    context = open_context(
        browser, live_server, viewport={"width": width, "height": 740}, is_mobile=width < 768
    )
    page = context.new_page()
    page.goto("/")
    parts = {
        "name": page.locator(".brand"),
        "urgent help": header_link(page),
        # The menu button on a phone, the list of links on a wide screen.
        "menu": page.locator(".menu > summary"),
        "navigation": page.locator(".menu .nav-list"),
        "search box": page.locator("#site-search"),
        "search button": page.locator(".header-search-button"),
    }
    boxes = {name: part.bounding_box() for name, part in parts.items() if part.is_visible()}
    assert {"name", "urgent help", "search box", "search button"} <= boxes.keys()
    names = list(boxes)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            a, b = boxes[first], boxes[second]
            apart = (
                a["x"] + a["width"] <= b["x"] + 0.5
                or b["x"] + b["width"] <= a["x"] + 0.5
                or a["y"] + a["height"] <= b["y"] + 0.5
                or b["y"] + b["height"] <= a["y"] + 0.5
            )
            assert apart, f"{first} overlaps {second} at {width} px"
    # Room to see a word such as "depression" as it is typed.
    assert boxes["search box"]["width"] >= 110
    assert page.evaluate(HEADER_PAST_THE_SCREEN) == []
    screenshot(page, f"header-{width}")
    context.close()
