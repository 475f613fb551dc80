"""Hostile input gets a clear 400 or 404, or an empty result: never a 500.

PostgreSQL refuses what SQLite accepts (a NUL byte in any value that reaches a
query; long runs of search operators), so the tests marked `postgresql` run
only when DATABASE_URL points at PostgreSQL, as in CI's second run.
"""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db
postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only (set DATABASE_URL)"
)

READER_PATHS_WITH_NUL = [
    "/therapies/?condition=%00",
    "/therapies/?condition=depression%00",
    "/compare/ipt%00-vs-dit/",
    "/compare/ipt-vs-dit%00/",
    "/compare/?therapy=ipt%00&therapy=dit",
    "/articles/?page=%00",
    "/which-therapy/result/?childhood=%00",
    "/which-therapy/summary/?childhood=%00",
    "/search/?q=%00",
    "/api/therapies/?format=%00",
    "/%00/",
]
ADMIN_PATHS_WITH_NUL = [
    "/admin/therapies/therapy/?q=%00",
    "/admin/therapies/therapy/?status=%00",
    "/admin/therapies/therapy/?school__id__exact=%00",
    "/admin/articles/article/?therapies__id__exact=1%00",
    "/admin/autocomplete/?app_label=therapies&model_name=therapycondition"
    "&field_name=condition&term=%00",
]


@postgresql
@pytest.mark.parametrize("path", READER_PATHS_WITH_NUL)
def test_a_nul_byte_anywhere_in_a_readers_address_is_a_clear_400(client, starter, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "could not understand that request" in response.content.decode()


@postgresql
@pytest.mark.parametrize("path", ADMIN_PATHS_WITH_NUL)
def test_a_nul_byte_in_admin_filters_and_autocomplete_is_a_400(editor_client, starter, path):
    assert editor_client.get(path).status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "-" * 33 + "therapy",
        "-" * 200,
        " ".join(["-" * 40] * 12),
        "therapy " + "-" * 40 + "childhood",
        '"' * 50 + "therapy",
        "or " * 60,
        "!" * 100 + "(" * 100,
        "- - - - - - - - - - - - therapy",
    ],
)
def test_runs_of_search_operators_give_results_or_none_never_an_error(client, starter, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


# The admin's own URLs ---------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/admin/therapies/therapy/abc/history/"),
        ("get", "/admin/therapies/therapy/1.5/history/"),
        ("post", "/admin/therapies/therapy/abc/history/1/undo/"),
        ("post", "/admin/therapies/therapy/abc/history/1/restore/"),
        ("get", "/admin/articles/page/abc/history/"),
    ],
)
def test_admin_history_and_revert_of_a_non_numeric_id_is_404(editor_client, starter, method, path):
    editor_client.raise_request_exception = False
    assert getattr(editor_client, method)(path).status_code == 404


@pytest.mark.parametrize("path", ["/report-a-mistake/", "/admin/login/", "/markdownx/upload/"])
def test_a_body_larger_than_any_form_needs_is_refused_before_it_is_read(client, path):
    """A 100 MB multipart POST was read to a temporary file before the CSRF
    check refused it. Only the headers are sent here: reading the body the
    Content-Length promises would fail the test client."""
    response = client.post(
        path,
        b"--x--",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(100 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "Sorry, that was too large to send" in response.content.decode()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "cookie",
    ["sessionid=abc\x00def", "csrftoken=\x00", "na\x00me=value"],
)
@pytest.mark.parametrize("path", ["/", "/therapies/ipt/", "/admin/", "/report-a-mistake/"])
def test_a_nul_byte_in_a_cookie_is_a_clear_400_not_a_500(client, starter, cookie, path):
    # Issue 28, item 9: a NUL in the session cookie was a 500 on every page.
    response = client.get(path, HTTP_COOKIE=cookie)
    assert response.status_code == 400
    assert "could not understand that request" in response.content.decode()


@pytest.mark.parametrize(
    "refusal", ["gzip;q=0", "gzip; q=0.000", "br, gzip ; Q=0.0", "gzip;q=0, br"]
)
def test_a_browser_that_refuses_gzip_gets_the_page_uncompressed(client, starter, refusal):
    # Issue 28, item 11: "gzip;q=0" is a no, and was answered in gzip.
    response = client.get("/therapies/ipt/", HTTP_ACCEPT_ENCODING=refusal)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert "Interpersonal therapy (IPT)" in response.content.decode()
    # A browser that takes gzip still gets it (so the test above can fail).
    taken = client.get("/therapies/ipt/", HTTP_ACCEPT_ENCODING="gzip;q=0.5")
    assert taken["Content-Encoding"] == "gzip"
