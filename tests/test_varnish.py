"""Varnish (deploy/varnish.vcl) in front of two real app servers on PostgreSQL + Redis.

Checks what a CDN would see: public pages are hits the second time, the
admin and pages with a reader's input pass, and an admin edit is visible
through Varnish on the very next request because the app banned it.

Runs where tests/test_many_servers.py runs (DATABASE_URL on PostgreSQL and
REDIS_URL set). varnishd comes from Debian's `varnish` package; without it
the test is skipped, except in CI or with REQUIRE_BROWSER=1, where it fails.
"""

import http.client
import os
import shutil
import socket
import subprocess
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import global_settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from tests.servers import eventually, stop
from tests.test_many_servers import Server
from tests.therapies.test_admin import therapy_form_data
from therapies.models import Therapy
from tools.varnish_vcl import VCL, vcl_for

VARNISHD = shutil.which("varnishd") or (
    "/usr/sbin/varnishd" if os.path.exists("/usr/sbin/varnishd") else None
)
VARNISH_REQUIRED = os.environ.get("REQUIRE_BROWSER") == "1" or bool(os.environ.get("CI"))


def need_varnishd() -> str:
    if VARNISHD:
        return VARNISHD
    if VARNISH_REQUIRED:
        pytest.fail("varnishd is required here (CI or REQUIRE_BROWSER=1): apt-get install varnish")
    pytest.skip("varnishd not installed (apt-get install varnish)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Varnish:
    def __init__(self, varnishd: str, port: int, vcl: Path, workdir: Path):
        self.port = port
        self.log_path = workdir / "varnishd.log"
        with open(self.log_path, "wb") as log:
            # -F: in the foreground, so the test owns the process; -j none:
            # no privilege separation, which works as root and as any user.
            self.process = subprocess.Popen(
                [varnishd, "-F", "-n", str(workdir / "n"), "-a", f"127.0.0.1:{port}",
                 "-f", str(vcl), "-s", "malloc,32m", "-j", "none"],
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd exited:\n{self.log()}")
            try:
                if Browser(port).get("/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"varnishd did not answer within 60 s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]

    def stop(self) -> None:
        stop(self.process)


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: str):
        self.status, self.headers, self.body = status, headers, body


class Browser:
    """Requests through Varnish as the TLS proxy would pass them, with cookies."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data=None, headers=None) -> Response:
        all_headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1:{self.port}/admin/",
            **(headers or {}),
        }
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:  # deleted
                    self.cookies.pop(name, None)
        return Response(response.status, response.headers, text)

    def get(self, path: str, **headers) -> Response:
        return self.request("GET", path, headers=headers)


class VarnishAndServers:
    """varnishd in front of two app servers started with this process's
    environment plus `app_env`; stopped, with their logs printed, at exit."""

    def __init__(self, static_root: Path, workdir: Path, monkeypatch, **app_env: str):
        if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
            pytest.skip(
                "needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as in CI's second pass"
            )
        self.varnishd = need_varnishd()
        self.static_root, self.workdir = static_root, workdir
        self.port = free_port()
        # The app servers send their bans here (their environment is this one's).
        monkeypatch.setenv("VARNISH_URL", f"http://127.0.0.1:{self.port}/")
        for name, value in app_env.items():
            monkeypatch.setenv(name, value)
        self.servers: list[Server] = []
        self.varnish: Varnish | None = None

    def __enter__(self) -> "VarnishAndServers":
        try:
            for name in ["first", "second"]:
                log = self.workdir / f"gunicorn-{name}.log"
                self.servers.append(Server(self.static_root, log))
            vcl = self.workdir / "varnish.vcl"
            # Probes each second, so a stopped server is noticed within seconds.
            vcl_text = vcl_for([server.port for server in self.servers])
            vcl.write_text(vcl_text.replace(".interval = 5s;", ".interval = 1s;"))
            self.varnish = Varnish(self.varnishd, self.port, vcl, self.workdir)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.varnish is not None:
            self.varnish.stop()
            print(f"--- varnishd log ---\n{self.varnish.log()}")
        for server in self.servers:
            server.stop()
            print(f"--- log of the {server.base} server ---\n{server.log()}")


@pytest.fixture
def varnish_in_front_of_two_servers(transactional_db, collected_static, tmp_path, monkeypatch):
    with VarnishAndServers(collected_static, tmp_path, monkeypatch) as running:
        yield running.varnish


def compile_vcl(vcl: Path, workdir: Path) -> subprocess.CompletedProcess:
    # -j none, as in Varnish above: started as root, varnishd would otherwise
    # drop to its own user before reading the VCL, and fail wherever the
    # checkout sits under a directory only its owner can read.
    return subprocess.run(
        [need_varnishd(), "-C", "-j", "none", "-n", str(workdir / "n"), "-f", str(vcl)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_deploy_vcl_compiles(tmp_path):
    result = compile_vcl(VCL, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]


def test_the_vcl_compiles_in_a_checkout_only_its_owner_can_read(tmp_path):
    # A fresh clone inside `mktemp -d` (mode 0700) failed with "Cannot read -f
    # file ... (Permission denied)".
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    vcl = private / "varnish.vcl"
    shutil.copy(VCL, vcl)
    result = compile_vcl(vcl, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.django_db(transaction=True)
def test_varnish_caches_public_pages_passes_private_ones_and_is_banned_by_an_edit(
    varnish_in_front_of_two_servers, settings
):
    # The servers check passwords with the real hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    call_command("load_starter_content", verbosity=0)
    User.objects.create_superuser("admin", "admin@example.org", "a long admin password 42")
    reader = Browser(varnish_in_front_of_two_servers.port)

    # A public page: fetched once, then served by Varnish.
    first = reader.get("/therapies/ipt/")
    assert first.status == 200 and "Usually 12 to 16 sessions" in first.body
    assert first.headers["X-Cache"] == "miss"
    assert first.headers["Cache-Control"].startswith("public, max-age=0, s-maxage=60")
    second = reader.get("/therapies/ipt/")
    assert second.headers["X-Cache"] == "hit"
    assert second.body == first.body
    assert second.headers["ETag"] == first.headers["ETag"]
    # Varnish answers a browser's revalidation itself.
    assert reader.get("/therapies/ipt/", **{"If-None-Match": first.headers["ETag"]}).status == 304

    # The admin, a reader's answers and searches, cookies: never kept.
    visitor = Browser(varnish_in_front_of_two_servers.port)
    for path in [
        "/which-therapy/result/?childhood=yes",
        "/which-therapy/summary/?childhood=yes",
        "/search/?q=grief",
        "/admin/login/",
    ]:
        for _ in range(2):
            response = visitor.get(path)
            assert response.status == 200, path
            assert response.headers["X-Cache"] == "pass", path
            directives = {d.strip() for d in response.headers["Cache-Control"].split(",")}
            assert {"private", "no-store"} <= directives, path
    # The sign-in form set the CSRF cookie: pages pass for this visitor now.
    assert "csrftoken" in visitor.cookies
    assert visitor.get("/therapies/ipt/").headers["X-Cache"] == "pass"
    with_session = Browser(reader.port).get("/therapies/ipt/", Cookie="sessionid=abc")
    assert with_session.headers["X-Cache"] == "pass"

    # Only the app servers may ban: a BAN through the TLS proxy is refused.
    refused = reader.request("BAN", "/")
    assert refused.status == 405
    assert reader.get("/therapies/ipt/").headers["X-Cache"] == "hit"

    # An editor changes a fact through Varnish (sign-in and saves pass)...
    editor = Browser(varnish_in_front_of_two_servers.port)
    editor.get("/admin/login/")
    signed_in = editor.request(
        "POST",
        "/admin/login/",
        {
            "username": "admin",
            "password": "a long admin password 42",
            "csrfmiddlewaretoken": editor.cookies["csrftoken"],
        },
    )
    assert signed_in.status == 302, signed_in.body[:2000]
    ipt = Therapy.objects.get(slug="ipt")
    form = therapy_form_data(ipt, sessions_min=10, sessions_max=14)
    form["csrfmiddlewaretoken"] = editor.cookies["csrftoken"]
    saved = editor.request("POST", f"/admin/therapies/therapy/{ipt.pk}/change/", form)
    assert saved.status == 302, saved.body[:2000]

    # ...and the reader sees it through Varnish within a moment: an app server
    # may answer from the content as it was while it loads the new, and
    # nothing keeps those answers.
    answers = eventually(
        lambda: reader.get("/therapies/ipt/"),
        lambda answer: "Usually 10 to 14 sessions" in answer.body,
    )
    for old in answers[:-1]:
        assert "no-store" in old.headers["Cache-Control"] and old.headers["X-Cache"] != "hit"
    fresh = answers[-1]
    assert fresh.headers["X-Cache"] == "miss"
    assert "Usually 10 to 14 sessions" in fresh.body
    assert fresh.headers["ETag"] != first.headers["ETag"]
    again = reader.get("/therapies/ipt/")
    assert again.headers["X-Cache"] == "hit" and "Usually 10 to 14 sessions" in again.body


SECURITY_HEADERS = [
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Strict-Transport-Security",
]


@pytest.mark.django_db(transaction=True)
def test_with_redis_unreachable_pages_still_answer_through_varnish(
    transactional_db, collected_static, tmp_path, monkeypatch
):
    """The app serves every page from the database without Redis; Varnish
    probed /readyz (database AND cache), took every server out and answered
    "503 Backend fetch failed" for every page not cached."""
    call_command("load_starter_content", verbosity=0)
    nowhere = f"redis://127.0.0.1:{free_port()}/7"  # nothing listens there
    with VarnishAndServers(collected_static, tmp_path, monkeypatch, REDIS_URL=nowhere) as site:
        reader = Browser(site.port)
        # Long enough for two failed probes (1 s apart) to take a server out.
        time.sleep(3)
        urgent = reader.get("/urgent-help/")
        assert urgent.status == 200, urgent.body[:500]
        assert "Samaritans" in urgent.body
        profile = reader.get("/therapies/ipt/")
        assert profile.status == 200, profile.body[:500]
        assert "Usually 12 to 16 sessions" in profile.body
        # Readiness still tells the truth, for whoever monitors it.
        assert site.servers[0].get("/readyz")[0] == 503


@pytest.mark.django_db(transaction=True)
def test_what_varnish_answers_itself_carries_the_sites_headers_and_page(
    transactional_db, collected_static, tmp_path, monkeypatch
):
    call_command("load_starter_content", verbosity=0)
    # Pages go stale after a second, to see them served stale below.
    with VarnishAndServers(collected_static, tmp_path, monkeypatch, DJANGO_CDN_MAX_AGE="1") as site:
        reader = Browser(site.port)
        from_the_app = Browser(site.servers[0].port).get("/healthz")
        assert reader.get("/therapies/ipt/").headers["X-Cache"] == "miss"

        # Varnish's own answer to a BAN through the TLS proxy.
        refused = reader.request("BAN", "/")
        assert refused.status == 405
        for name in SECURITY_HEADERS:
            assert refused.headers[name] == from_the_app.headers[name], name
        assert "Guru Meditation" not in refused.body

        for server in site.servers:
            server.stop()
        time.sleep(1.5)  # the page's s-maxage is over

        # No app server answers: the page already kept is served stale...
        for _ in range(2):
            stale = reader.get("/therapies/ipt/")
            assert stale.status == 200 and "Usually 12 to 16 sessions" in stale.body
        # ...and one that is not gets the site's own page, with its headers.
        missing = reader.get("/therapies/dit/")
        assert missing.status == 503
        for name in SECURITY_HEADERS:
            assert missing.headers[name] == from_the_app.headers[name], name
        assert "no-store" in missing.headers["Cache-Control"]
        assert "Guru Meditation" not in missing.body and "Varnish" not in missing.body
        assert "Sorry, this page is not available just now" in missing.body
        assert "116 123" in missing.body and "NHS 111" in missing.body
