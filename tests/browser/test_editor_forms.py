"""Issue 27 (item 6): the editor's side of the pages in a real browser, where
layout and scrolling matter: the list of fields to correct, the preview's
mark for a mistyped live fact, and chosen sources readable in full."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_editor_journeys import (  # noqa: F401  (a fixture)
    csp_violations,
    editor_account,
    log_in,
)
from tests.browser.test_reader_experience import AXE, WCAG_AA, axe_page  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("editor_account")]


def axe_violations_in(page, selector: str) -> list[str]:
    """WCAG 2.2 AA and best-practice problems inside one part of the page: the
    admin's own forms have some of Django's and select2's, not ours to fix here."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "([selector, tags]) => axe.run({include: [[selector]]},"
        " {runOnly: {type: 'tag', values: tags}})",
        [selector, WCAG_AA],
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def open_ipt(page):
    page.goto("/admin/therapies/therapy/")
    page.get_by_role("link", name="Interpersonal therapy", exact=True).click()
    page.wait_for_url(re.compile(r"/change/$"))


# The list of fields to correct ---------------------------------------------------


def test_a_link_under_the_error_note_scrolls_to_its_field(page, starter_content):
    log_in(page)
    open_ipt(page)
    page.locator("#id_name").fill("")
    page.locator("#id_register_url").fill("the BABCP register")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".errornote")).to_be_visible()
    links = page.locator(".error-links a")
    expect(links).to_have_text(["Name", "Register web address"])
    field = page.locator("#id_register_url")
    error = page.locator("#id_register_url_error")
    expect(field).not_to_be_in_viewport()
    distance = page.evaluate(
        "() => document.getElementById('id_register_url').getBoundingClientRect().top"
        " - document.querySelector('.errornote').getBoundingClientRect().top"
    )
    links.nth(1).click()
    expect(field).to_be_in_viewport()
    expect(error).to_be_in_viewport()
    screenshot(page, "admin-error-links")
    print(f"\nerror note to the field: {distance:.0f} px, now one click")
    assert distance > 900  # more than a screen away
    assert csp_violations(page) == []


@pytest.mark.usefixtures("starter_content")
def test_the_list_of_fields_to_correct_is_accessible(axe_page):  # noqa: F811
    log_in(axe_page)
    open_ipt(axe_page)
    axe_page.locator("#id_name").fill("")
    axe_page.get_by_role("button", name="Save", exact=True).first.click()
    expect(axe_page.locator(".error-links")).to_be_visible()
    assert axe_violations_in(axe_page, ".error-links") == []


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


# Chosen sources readable in full ------------------------------------------------------

LONG_TITLES = [
    "Interpersonal psychotherapy for depression in adults: a systematic review and "
    "meta-analysis of trials comparing individual and group formats, 2024 update",
    "Interpersonal psychotherapy for depression in adults: a systematic review and "
    "meta-analysis of trials comparing individual and group formats, 2019 edition",
]

# Each chosen source in the widget: its text, and whether it is cut: wider
# than its own box, or past the right edge of the widget or the window.
CHOSEN = """field => [...document.querySelectorAll(`.field-${field} .select2-selection__choice`)]
  .map(choice => {
    const box = choice.getBoundingClientRect();
    const widget = choice.closest('.select2-selection').getBoundingClientRect();
    return {
      text: choice.innerText,
      cut: choice.scrollWidth > choice.clientWidth + 1
        || box.right > widget.right + 1 || box.right > window.innerWidth,
    };
  })"""


def two_similar_long_sources():
    from therapies.models import Source

    return [
        Source.objects.create(
            key=f"long-review-{n}", title=title, publisher="A journal", kind="research"
        )
        for n, title in enumerate(LONG_TITLES)
    ]


@pytest.mark.parametrize("form", ["therapy", "article"])
def test_chosen_sources_are_shown_in_full(page, starter_content, form):
    from articles.models import Article
    from therapies.models import Citation, Therapy

    sources = two_similar_long_sources()
    if form == "therapy":
        ipt = Therapy.objects.get(slug="ipt")
        for source in sources:
            Citation.objects.create(therapy=ipt, fact="duration", source=source)
        url, field = f"/admin/therapies/therapy/{ipt.pk}/change/", "sources_duration"
    else:
        article = Article.objects.get(slug="ipt-and-dit-are-they-the-same")
        article.sources.add(*sources)
        url, field = f"/admin/articles/article/{article.pk}/change/", "sources"
    log_in(page)
    page.goto(url)
    widget = page.locator(f".field-{field} .select2-selection")
    expect(widget.locator(".select2-selection__choice").first).to_be_visible()
    widget.scroll_into_view_if_needed()
    screenshot(page, f"admin-chosen-sources-{form}")
    chosen = {
        item["text"].lstrip("×").strip(): item["cut"] for item in page.evaluate(CHOSEN, field)
    }
    for title in LONG_TITLES:
        full = f"{title} (A journal)"
        assert full in chosen, chosen
        assert not chosen[full], f"cut off: {full}"
    assert csp_violations(page) == []
