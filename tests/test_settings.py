"""Settings fail closed: each case starts a fresh interpreter with its own environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-for-this-test-only",
    "DJANGO_ALLOWED_HOSTS": "therapies.example.org",
}


def load_settings(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.ALLOWED_HOSTS, settings.SESSION_COOKIE_SECURE)"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_load_with_debug_off_and_secure_cookies():
    result = load_settings(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['therapies.example.org'] True"


def test_debug_is_off_when_not_set():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_DEBUG"}
    assert load_settings(**env).stdout.startswith("False")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY is required"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS is required"),
        ({"DJANGO_ALLOWED_HOSTS": "*"}, "'*' is refused"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be one of"),
        ({"DATABASE_URL": "mysql://db/x"}, "DATABASE_URL must start with"),
        ({"DATABASE_POOL_MAX": "lots"}, "DATABASE_POOL_MAX must be a whole number"),
        ({"DJANGO_TRUSTED_PROXIES": "127.0.0.1,nginx"}, "'nginx' is not an address or a network"),
        ({"DJANGO_TRUSTED_PROXIES": "10.0.0.1/8"}, "'10.0.0.1/8' is not an address or a network"),
        ({"DJANGO_TRUSTED_PROXIES": "0.0.0.0/0"}, "'0.0.0.0/0' would trust every address"),
    ],
)
def test_bad_or_missing_settings_stop_the_site_with_a_clear_message(change, message):
    result = load_settings(**{**PRODUCTION, "DATABASE_URL": "postgres://u@h/db", **change})
    assert result.returncode != 0
    assert message in result.stderr


def test_postgresql_connections_give_up_within_seconds():
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS']['connect_timeout'])"
    )
    for url, seconds in [("postgres://u@h/db", "3"), ("postgres://u@h/db?connect_timeout=5", "5")]:
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "config.settings",
                 "DATABASE_URL": url},
            capture_output=True,
            text=True,
            timeout=60,
        )  # fmt: skip
        assert result.stdout.strip() == seconds, result.stderr


def test_debug_mode_runs_without_a_secret_key_for_local_development():
    result = load_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True ['localhost', '127.0.0.1', '[::1]'] False")


def check_deploy(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_deployment_checklist_is_clean_with_production_settings():
    result = check_deploy(DJANGO_TRUSTED_PROXIES="127.0.0.1,10.0.0.0/8")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_trusted_proxies_left_unset_are_flagged_by_the_deployment_checklist():
    result = check_deploy()
    assert result.returncode != 0
    assert "therapies.W001" in result.stderr and "DJANGO_TRUSTED_PROXIES is empty" in result.stderr


def test_turning_off_the_https_redirect_is_flagged_by_the_deployment_checklist():
    result = check_deploy(DJANGO_SSL_REDIRECT="0", DJANGO_TRUSTED_PROXIES="127.0.0.1")
    assert result.returncode != 0
    assert "security.W008" in result.stderr
