"""Every page type through the servers people really run: the development
server (`make run`) and `make serve`'s gunicorn.

The test client calls Django directly and never meets a server's own rules.
The development server (wsgiref) refuses a header whose name is not exactly
`str`, which once turned every 404 and 304 of `make run` into "A server
error occurred. Please contact the administrator." Each server here answers
every public page type (200), a mistyped address (404), a malformed request
(400), a browser revalidating what it has (304) and a view that fails (500,
the friendly page when debug is off).

Runs on SQLite: a database file made by the project's own commands.
"""

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PUBLIC_PAGE_TYPES
from tests.servers import free_port, stop

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PAGES = [page for page in PUBLIC_PAGE_TYPES if page != "/no-such-page/"]
# Pages every reader gets the same copy of, so a browser can revalidate them.
REVALIDATED = [page for page in PAGES if "?" not in page]
SECRET = "test-only-secret-key-for-the-real-servers-0123456789"


def fetch(port: int, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    # As behind the TLS proxy, which always says the request came over https.
    connection.request("GET", path, headers={"X-Forwarded-Proto": "https", **(headers or {})})
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


@pytest.fixture(scope="module")
def site_database(tmp_path_factory, collected_static):
    """A migrated SQLite file with the starter content, as `make run` makes it."""
    path = tmp_path_factory.mktemp("real-servers") / "site.sqlite3"
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{path}",  # an absolute path: sqlite:////tmp/...
        "DJANGO_STATIC_ROOT": str(collected_static),
    }
    for command in (["migrate", "--noinput"], ["load_starter_content"]):
        subprocess.run(
            [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    return env


def start(command: list[str], env: dict, port: int, log_path: Path) -> subprocess.Popen:
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text(errors="replace")
        try:
            if fetch(port, "/healthz").status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    pytest.fail(f"the server did not start:\n{log_path.read_text(errors='replace')}")


SERVERS = {
    # `make run`: the development server, debug on.
    "development server, debug on": (
        True,
        lambda port: [
            PYTHON,
            "manage.py",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
        ],
    ),
    # The development server with production settings (its own rules, the friendly pages).
    "development server, debug off": (
        False,
        lambda port: [
            PYTHON,
            "manage.py",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--insecure",
        ],
    ),
    # `make serve`'s server, as deploy/serve starts it.
    "make serve's server": (False, lambda port: [str(ROOT / "deploy" / "serve")]),
}


@pytest.fixture(scope="module", params=list(SERVERS))
def server(request, site_database, tmp_path_factory):
    debug, command = SERVERS[request.param]
    port = free_port()
    env = {
        **site_database,
        "DJANGO_DEBUG": "1" if debug else "0",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # The site plus views that fail on purpose (tests/urls_with_errors.py).
        "DJANGO_SETTINGS_MODULE": "tests.settings_with_errors",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "BIN": str(Path(PYTHON).parent),
    }
    log_path = tmp_path_factory.mktemp("server-log") / "server.log"
    process = start(command(port), env, port, log_path)
    yield port, debug
    stop(process)
    print(f"--- {request.param} log ---\n{log_path.read_text(errors='replace')[-3000:]}")


def assert_not_the_servers_own_error(response) -> None:
    assert b"A server error occurred" not in response.body


@pytest.mark.parametrize("page", PAGES)
def test_every_page_type_answers(server, page):
    port, _debug = server
    response = fetch(port, page)
    assert response.status == 200, (page, response.body[:300])
    assert_not_the_servers_own_error(response)


@pytest.mark.parametrize("page", REVALIDATED)
def test_a_browser_revalidating_a_page_gets_304(server, page):
    port, _debug = server
    first = fetch(port, page)
    etag = first.getheader("ETag")
    assert etag, page
    again = fetch(port, page, {"If-None-Match": etag})
    assert again.status == 304, (page, again.body[:300])
    assert again.body == b""


def test_a_mistyped_address_is_404(server):
    port, debug = server
    response = fetch(port, "/no-such-page/")
    assert response.status == 404
    assert_not_the_servers_own_error(response)
    if not debug:
        assert b"Page not found" in response.body and b"Need help now?" in response.body


def test_a_malformed_request_is_400(server):
    port, debug = server
    response = fetch(port, "/therapies/%00/")
    assert response.status == 400
    assert_not_the_servers_own_error(response)
    if not debug:
        assert b"could not understand that request" in response.body


def test_a_failing_view_is_500_and_friendly_outside_debug(server):
    port, debug = server
    response = fetch(port, "/test-broken/")
    assert response.status == 500
    assert_not_the_servers_own_error(response)
    if not debug:
        assert b"Sorry, something went wrong" in response.body
        assert b"secret internal detail" not in response.body
