import json
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_healthz_answers_without_touching_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_health_checks_answer_plain_http_for_load_balancers(db):
    from django.test import Client

    plain = Client()  # no X-Forwarded-Proto: the load balancer's own probe
    assert plain.get("/healthz").status_code == 200
    assert plain.get("/readyz").status_code == 200
    # Every other page is redirected to HTTPS.
    assert plain.get("/therapies/").status_code == 301


def test_readyz_reports_database_and_cache(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


READYZ_SCRIPT = """
import json, os, pathlib, sys
import django
django.setup()
from django.test import Client
client = Client()
first = client.get("/readyz")
# The database "comes back": its folder now exists, so SQLite can open it.
pathlib.Path(sys.argv[1]).mkdir()
second = client.get("/readyz")
print(json.dumps([first.status_code, first.json(), second.status_code, second.json()]))
"""


def test_readyz_is_503_while_the_database_is_unreachable_and_recovers_without_restart(
    tmp_path,
):
    missing_dir = tmp_path / "not-yet"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{missing_dir}/db.sqlite3",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", READYZ_SCRIPT, str(missing_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    first_status, first_body, second_status, second_body = json.loads(result.stdout)
    assert first_status == 503
    assert first_body == {"status": "unavailable", "database": "unavailable", "cache": "ok"}
    assert "Traceback" not in result.stdout
    assert second_status == 200
    assert second_body["status"] == "ok"


READYZ_TIMED_SCRIPT = """
import json, time
import django
django.setup()
from django.test import Client
started = time.monotonic()
response = Client().get("/readyz")
print(json.dumps([response.status_code, response.json(), time.monotonic() - started]))
"""


def test_readyz_answers_within_seconds_while_postgresql_refuses_connections(tmp_path):
    # Before, the check waited for the pool's full timeout (10 s), holding a
    # worker per probe; a load balancer's own timeout is often shorter.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead_port = sock.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{dead_port}/therapies",
        "DATABASE_POOL_TIMEOUT": "10",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", READYZ_TIMED_SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    status, body, seconds = json.loads(result.stdout)
    assert status == 503
    assert body["database"] == "unavailable"
    assert seconds < 5
