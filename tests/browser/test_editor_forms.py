"""Issue 27 (item 6): the editor's side of the pages in a real browser, where
layout and scrolling matter: the list of fields to correct, the preview's
mark for a mistyped live fact, and chosen sources readable in full."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_editor_journeys import (  # noqa: F401  (a fixture)
    csp_violations,
    editor_account,
    log_in,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("editor_account")]


# The preview's mark for a mistyped live fact -----------------------------------------

# The element's text colour and the colour behind it (the first ancestor with
# an opaque background), as [r, g, b].
COLOURS = """el => {
  const rgba = s => { const n = s.match(/[\\d.]+/g).map(Number); return n.length === 3 ? [...n, 1] : n; };
  let back = [255, 255, 255];
  for (let node = el; node; node = node.parentElement) {
    const c = rgba(getComputedStyle(node).backgroundColor);
    if (c[3] > 0) { back = c.slice(0, 3); break; }
  }
  return {text: rgba(getComputedStyle(el).color).slice(0, 3), back};
}"""


def contrast(first: list[float], second: list[float]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""

    def luminance(rgb):
        linear = [
            c / 255 / 12.92 if c <= 10.31 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("form", ["/admin/articles/article/add/", "/admin/articles/page/add/"])
def test_the_preview_marks_an_unknown_live_fact_in_red(page, starter_content, form):
    log_in(page)
    page.goto(form)
    body = page.locator("textarea#id_body")
    body.fill("IPT usually takes {{ ipt.nosuchfact }}.")
    body.press("End")  # a key press is what triggers markdownx's preview
    error = page.locator(".markdownx-preview .live-fact-error")
    expect(error).to_contain_text("{{ ipt.nosuchfact }}")
    colours = error.evaluate(COLOURS)
    red, green, blue = colours["text"]
    screenshot(page, "admin-preview-unknown-fact")
    print(f"\nerror text {colours['text']} on {colours['back']}")
    assert red > 150 and red > 2 * green and red > 2 * blue, colours  # red, not black
    assert contrast(colours["text"], colours["back"]) >= 4.5, colours
    assert csp_violations(page) == []
