import pytest

pytestmark = [pytest.mark.urls("tests.urls_with_errors"), pytest.mark.django_db]

INTERNALS = ["Traceback", "secret internal", "settings.py", "10.0.0.5", "DEBUG"]


def assert_reveals_nothing_internal(response):
    body = response.content.decode()
    for word in INTERNALS:
        assert word not in body


def test_missing_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Need help now?" in response.content.decode()
    assert_reveals_nothing_internal(response)


def test_server_error_is_a_friendly_500_with_no_internals(client):
    client.raise_request_exception = False
    response = client.get("/test-broken/")
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()
    assert_reveals_nothing_internal(response)


def test_forbidden_is_a_friendly_403(client):
    response = client.get("/test-forbidden/")
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()
    assert_reveals_nothing_internal(response)


def test_database_outage_is_a_friendly_503_that_asks_to_retry(client):
    response = client.get("/test-database-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Sorry, the service is unavailable" in response.content.decode()
    assert_reveals_nothing_internal(response)


def test_bad_host_header_is_refused_with_400(client):
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "could not understand that request" in response.content.decode()
    assert_reveals_nothing_internal(response)
