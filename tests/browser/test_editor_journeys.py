import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from therapies.permissions import grant_editor_permissions

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a long editor password 42"


@pytest.fixture
def editor_account(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Transactional tests empty every table between tests, including the
    # group and permissions the migrations made; make them again.
    for app_label in ["therapies", "articles"]:
        grant_editor_permissions(apps, app_label)
    user = User.objects.create_user("edith", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def csp_violations(page) -> list[str]:
    return [text for text in page.console_errors if "Content Security Policy" in text]


def log_in(page):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("edith")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_editor_changes_a_fact_and_readers_see_it_on_the_comparison(
    page, starter_content, editor_account
):
    log_in(page)
    page.get_by_role("link", name="Therapies").first.click()
    page.get_by_role("link", name="Dynamic interpersonal therapy", exact=True).click()
    page.locator("#id_sessions_min").fill("12")
    page.locator("#id_sessions_max").fill("20")
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_url(re.compile(r"/admin/therapies/therapy/$"))
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.goto("/compare/ipt-vs-dit/")
    expect(page.get_by_text("DIT usually takes 12 to 20 sessions").first).to_be_visible()
    assert csp_violations(page) == []


def test_editor_writes_an_article_with_a_live_fact_previews_and_publishes_it(
    page, browser, live_server, starter_content, editor_account
):
    log_in(page)
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title").fill("How long does IPT take?")
    page.get_by_label("Standfirst").fill("A short answer.")
    body = page.locator("textarea#id_body")
    body.fill("IPT usually takes {{ ipt.sessions }}.\n\n**Ask** your service.")
    body.press("End")  # a key press is what triggers markdownx's preview
    preview = page.locator(".markdownx-preview")
    preview.get_by_text("12 to 16 sessions").wait_for()
    assert preview.locator("strong").inner_text() == "Ask"
    page.get_by_label("Status").select_option("published")
    page.get_by_label("Author").fill("Edith Editor")
    page.get_by_label("Reviewer").fill("Rita Reviewer")
    page.get_by_label("Last reviewed").fill("2026-11-01")
    page.get_by_label("Next review due").fill("2027-11-01")
    screenshot(page, "admin-article-editor")
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    assert csp_violations(page) == []

    reader = browser.new_context(
        base_url=live_server.url, extra_http_headers={"X-Forwarded-Proto": "https"}
    )
    reader_page = reader.new_page()
    reader_page.goto("/articles/")
    reader_page.get_by_role("link", name="How long does IPT take?").click()
    expect(reader_page.get_by_text("IPT usually takes 12 to 16 sessions")).to_be_visible()
    reader.close()


def test_two_editors_edit_the_same_therapy_and_nothing_is_lost(
    browser, live_server, browser_settings, starter_content, editor_account
):
    from tests.browser.conftest import open_context

    first_context = open_context(browser, live_server)
    second_context = open_context(browser, live_server)
    first, second = first_context.new_page(), second_context.new_page()
    for page in (first, second):
        page.console_errors = []
        log_in(page)
        page.goto("/admin/therapies/therapy/")
        page.get_by_role("link", name="Interpersonal therapy", exact=True).click()

    # The first editor saves a change...
    first.locator("#id_sessions_max").fill("20")
    first.get_by_role("button", name="Save", exact=True).first.click()
    first.wait_for_url(re.compile(r"/admin/therapies/therapy/$"))

    # ...the second, whose form was opened before, is told and keeps their text.
    second.locator("#id_summary").fill("IPT is a short talking therapy about relationships now.")
    second.get_by_role("button", name="Save", exact=True).first.click()
    note = second.locator(".errornote, .errorlist").first.inner_text()
    assert "saved this record after you opened it" in second.content()
    assert note
    assert "“16” → “20”" in second.content()
    assert (
        second.locator("#id_summary").input_value()
        == "IPT is a short talking therapy about relationships now."
    )
    screenshot(second, "admin-edit-conflict")

    # Having read what changed, the second editor keeps the first's number and saves.
    assert second.locator("#id_sessions_max").input_value() == "16"
    second.locator("#id_sessions_max").fill("20")
    second.get_by_role("button", name="Save", exact=True).first.click()
    second.wait_for_url(re.compile(r"/admin/therapies/therapy/$"))

    second.goto("/therapies/ipt/")
    expect(
        second.get_by_text("IPT is a short talking therapy about relationships now.")
    ).to_be_visible()
    expect(second.get_by_text("Usually 12 to 20 sessions")).to_be_visible()

    # Both changes are in the history, which works under the CSP.
    second.goto("/admin/therapies/therapy/")
    second.get_by_role("link", name="Interpersonal therapy", exact=True).click()
    second.get_by_role("link", name="History", exact=True).click()
    # A long text's change is folded away until the editor opens it.
    second.locator("#change-history summary").filter(has_text="Summary").first.click()
    history = second.locator("#change-history").inner_text()
    assert "16 → 20" in history
    assert "IPT is a short talking therapy about relationships now." in history
    screenshot(second, "admin-history")
    assert csp_violations(first) == [] and csp_violations(second) == []
    first_context.close()
    second_context.close()
