"""export_content / import_content: SQLite to a fresh PostgreSQL database and back.

Runs the commands as an operator would, in separate processes with their own
databases, and compares what readers see. Needs PostgreSQL on 127.0.0.1
(always there in CI); skipped when it cannot be reached.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = os.environ.get("BACKUP_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
PAGES = [
    "/",
    "/therapies/ipt/",
    "/therapies/dit/",
    "/conditions/depression/",
    "/compare/ipt-vs-dit/",
    "/articles/ipt-and-dit-are-they-the-same/",
    "/which-therapy/result/?childhood=yes&past=upsetting",
    "/about/",
    "/api/therapies/",
]
RENDER = """
import json, sys, django
django.setup()
from django.test import Client
from history.models import Version
client = Client(headers={"X-Forwarded-Proto": "https", "Host": "therapies.example.org"})
pages = {path: client.get(path).content.decode() for path in sys.argv[1:]}
print(json.dumps({"pages": pages, "versions": Version.objects.count()}))
"""
EDIT_AND_REVERT = """
import django
django.setup()
from history.changes import apply_steps, undo_steps, with_previous
from history.models import Version
from therapies.models import Therapy
ipt = Therapy.objects.get(slug="ipt")
ipt.sessions_max = 20
ipt.save()
ipt.summary = "Edited for the backup test."
ipt.save()
# Undo the summary edit: sessions 20, original summary.
summary_save = Version.objects.filter(content_type__model="therapy", object_id=str(ipt.pk)).first()
versions = list(with_previous(Version.objects.filter(save_id=summary_save.save_id)))
apply_steps(undo_steps(versions, Therapy, ipt.pk), ipt, user_name="Tester")
"""


def postgres_available() -> bool:
    try:
        psycopg.connect(POSTGRES, connect_timeout=2).close()
        return True
    except psycopg.Error:
        return False


pytestmark = pytest.mark.skipif(not postgres_available(), reason="PostgreSQL not reachable")


@pytest.fixture(autouse=True)
def static_files(collected_static, monkeypatch):
    # Pages link hashed static files: use the ones the test session collected.
    monkeypatch.setenv("DJANGO_STATIC_ROOT", str(collected_static))


def run(database_url: str, *args: str, code: str | None = None) -> str:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ALLOWED_HOSTS": "therapies.example.org",
        "DJANGO_PAGE_CACHE": "0",
    }
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def fresh_postgres():
    name = f"therapies_import_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    yield POSTGRES.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_export_from_sqlite_import_into_postgresql_renders_every_page_identically(
    tmp_path, fresh_postgres
):
    sqlite = f"sqlite:///{tmp_path}/source.sqlite3"
    backup = tmp_path / "backup.json"
    run(sqlite, "migrate", "--noinput")
    run(sqlite, "load_starter_content")
    run(sqlite, code=EDIT_AND_REVERT)
    run(sqlite, "export_content", str(backup))
    before = json.loads(run(sqlite, *PAGES, code=RENDER))

    run(fresh_postgres, "migrate", "--noinput")
    assert "Content loaded" in run(fresh_postgres, "import_content", str(backup))
    after = json.loads(run(fresh_postgres, *PAGES, code=RENDER))

    assert after["versions"] == before["versions"] > 0
    for path in PAGES:
        assert after["pages"][path] == before["pages"][path], path
    assert (
        "Edited for the backup test." not in after["pages"]["/therapies/ipt/"]
    )  # the revert came along


def test_import_refuses_to_mix_with_existing_content(tmp_path):
    sqlite = f"sqlite:///{tmp_path}/db.sqlite3"
    backup = tmp_path / "backup.json"
    run(sqlite, "migrate", "--noinput")
    run(sqlite, "load_starter_content")
    run(sqlite, "export_content", str(backup))
    result = subprocess.run(
        [sys.executable, "manage.py", "import_content", str(backup)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": sqlite, "DJANGO_ALLOWED_HOSTS": "x"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "already has content" in result.stderr
    assert "Content loaded" in run(sqlite, "import_content", "--replace", str(backup))
