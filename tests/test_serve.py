"""What `make serve` runs (deploy/serve: gunicorn) is ready, pooled and restarts gracefully.

The same checks as tests/test_many_servers.py makes of gunicorn, made of the
server the Makefile really starts: /readyz, recovery when PostgreSQL cuts
every connection, SIGHUP replacing the workers while requests keep being
answered, and SIGTERM stopping it cleanly. Runs on PostgreSQL + Redis, as
the two-server test does.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
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

from tests.servers import cut_every_database_connection, readiness_until_ready

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)",
    ),
]
WORKERS = 2
READERS = 4


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def children(pid: int) -> set[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return {int(child) for child in text.split()}


@pytest.fixture
def served(transactional_db, collected_static, tmp_path):
    database = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(collected_static),
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(WORKERS),
        "BIN": str(Path(sys.executable).parent),
    }
    log_path = tmp_path / "serve.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(ROOT / "deploy" / "serve")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group, so teardown can stop the workers too.
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, log_path.read_text(errors="replace")
            try:
                if get(port, "/healthz") == 200:
                    break
            except OSError:
                time.sleep(0.1)
        yield process, port, log_path
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=45)
            except subprocess.TimeoutExpired:
                pass
        # Workers left by a failed test would hold database connections.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=15)
        print(f"--- deploy/serve log ---\n{log_path.read_text(errors='replace')[-5000:]}")


def test_the_served_site_is_ready_recovers_its_pool_and_restarts_gracefully(served, settings):
    process, port, log_path = served
    # The server checks passwords with the real hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    call_command("load_starter_content", verbosity=0)
    User.objects.create_superuser("admin", "admin@example.org", "a long admin password 42")
    assert get(port, "/readyz") == 200
    assert get(port, "/therapies/dit/") == 200
    assert get(port, "/which-therapy/result/?childhood=yes&severity=severe") == 200

    # Forms work: cookies set, a POST body read, CSRF checked over "https".
    # (The cookie is Secure, so it is sent by hand over this plain-HTTP hop.)
    headers = {"X-Forwarded-Proto": "https", "Referer": f"https://127.0.0.1:{port}/admin/"}
    address = f"http://127.0.0.1:{port}/admin/login/"
    with urllib.request.urlopen(urllib.request.Request(address, headers=headers)) as response:
        cookie = SimpleCookie(response.headers["Set-Cookie"])["csrftoken"].value
    form = urllib.parse.urlencode(
        {"username": "admin", "password": "a long admin password 42", "csrfmiddlewaretoken": cookie}
    ).encode()
    request = urllib.request.Request(
        address, data=form, headers={**headers, "Cookie": f"csrftoken={cookie}"}
    )
    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=10)
        status = 200
    except urllib.error.HTTPError as error:
        status = error.code
    assert status == 302, "sign-in failed"

    # Every pooled connection dies, as in a database restart: the pool recovers.
    cut_every_database_connection()
    statuses = readiness_until_ready(lambda: get(port, "/readyz"))
    assert statuses[-1] == 200, statuses
    assert set(statuses) <= {200, 503}, statuses

    # SIGHUP: new workers replace the old while readers keep being answered.
    # Several readers at once, so connections are queued and in flight when a
    # worker stops: one reader alone did not catch granian (once the default)
    # dropping them.
    answered: list[int | str] = []
    stop = threading.Event()

    def read_continuously():
        while not stop.is_set():
            try:
                answered.append(get(port, "/therapies/dit/"))
            except OSError as error:
                answered.append(repr(error))

    readers = [threading.Thread(target=read_continuously) for _ in range(READERS)]
    for reader in readers:
        reader.start()
    try:
        time.sleep(0.5)
        old_workers = children(process.pid)
        process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(old_workers - children(process.pid)) < WORKERS:
            time.sleep(0.2)
        time.sleep(1)  # and some requests to the new workers
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=30)
    assert len(old_workers - children(process.pid)) >= WORKERS, "the workers were not replaced"
    assert answered and set(answered) == {200}, [a for a in answered if a != 200][:5]
    assert get(port, "/readyz") == 200

    # SIGTERM: a clean stop.
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=45) == 0

    # No access log: a reader's answers are in the chooser's address.
    log = log_path.read_text(errors="replace")
    assert "Booting worker" in log  # the server's own log is there
    assert "/which-therapy/" not in log and "severe" not in log, log[-2000:]
