"""The reader's experience in a real browser: accessibility (axe-core), phones,
no JavaScript, printing, and the main journeys."""

import io
import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.browser.conftest import open_context, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

PAGES = {
    "home": "/",
    "therapies": "/therapies/",
    "therapy": "/therapies/ipt/",
    "condition": "/conditions/depression/",
    "compare-form": "/compare/",
    "comparison": "/compare/ipt-vs-dit/",
    "chooser": "/which-therapy/",
    "chooser-result": "/which-therapy/result/?childhood=yes&past=upsetting&help-with=depression",
    "articles": "/articles/",
    "article": "/articles/ipt-and-dit-are-they-the-same/",
    "search": "/search/?q=childhood",
    "about": "/about/",
    "editorial-policy": "/about/editorial-policy/",
    "urgent-help": "/urgent-help/",
    "report-a-mistake": "/report-a-mistake/?page=/therapies/ipt/",
    "chooser-at-risk": "/which-therapy/result/?risk=yes&recent-change=yes",
    "crisis-search": "/search/?q=suicide",
    "not-established": "/which-therapy/result/?help-with=eating-disorders",
    "not-found": "/no-such-page/",
}


@pytest.fixture
def axe_page(browser, live_server, browser_settings):
    if not AXE.exists():
        message = f"axe-core not installed at {AXE} (npm ci)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    # axe is injected as a script, which the site's CSP rightly refuses; only
    # this checking context bypasses it.
    context = open_context(
        browser, live_server, bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    yield context.new_page()
    context.close()


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("name", PAGES)
def test_every_public_page_type_has_no_wcag_aa_violations(axe_page, starter_content, name):
    axe_page.goto(PAGES[name])
    assert axe_violations(axe_page) == []


@pytest.mark.parametrize("name", PAGES)
def test_every_page_works_at_320px_without_sideways_scrolling(
    browser, live_server, browser_settings, starter_content, name
):
    context = open_context(
        browser, live_server, viewport={"width": 320, "height": 640}, is_mobile=True
    )
    page = context.new_page()
    page.goto(PAGES[name])
    assert page.locator("h1").count() == 1
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    screenshot(page, f"{name}-phone")
    context.close()


@pytest.mark.parametrize("name", ["home", "therapy", "comparison", "chooser-result", "article"])
def test_desktop_screenshots(page, starter_content, name):
    page.goto(PAGES[name])
    screenshot(page, f"{name}-desktop")
    assert page.console_errors == []


@pytest.fixture
def no_script(browser, live_server, browser_settings):
    context = open_context(
        browser, live_server, java_script_enabled=False, viewport={"width": 400, "height": 800}
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_every_page_reads_with_javascript_off(no_script, starter_content, name):
    response = no_script.goto(PAGES[name])
    assert response.status == (404 if name == "not-found" else 200)
    assert no_script.locator("h1").inner_text().strip()


def test_chooser_and_comparison_work_with_javascript_off(no_script, starter_content):
    no_script.goto("/which-therapy/")
    no_script.locator("#q-recent-change-yes").check()
    no_script.get_by_role("button", name="Show my results").click()
    no_script.wait_for_url(re.compile(r"/which-therapy/result/"))
    assert (
        no_script.locator("ol.results > li h2").first.inner_text() == "Interpersonal therapy (IPT)"
    )
    no_script.goto("/compare/")
    no_script.get_by_label("Interpersonal therapy (IPT)").check()
    no_script.get_by_label("Dynamic interpersonal therapy (DIT)").check()
    no_script.get_by_role("button", name="Compare").click()
    no_script.wait_for_url(re.compile(r"/compare/ipt-vs-dit/$"))


@pytest.mark.parametrize(
    ("name", "expected"), [("comparison", "School of thought"), ("therapy", "At a glance")]
)
def test_comparison_and_therapy_pages_print_cleanly(page, starter_content, name, expected):
    page.goto(PAGES[name])
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=False)))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert expected in text
    assert "Sources" in text
    for navigation in ["Skip to main content", "Which therapy?", "Search this site"]:
        assert navigation not in text
    # Measured 9 A4 pages for the comparison after the evidence and training
    # corrections of the honesty work (7 before); issue 15 is to shorten it.
    assert len(pdf.pages) <= 9


def test_visible_focus_and_reduced_motion(page, starter_content):
    page.emulate_media(reduced_motion="reduce")
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert shadow != "none"  # the yellow focus ring


# Journeys ------------------------------------------------------------------


def test_home_to_chooser_to_result_to_profile(page, starter_content):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Which therapy?").click()
    page.locator("#q-childhood-yes").check()
    page.get_by_role("button", name="Show my results").click()
    page.get_by_role("link", name="Dynamic interpersonal therapy (DIT)").first.click()
    page.wait_for_url(re.compile(r"/therapies/dit/$"))
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Dynamic interpersonal therapy (DIT)"
    )
    assert page.console_errors == []


def test_home_to_therapy_to_comparison(page, starter_content):
    page.goto("/")
    page.get_by_role("link", name="Compare IPT and DIT").click()
    page.wait_for_url(re.compile(r"/compare/ipt-vs-dit/$"))
    page.get_by_role("link", name="Interpersonal therapy (IPT)").first.click()
    page.get_by_role("link", name=re.compile("IPT and Dynamic interpersonal therapy")).click()
    page.wait_for_url(re.compile(r"/compare/ipt-vs-dit/$"))


def test_search_to_article(page, starter_content):
    page.goto("/")
    page.get_by_label("Search this site").fill("childhood")
    page.get_by_label("Search this site").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=childhood"))
    page.get_by_role("link", name="IPT and DIT: are they the same?").click()
    assert page.get_by_role("heading", level=1).inner_text() == "IPT and DIT: are they the same?"


def test_a_missing_page_is_friendly(page, starter_content):
    response = page.goto("/therapies/no-such-therapy/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    page.get_by_role("link", name="see all therapies").click()
    page.wait_for_url(re.compile(r"/therapies/$"))


def test_the_accessibility_check_itself_finds_problems(axe_page, starter_content):
    # Guards against a check that cannot fail: a page with known faults.
    axe_page.goto("/")
    axe_page.set_content('<html><body><img src="x.png"><a href="/"></a></body></html>')
    found = axe_violations(axe_page)
    assert any(v.startswith("image-alt") for v in found)
    assert any(v.startswith("link-name") for v in found)
