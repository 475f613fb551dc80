"""HTTP caching: validators, 304s, and who may keep a page.

Public pages carry a strong ETag taken from their bytes and a Cache-Control
for shared caches; everything personal, typed by a reader or not a plain 200
is "private, no-store". Each view declares which it is (common/caching.py);
config/page_cache.py applies it.
"""

import datetime
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.pages import text_of
from tests.test_settings import PRODUCTION, load_settings
from tests.therapies.test_admin import therapy_form_data
from therapies.models import Therapy

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
STRONG_ETAG = re.compile(r'^"[0-9a-f]{32}"$')

# One page of every public type, the same for every reader.
PUBLIC_PAGES = [
    "/",
    "/therapies/",
    "/therapies/?condition=depression",
    "/therapies/ipt/",
    "/conditions/depression/",
    "/compare/",
    "/compare/ipt-vs-dit/",
    "/which-therapy/",
    "/articles/",
    "/articles/ipt-and-dit-are-they-the-same/",
    "/about/",
    "/urgent-help/",
    "/sitemap.xml",
    "/feeds/articles/",
    "/feeds/therapies/",
    "/api/therapies/",
    "/api/therapies/ipt/",
]


def is_private(response) -> bool:
    """Cache-Control forbids keeping the page anywhere (views may add no-cache)."""
    directives = {d.strip().split("=")[0] for d in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= directives and not directives & {"public", "s-maxage"}


def fresh_render(client, path: str, **headers):
    """A request that neither the page cache nor a validator can shortcut."""
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response, len(queries)


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "/robots.txt"])
def test_public_pages_carry_a_strong_etag_and_a_shared_cache_policy(client, starter, path):
    response = client.get(path)
    assert response.status_code == 200
    assert STRONG_ETAG.match(response["ETag"]), response["ETag"]
    assert response["Cache-Control"] == PUBLIC
    assert "Accept-Encoding" in response["Vary"]
    # No date validator: see config/http_cache.py (feeds set one of their own).
    assert "Last-Modified" not in response


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_matching_if_none_match_is_answered_304_without_rendering(
    client, starter, path, django_assert_num_queries
):
    page, queries = fresh_render(client, path)
    # The page costs work when rendered: queries, a template, or both.
    assert queries > 0 or page.templates
    # Kept by the page cache: the 304 costs no rendering.
    with django_assert_num_queries(0):
        response = client.get(path, headers={"If-None-Match": page["ETag"]})
    assert response.status_code == 304
    assert response.content == b""
    assert response.templates == []
    assert response["ETag"] == page["ETag"]
    assert response["Cache-Control"] == PUBLIC


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_page_rendered_again_with_the_same_bytes_is_still_answered_304(client, starter, path):
    page, _queries = fresh_render(client, path)
    caches["pages"].clear()  # another app server, or this one after a restart
    response = client.get(path, headers={"If-None-Match": page["ETag"]})
    assert response.status_code == 304
    assert response["ETag"] == page["ETag"]


def test_a_weak_or_listed_etag_matches_too(client, starter):
    etag = client.get("/therapies/ipt/")["ETag"]
    # Caches that changed the encoding weaken the ETag; RFC 9110 compares weakly.
    assert client.get("/therapies/ipt/", headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    listed = f'"0123", {etag}'
    assert client.get("/therapies/ipt/", headers={"If-None-Match": listed}).status_code == 304
    # "*" matches any copy of a page that exists (RFC 9110 13.1.2).
    assert client.get("/therapies/ipt/", headers={"If-None-Match": "*"}).status_code == 304
    assert client.get("/therapies/ipt/", headers={"If-None-Match": '"0123"'}).status_code == 200


def test_etags_differ_per_page_encoding_and_kept_query_but_not_per_method(client, starter):
    ipt = client.get("/therapies/ipt/")["ETag"]
    assert client.get("/therapies/dit/")["ETag"] != ipt
    # A gzipped body is another representation, so another strong ETag.
    assert client.get("/therapies/ipt/", headers={"Accept-Encoding": "gzip"})["ETag"] != ipt
    assert client.head("/therapies/ipt/")["ETag"] == ipt
    # Only the query parameters a page reads make another page.
    assert client.get("/therapies/ipt/?utm_source=x")["ETag"] == ipt
    assert (
        client.get("/therapies/?condition=depression")["ETag"] != client.get("/therapies/")["ETag"]
    )


# The pages that show IPT's number of sessions.
SHOWING_IPT_SESSIONS = [
    "/therapies/ipt/",
    "/compare/ipt-vs-dit/",
    "/articles/ipt-and-dit-are-they-the-same/",
    "/api/therapies/",
    "/api/therapies/ipt/",
]


def test_the_etag_of_every_page_an_edit_changes_changes(editor_client, client, starter, committed):
    before = {path: client.get(path)["ETag"] for path in PUBLIC_PAGES}
    ipt = Therapy.objects.get(slug="ipt")
    with committed():
        response = editor_client.post(
            f"/admin/therapies/therapy/{ipt.pk}/change/",
            therapy_form_data(ipt, sessions_min=9, sessions_max=15),
        )
    assert response.status_code == 302
    after = {path: client.get(path)["ETag"] for path in PUBLIC_PAGES}
    assert all(after[path] != before[path] for path in SHOWING_IPT_SESSIONS), after
    # Taken from the bytes: a page the edit did not change keeps its ETag.
    assert after["/about/"] == before["/about/"]
    # A browser revalidating with the old ETag gets the new page.
    response = client.get("/therapies/ipt/", headers={"If-None-Match": before["/therapies/ipt/"]})
    assert response.status_code == 200
    assert "Usually 9 to 15 sessions" in text_of(response)


def test_a_review_that_becomes_overdue_at_midnight_is_not_answered_304(
    client, starter, monkeypatch
):
    """Pages say when a review is overdue, so a page is kept for one day at
    most: a browser or Varnish revalidating yesterday's copy gets today's page,
    and its ETag, taken from the bytes, changes only where the page did."""
    today = timezone.localdate()
    Therapy.objects.filter(slug="ipt").update(next_review_due=today)
    caches["pages"].clear()
    before = {path: client.get(path)["ETag"] for path in PUBLIC_PAGES}
    assert "overdue" not in text_of(client.get("/therapies/ipt/"))
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + datetime.timedelta(days=1))
    response = client.get("/therapies/ipt/", headers={"If-None-Match": before["/therapies/ipt/"]})
    assert response.status_code == 200
    assert "(overdue: some facts may be out of date)" in text_of(response)
    after = {path: client.get(path)["ETag"] for path in PUBLIC_PAGES}
    assert after["/therapies/ipt/"] != before["/therapies/ipt/"]
    assert after["/about/"] == before["/about/"]  # it shows no review date of IPT's


def test_shared_cache_times_come_from_the_settings(client, starter, settings):
    settings.CDN_MAX_AGE = 300
    settings.CDN_STALE_SECONDS = 0
    cache_control = client.get("/").headers["Cache-Control"]
    assert cache_control == "public, max-age=0, s-maxage=300, stale-while-revalidate=0"


@pytest.mark.parametrize(
    "path",
    [
        "/which-therapy/result/?childhood=yes",
        "/which-therapy/summary/?childhood=yes",
        "/search/?q=therapy",
        "/search/?q=",
        "/search/",  # a search box: kept nowhere, whatever it holds
        "/report-a-mistake/?page=/therapies/ipt/",
        "/admin/login/",
        "/no-such-page/",
        "/therapies/no-such-therapy/",
        "/compare/dit-vs-ipt/",  # a redirect to the canonical order
        "/favicon.ico",  # a redirect to the static file
        "/healthz",
        "/readyz",
    ],
)
def test_readers_input_forms_errors_redirects_and_health_checks_are_private(client, starter, path):
    response = client.get(path)
    assert is_private(response)
    assert "ETag" not in response
    assert "Last-Modified" not in response


def test_a_conditional_request_for_a_private_page_is_rendered(client, starter):
    public_etag = client.get("/which-therapy/")["ETag"]
    response = client.get(
        "/which-therapy/result/?childhood=yes", headers={"If-None-Match": public_etag}
    )
    assert response.status_code == 200
    assert is_private(response)


def test_posts_are_private_even_to_a_public_address(client, starter):
    etag = client.get("/therapies/ipt/")["ETag"]
    response = client.post("/therapies/ipt/", headers={"If-None-Match": etag})
    assert response.status_code != 304
    assert is_private(response)
    report = client.post("/report-a-mistake/", {"page": "/therapies/ipt/", "message": "x"})
    assert is_private(report)
    assert "ETag" not in report


def test_the_report_forms_csrf_cookie_ends_with_the_browser_session(client, starter):
    """Requests with it are kept out of shared caches, so it must not last a year."""
    response = client.get("/report-a-mistake/", {"page": "/therapies/ipt/"})
    cookie = response.cookies["csrftoken"]
    assert cookie.value
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def test_a_signed_in_editor_gets_private_pages_and_no_304(editor_client, client, starter):
    etag = client.get("/therapies/ipt/")["ETag"]
    response = editor_client.get("/therapies/ipt/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert is_private(response)
    assert "ETag" not in response
    assert is_private(editor_client.get("/admin/"))


def test_a_reader_with_a_csrf_cookie_gets_private_pages(client, starter):
    client.get("/report-a-mistake/?page=/therapies/ipt/")
    assert "csrftoken" in client.cookies
    response = client.get("/therapies/ipt/")
    assert response.status_code == 200
    assert is_private(response)
    assert "ETag" not in response


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DJANGO_CDN_MAX_AGE", "-1", "DJANGO_CDN_MAX_AGE must be a number of seconds"),
        ("DJANGO_CDN_MAX_AGE", "a minute", "DJANGO_CDN_MAX_AGE must be a whole number"),
        ("DJANGO_CDN_STALE_SECONDS", "-5", "DJANGO_CDN_STALE_SECONDS must be a number"),
        ("VARNISH_URL", "varnish:6081", "VARNISH_URL must be http://"),
        ("VARNISH_URL", "http://127.0.0.1:6081/,ftp://x/", "VARNISH_URL must be http://"),
    ],
)
def test_bad_http_cache_settings_stop_the_site(variable, value, message):
    result = load_settings(**PRODUCTION, **{variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_http_cache_settings_load_when_valid():
    result = load_settings(
        **PRODUCTION,
        DJANGO_CDN_MAX_AGE="120",
        DJANGO_CDN_STALE_SECONDS="0",
        VARNISH_URL="http://127.0.0.1:6081/, http://10.0.0.2:6081/",
    )
    assert result.returncode == 0, result.stderr
