import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_context, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(browser, live_server, browser_settings):
    context = open_context(
        browser, live_server, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


def page_scrolls_sideways(page) -> bool:
    # Against the emulated screen: innerWidth grows with overflow (TRAPS.md).
    return page.evaluate("document.documentElement.scrollWidth > screen.width")


def test_reader_picks_two_therapies_and_reads_the_comparison_on_a_phone(phone, starter_content):
    phone.goto("/compare/")
    phone.get_by_label("Dynamic interpersonal therapy (DIT)").check()
    phone.get_by_label("Interpersonal therapy (IPT)").check()
    phone.get_by_role("button", name="Compare").click()
    phone.wait_for_url(re.compile(r"/compare/ipt-vs-dit/$"))
    assert phone.get_by_role("heading", level=1).inner_text() == "IPT vs DIT: are they the same?"
    expect(phone.get_by_text("No. IPT and DIT are different therapies.")).to_be_visible()
    differences = phone.locator("ol.differences > li")
    assert differences.count() >= 6
    # The page never scrolls sideways: on a phone each fact is a block with a
    # line per therapy, both on screen together.
    assert not page_scrolls_sideways(phone)
    table_region = phone.get_by_role("region", name=re.compile("IPT vs DIT compared"))
    expect(table_region).to_be_visible()
    duration = table_region.get_by_role("row", name=re.compile("How long it lasts"))
    duration.scroll_into_view_if_needed()
    for therapy in ["IPT", "DIT"]:
        line = duration.get_by_role("cell", name=re.compile(f"^{therapy}:"))
        expect(line).to_be_in_viewport()
        box = line.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    expect(phone.get_by_role("img", name="Usual number of sessions")).to_be_visible()
    screenshot(phone, "compare-ipt-vs-dit-phone")


def test_choosing_only_one_therapy_explains_what_to_do(phone, starter_content):
    phone.goto("/compare/")
    phone.get_by_label("Interpersonal therapy (IPT)").check()
    phone.get_by_role("button", name="Compare").click()
    assert phone.get_by_role("alert").inner_text() == "Choose between 2 and 4 therapies to compare."
    # The choice made is kept.
    assert phone.get_by_label("Interpersonal therapy (IPT)").is_checked()


# Sets of 2, 3 and 4 starter therapies (in site order) that between them hold
# every therapy, every place on the focus axis and the longest names.
CHART_SETS = [
    ["ipt", "dit"],
    ["guided-self-help", "counselling"],
    ["cbt", "group-cbt", "counselling"],
    ["ipt", "dit", "mbct"],
    ["group-ba", "ba", "mbct", "counselling"],
    ["ipt", "dit", "group-cbt", "counselling"],
]

# Every text label of each chart, with its box and the chart's, as drawn.
CHART_LABELS = """() => [...document.querySelectorAll("figure.picture svg")].map(svg => ({
    box: svg.getBoundingClientRect().toJSON(),
    labels: [...svg.querySelectorAll("text")].map(text => ({
        text: text.textContent, ...text.getBoundingClientRect().toJSON()
    })),
}))"""


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def inside(label: dict, box: dict) -> bool:
    edge = 0.5  # a rounding error, not a cut-off letter
    return (
        label["left"] >= box["left"] - edge
        and label["right"] <= box["right"] + edge
        and label["top"] >= box["top"] - edge
        and label["bottom"] <= box["bottom"] + edge
    )


@pytest.mark.parametrize("width", [360, 1280])
def test_chart_labels_never_overlap_and_stay_inside_the_chart(
    browser, live_server, browser_settings, starter_content, width
):
    context = open_context(
        browser, live_server, viewport={"width": width, "height": 800}, is_mobile=width < 400
    )
    page = context.new_page()
    problems = []
    for slugs in CHART_SETS:
        path = "/compare/" + "-vs-".join(slugs) + "/"
        page.goto(path)
        charts = page.evaluate(CHART_LABELS)
        assert len(charts) == 2, path
        for chart in charts:
            labels = chart["labels"]
            problems += [
                f"{path}: {a['text']!r} overlaps {b['text']!r}"
                for i, a in enumerate(labels)
                for b in labels[i + 1 :]
                if overlap(a, b)
            ]
            problems += [
                f"{path}: {label['text']!r} is cut off"
                for label in labels
                if not inside(label, chart["box"])
            ]
    screenshot(page, f"compare-chart-{width}")
    context.close()
    assert not problems, "\n".join(problems)
