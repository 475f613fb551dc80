"""The whole-page cache: fast for readers, never stale after an edit, never private."""

import pytest

from articles.models import Article
from tests.conftest import CONDITIONS_WITH_OPTIONS, PUBLIC_PAGE_TYPES
from tests.pages import text_of
from tests.therapies.test_admin import therapy_form_data
from therapies.models import Therapy, TherapyCondition

pytestmark = pytest.mark.django_db


# Everything public except what is never cached: pages with a reader's own
# input (chooser results and their summaries, searches) and errors.
PUBLIC_PAGES = [
    path
    for path in PUBLIC_PAGE_TYPES
    if not path.startswith(
        ("/which-therapy/result/", "/which-therapy/summary/", "/search/", "/no-such-page/")
    )
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_are_served_from_the_cache_the_second_time(
    client, starter, path, django_assert_num_queries
):
    first = client.get(path)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    for header in ["Content-Type", "Content-Security-Policy", "Strict-Transport-Security"]:
        assert second[header] == first[header]


def test_cached_pages_are_stored_compressed_for_browsers_that_accept_it(client, starter):
    first = client.get("/compare/ipt-vs-dit/", headers={"Accept-Encoding": "gzip"})
    second = client.get("/compare/ipt-vs-dit/", headers={"Accept-Encoding": "gzip"})
    assert second["X-Page-Cache"] == "hit"
    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    plain = client.get("/compare/ipt-vs-dit/")
    assert "Content-Encoding" not in plain
    assert b"<!doctype html>" in plain.content


def test_comparison_html_stays_within_its_compressed_page_weight_budget(client, starter):
    response = client.get("/compare/ipt-vs-dit/", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) <= 20 * 1024


# Compressed bytes, as sent to a browser that accepts gzip. Measured at commit
# 75ca61d: the heaviest condition page (depression, 21 options) 14,396 bytes,
# the chooser's options for depression 13,908, /how-to-get-help/ 6,619. The
# option pages get the comparison's 20 KB; the help page, a list of seven ways
# to get help and their sources, half that.
WEIGHT_BUDGETS = [
    *[(f"/conditions/{slug}/", 20 * 1024) for slug in CONDITIONS_WITH_OPTIONS],
    ("/which-therapy/result/?help-with=depression", 20 * 1024),
    ("/how-to-get-help/", 10 * 1024),
]


@pytest.mark.parametrize(("path", "budget"), WEIGHT_BUDGETS)
def test_option_and_help_pages_stay_within_their_compressed_page_weight_budgets(
    client, starter, path, budget
):
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) <= budget


def test_an_admin_edit_shows_on_the_next_request(editor_client, client, starter, committed):
    assert "Usually 12 to 16 sessions" in text_of(client.get("/therapies/ipt/"))
    ipt = Therapy.objects.get(slug="ipt")
    with committed():
        response = editor_client.post(
            f"/admin/therapies/therapy/{ipt.pk}/change/",
            therapy_form_data(ipt, sessions_min=9, sessions_max=15),
        )
    assert response.status_code == 302
    fresh = client.get("/therapies/ipt/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Usually 9 to 15 sessions" in text_of(fresh)
    assert "IPT usually takes 9 to 15 sessions" in text_of(
        client.get("/articles/ipt-and-dit-are-they-the-same/")
    )


def test_deleting_a_record_invalidates_pages(client, starter, committed):
    assert "Eating disorders" in text_of(client.get("/therapies/ipt/"))
    with committed():
        TherapyCondition.objects.get(
            therapy__slug="ipt", condition__slug="eating-disorders"
        ).delete()
    assert "Eating disorders" not in text_of(client.get("/therapies/ipt/"))


def test_changing_which_therapies_an_article_covers_invalidates_pages(client, starter, committed):
    assert "Read it on its own page" in text_of(client.get("/compare/ipt-vs-dit/"))
    with committed():
        Article.objects.get().therapies.remove(Therapy.objects.get(slug="dit"))
    assert "Read it on its own page" not in text_of(client.get("/compare/ipt-vs-dit/"))


def test_loading_starter_content_again_does_not_invalidate_when_nothing_changed(client, starter):
    from django.core.management import call_command

    client.get("/therapies/ipt/")
    call_command("load_starter_content", verbosity=0)
    assert client.get("/therapies/ipt/")["X-Page-Cache"] == "hit"


def test_editors_are_never_served_or_given_cached_pages(editor_client, client, starter):
    client.get("/therapies/ipt/")  # cached for readers
    response = editor_client.get("/therapies/ipt/")
    assert "X-Page-Cache" not in response
    dit = Therapy.objects.get(slug="dit")
    dit.status = "draft"
    dit.save()  # as the admin does (an update() sends no signal: config/apps.py)
    assert "Draft preview" in text_of(editor_client.get("/therapies/dit/"))
    # The preview was not cached for readers.
    assert client.get("/therapies/dit/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/which-therapy/result/?childhood=yes",
        "/search/?q=childhood",
        "/healthz",
        "/readyz",
        "/nope/",
    ],
)
def test_pages_with_a_readers_input_errors_and_health_checks_are_never_cached(
    client, starter, path
):
    client.get(path)
    assert "X-Page-Cache" not in client.get(path)


def test_post_requests_are_never_cached(client, starter):
    client.post("/therapies/ipt/")
    assert client.get("/therapies/ipt/")["X-Page-Cache"] == "miss"


# Hardening (issue 16) ----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/search?q=something+private",
        "/which-therapy/result?childhood=yes",
        "/search/?q=something+private",
    ],
)
def test_nothing_carrying_a_readers_input_is_cached_not_even_a_redirect(client, starter, path):
    first = client.get(path)
    second = client.get(path)
    assert first.status_code == second.status_code
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second


def test_redirects_are_never_served_from_the_cache(client, starter):
    for _ in range(2):
        response = client.get("/compare/dit-vs-ipt/")
        assert response.status_code == 301
        assert "X-Page-Cache" not in response


def test_production_does_not_say_whether_a_page_came_from_the_cache(
    client, starter, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_HEADER = False
    first = client.get("/therapies/ipt/")
    with django_assert_num_queries(0):  # still served from the cache
        second = client.get("/therapies/ipt/")
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second


def test_an_odd_accept_encoding_cannot_serve_uncompressed_pages_to_browsers(client, starter):
    odd = client.get("/compare/ipt-vs-dit/", headers={"Accept-Encoding": "nogzip"})
    assert "Content-Encoding" not in odd
    browser = client.get("/compare/ipt-vs-dit/", headers={"Accept-Encoding": "gzip, br"})
    assert browser["Content-Encoding"] == "gzip"
    again = client.get("/compare/ipt-vs-dit/", headers={"Accept-Encoding": "nogzip"})
    assert "Content-Encoding" not in again and b"<!doctype html>" in again.content


def test_query_strings_a_page_does_not_use_share_its_one_cached_copy(client, starter):
    assert client.get("/compare/ipt-vs-dit/?utm_source=a")["X-Page-Cache"] == "miss"
    for query in ["", "?utm_source=b", "?x=1&y=2", "?" + "z" * 500]:
        assert client.get("/compare/ipt-vs-dit/" + query)["X-Page-Cache"] == "hit"
    # Query values a page reads still make pages of their own.
    assert client.get("/therapies/?condition=depression")["X-Page-Cache"] == "miss"
    assert "Interpersonal" in text_of(client.get("/therapies/?condition=depression&utm=1"))


def test_the_page_cache_keeps_within_its_byte_budget():
    from django.conf import settings
    from django.utils.module_loading import import_string

    config = settings.CACHES["pages"]
    options = {**config.get("OPTIONS", {}), "MAX_BYTES": 1_000_000}
    pages = import_string(config["BACKEND"])("budget-test", {**config, "OPTIONS": options})
    page = (200, [("Content-Type", "text/html")], b"x" * 100_000)
    for n in range(50):
        pages.set(f"page-{n}", page)
        pages.get("page-0")  # read often: kept while older pages go
    kept = [n for n in range(50) if pages.get(f"page-{n}") is not None]
    assert len(kept) <= 10
    assert 0 in kept and 49 in kept
    pages.set("too-big", (200, [], b"x" * 2_000_000))
    assert pages.get("too-big") is None and pages.get("page-49") is not None
    pages.clear()


def test_the_page_cache_budget_is_an_environment_setting():
    import subprocess
    import sys

    from tests.test_settings import ROOT

    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CACHES['pages']['OPTIONS']['MAX_BYTES'])",
        ],
        cwd=ROOT,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "1",
            "DJANGO_PAGE_CACHE_MB": "7",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.stdout.strip() == str(7 * 1024 * 1024), shown.stderr
