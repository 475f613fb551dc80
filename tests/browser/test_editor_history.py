"""A record's history page at 360 px (issue 27, item 6.5): short enough to use
and never wider than the phone.

Measured before the change (IPT's starter content and the 24 saves below,
360 × 740): page 1 of 2 was 23,805 px tall, page 2 (with the starter
content's save) 61,748 px; the changes' column was a few words wide
between the dates and the buttons, every long text shown in full (cut at 300
characters).
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_context, screenshot
from tests.browser.test_editor_journeys import (  # noqa: F401  (a fixture)
    editor_account,
    log_in,
)
from tests.browser.test_reader_experience import (  # noqa: F401  (a fixture)
    OVERFLOWING_TEXT,
    axe_page,
    axe_violations,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("editor_account")]

HEIGHT_BUDGET = 6_000  # px, for a page of saves at 360 px

# Every visible element whose box ends past the phone's right edge (compared
# with screen.width: with is_mobile, innerWidth grows with overflow).
OVERFLOWING_BOXES = """() => [...document.body.querySelectorAll('*')]
  .filter(el => el.checkVisibility() && el.getBoundingClientRect().width > 0
    && el.getBoundingClientRect().right > screen.width + 0.5)
  .map(el => `${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(el.getBoundingClientRect().right)}`)"""


def a_month_of_saves(rounds: int):
    """Each round: long texts rewritten, a number changed, a source added, the
    number changed back (four saves), by two editors."""
    from history.recording import acting_as
    from therapies.models import Citation, Source, Therapy

    ipt = Therapy.objects.get(slug="ipt")
    cited = set(ipt.citations.filter(fact="duration").values_list("source_id", flat=True))
    new_sources = Source.objects.exclude(pk__in=cited).order_by("key")[:rounds]
    for n, source in enumerate(new_sources):
        with acting_as("Edith Editor"):
            ipt.summary = f"{ipt.summary} A sentence added in edit {n}, to make a long change."
            ipt.sessions_like = f"Rewritten {n}. {ipt.sessions_like}"
            ipt.save()
        with acting_as("Rita Reviewer"):
            ipt.sessions_max = 20
            ipt.save()
        with acting_as("Rita Reviewer"):
            Citation.objects.create(therapy=ipt, fact="duration", source=source)
        with acting_as("Edith Editor"):
            ipt.sessions_max = 16
            ipt.save()
    return ipt


def measure(phone, name: str) -> dict:
    expect(phone.locator("#change-history")).to_be_visible()
    found = {
        "height": phone.evaluate("document.documentElement.scrollHeight"),
        "scroll_width": phone.evaluate("document.documentElement.scrollWidth"),
        "wide": phone.evaluate(OVERFLOWING_BOXES) + phone.evaluate(OVERFLOWING_TEXT),
    }
    screenshot(phone, name)
    # Everything folded away, opened: still no wider than the phone.
    phone.evaluate(
        "document.querySelectorAll('#change-history details').forEach(d => d.open = true)"
    )
    found["wide_when_open"] = phone.evaluate(OVERFLOWING_BOXES) + phone.evaluate(OVERFLOWING_TEXT)
    return found


def test_the_history_page_is_usable_on_a_phone(
    browser, live_server, browser_settings, starter_content
):
    ipt = a_month_of_saves(6)  # 24 saves and the starter content's: two pages
    context = open_context(
        browser, live_server, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    phone = context.new_page()
    log_in(phone)
    assert phone.evaluate("screen.width") == 360
    phone.goto(f"/admin/therapies/therapy/{ipt.pk}/history/")
    newest = measure(phone, "admin-history-360")
    expect(phone.locator("#change-history tbody tr")).to_have_count(20)
    phone.get_by_role("link", name="Older saves").click()
    oldest = measure(phone, "admin-history-360-page-2")  # with the starter content's save
    print(f"\nhistory at 360 px: page 1 {newest}, page 2 {oldest}")
    for found in [newest, oldest]:
        assert found["height"] < HEIGHT_BUDGET
        assert found["scroll_width"] <= 360
        assert found["wide"] == [] and found["wide_when_open"] == []
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.usefixtures("starter_content")
def test_the_history_page_has_no_accessibility_violations(axe_page, width):  # noqa: F811
    ipt = a_month_of_saves(1)
    axe_page.set_viewport_size({"width": width, "height": 800})
    log_in(axe_page)
    axe_page.goto(f"/admin/therapies/therapy/{ipt.pk}/history/")
    axe_page.evaluate(
        "document.querySelectorAll('#change-history details').forEach(d => d.open = true)"
    )
    assert axe_violations(axe_page) == []
