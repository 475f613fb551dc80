import json
import os
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
