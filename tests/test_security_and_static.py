import re

import pytest

from tests.conftest import PUBLIC_PAGE_TYPES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", PUBLIC_PAGE_TYPES)
def test_every_public_page_type_carries_strict_security_headers(client, starter, path):
    for attempt in ["uncached", "cached"]:
        response = client.get(path)
        assert_strict_headers(response), attempt


def assert_strict_headers(response):
    csp = response["Content-Security-Policy"]
    for directive in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "nonce-" not in csp  # public pages are shared; they never use a nonce
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    return True


@pytest.mark.parametrize("path", PUBLIC_PAGE_TYPES)
def test_public_pages_have_no_inline_script_or_style(client, starter, path):
    body = client.get(path).content.decode()
    assert "<style" not in body
    assert " style=" not in body
    scripts = re.findall(r"<script[^>]*>", body)
    assert all('type="application/ld+json"' in tag for tag in scripts)


def test_the_admin_gets_a_nonce_for_its_own_scripts(editor_client):
    response = editor_client.get("/admin/")
    assert "'nonce-" in response["Content-Security-Policy"]
    assert "X-Page-Cache" not in response


def test_plain_http_is_redirected_to_https(db):
    from django.test import Client

    response = Client().get("/therapies/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/therapies/"


def stylesheet_url(client) -> str:
    body = client.get("/").content.decode()
    return re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body).group(1)


def test_static_files_are_hashed_compressed_and_cached_for_ever(client):
    url = stylesheet_url(client)
    response = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    response.close()


def test_stylesheet_stays_within_its_page_weight_budget(client):
    url = stylesheet_url(client)
    response = client.get(url, headers={"Accept-Encoding": "br"})
    size = sum(len(chunk) for chunk in response.streaming_content)
    assert size <= 15 * 1024  # total CSS budget, compressed


def assert_same_headers_without_tls(response):
    """The strict set, less HSTS, which browsers honour only over HTTPS."""
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "nonce-" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("path", "host", "status"),
    [
        ("/no-such-page/", "testserver", 404),
        ("/therapies/no-such-therapy/", "testserver", 404),
        ("/therapies/?condition=%00", "testserver", 400),
        ("/", "evil.example.com", 400),
    ],
)
def test_error_pages_carry_the_same_security_headers(client, starter, path, host, status):
    client.raise_request_exception = False
    response = client.get(path, headers={"Host": host})
    assert response.status_code == status
    assert_strict_headers(response)


def test_the_redirect_to_https_carries_the_same_security_headers(db):
    from django.test import Client

    response = Client().get("/therapies/")
    assert response.status_code == 301
    assert_same_headers_without_tls(response)
