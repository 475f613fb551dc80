"""Real-browser tests: Playwright for Python driving Debian's Chromium.

Never a downloaded browser. When /usr/bin/chromium is missing these tests are
skipped, unless REQUIRE_BROWSER=1 (as in CI), where that is a failure.
"""

import os
from pathlib import Path

import pytest
from django.test import override_settings

from tests.conftest import HTTPS

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # The machine has no outside network; stop Chromium looking for Google's hosts.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


@pytest.fixture(scope="session", autouse=True)
def static_files_for_the_live_server(collected_static):
    """The live server starts once and its WhiteNoise reads STATIC_ROOT then,
    so the collected files are in place before it starts (autouse fixtures of
    a scope are set up before the others of that scope)."""
    with override_settings(STATIC_ROOT=collected_static):
        yield


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_settings(settings, live_server):
    # The browser reaches the site as if through the HTTPS proxy, but its
    # Origin header still names the live server's plain-HTTP address.
    settings.CSRF_TRUSTED_ORIGINS = [live_server.url]
    # The live server serves /static/ from the app folders itself (before
    # WhiteNoise sees the request), so pages must link the unhashed names.
    # WhiteNoise and the hashed files are tested through the test client.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def starter_content(transactional_db):
    """The starter content, committed so the live server's thread can read it."""
    from django.core.management import call_command

    call_command("load_starter_content", verbosity=0)


def open_context(browser, live_server, **options):
    """A fresh browser profile that reaches the site as if through the HTTPS proxy."""
    context = browser.new_context(base_url=live_server.url, extra_http_headers=HTTPS, **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(browser, live_server, browser_settings):
    context = open_context(browser, live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def phone(browser, live_server, browser_settings):
    """A 360 px phone, the width most readers arrive at."""
    context = open_context(
        browser, live_server, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    """Saves what the page shows to test-artifacts/ (git-ignored) for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
