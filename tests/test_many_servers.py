"""Two real app servers against one PostgreSQL and one Redis, as behind a load balancer.

Runs when DATABASE_URL points at PostgreSQL and REDIS_URL is set (as in CI's
second run); skipped on plain SQLite runs, where there is one process only.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import global_settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from tests.servers import (
    cut_every_database_connection,
    eventually,
    readiness_until_ready,
    stop,
)
from tests.therapies.test_admin import therapy_form_data
from therapies.models import Therapy

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)",
    ),
]


class Server:
    """One gunicorn process, reached as if through the HTTPS proxy.

    The test opens the listening socket itself on a port the OS picks and hands
    it to gunicorn (``--bind fd://N``): no fixed port to collide with a leftover
    process or a socket in TIME_WAIT, and no gap between choosing a port and
    binding it. gunicorn's output goes to a file, never an undrained pipe (a
    full pipe would block the server mid-test), and is printed at teardown so a
    failing test shows it.
    """

    def __init__(self, static_root: Path, log_path: Path):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.cookies: dict[str, str] = {}
        database = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_STATIC_ROOT": str(static_root),
            # The test database, which this test's data is committed to.
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}",
        }
        fd = self.listener.fileno()
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"fd://{fd}",
                 "--workers", "1", "--no-control-socket"],
                cwd=ROOT, env=env, pass_fds=[fd], stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            self.wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def wait_until_ready(self, timeout: float = 60) -> None:
        # Polls /healthz rather than sleeping a fixed time: start-up takes
        # from under a second to many seconds on a busy 2-core machine.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1:{self.port}/admin/",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.read().decode()

    def get(self, path: str) -> tuple[int, str]:
        return self.request(path)

    def log_in(self, username: str, password: str) -> None:
        self.get("/admin/login/")
        status, _ = self.request(
            "/admin/login/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            },
        )
        assert status == 302, "login failed"

    def stop(self) -> None:
        stop(self.process)
        self.listener.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def two_servers(transactional_db, collected_static, tmp_path):
    servers: list[Server] = []
    try:
        for name in ["first", "second"]:
            servers.append(Server(collected_static, tmp_path / f"gunicorn-{name}.log"))
        yield servers
    finally:
        for server in servers:
            server.stop()
            # Shown by pytest only when the test failed.
            print(f"--- log of the {server.base} server ---\n{server.log()}")


def test_an_edit_through_one_server_shows_through_the_other_within_a_moment(two_servers, settings):
    # The servers check passwords with the real hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    call_command("load_starter_content", verbosity=0)
    User.objects.create_superuser("admin", "admin@example.org", "a long admin password 42")
    editor_server, reader_server = two_servers

    # The reader's server caches the page...
    assert "Usually 12 to 16 sessions" in reader_server.get("/therapies/ipt/")[1]
    assert "Usually 12 to 16 sessions" in reader_server.get("/therapies/ipt/")[1]

    # ...an editor changes the fact through the other server...
    editor_server.log_in("admin", "a long admin password 42")
    ipt = Therapy.objects.get(slug="ipt")
    form = therapy_form_data(ipt, sessions_min=10, sessions_max=14)
    form["csrfmiddlewaretoken"] = editor_server.cookies["csrftoken"]
    status, body = editor_server.request(f"/admin/therapies/therapy/{ipt.pk}/change/", form)
    assert status == 302, body[:2000]

    # ...and the reader's server shows it within a moment: it may answer from
    # the content as it was (kept by no cache) while it loads the new.
    answers = eventually(
        lambda: reader_server.get("/therapies/ipt/"),
        lambda answer: "Usually 10 to 14 sessions" in answer[1],
    )
    assert all(status == 200 for status, _ in answers)
    assert "Usually 10 to 14 sessions" in answers[-1][1]
    assert len(answers) <= 10, "the refresh took too long"
    assert "IPT usually takes 10 to 14 sessions" in reader_server.get("/compare/ipt-vs-dit/")[1]
    assert "Usually 10 to 14 sessions" in reader_server.get("/therapies/ipt/")[1]


def test_the_site_recovers_by_itself_when_database_connections_are_cut(two_servers):
    call_command("load_starter_content", verbosity=0)
    server = two_servers[0]
    assert server.get("/readyz")[0] == 200
    cut_every_database_connection()
    statuses = readiness_until_ready(lambda: server.get("/readyz")[0])
    assert statuses[-1] == 200, statuses
    assert set(statuses) <= {200, 503}, statuses
    status, body = server.get("/therapies/dit/")
    assert status == 200 and "Dynamic interpersonal therapy" in body
