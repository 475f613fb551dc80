"""nginx (deploy/nginx.conf) in front of Varnish and two app servers, as deployed.

Sync workers answer one request at a time and Varnish passes a request body
on as it arrives: two clients sending a form one byte a second held both
workers, and every reader waited. nginx reads each request whole first.

Runs where tests/test_varnish.py runs (PostgreSQL + Redis). nginx comes from
Debian's `nginx` package; without it the test is skipped, except in CI or
with REQUIRE_BROWSER=1, where it fails. nginx runs as this user, in a
directory of its own: one process (no workers dropping to another user),
in the foreground, its temporary files, pid and logs in that directory.
"""

import os
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.servers import eventually, stop
from tests.test_varnish import VARNISH_REQUIRED, Browser, VarnishAndServers, free_port

SITE = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
MAIN = """
daemon off;
master_process off;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/site.conf;
}}
"""


def need_nginx() -> str:
    if NGINX:
        return NGINX
    if VARNISH_REQUIRED:
        pytest.fail("nginx is required here (CI or REQUIRE_BROWSER=1): apt-get install nginx")
    pytest.skip("nginx not installed (apt-get install nginx)")


def replace_block(text: str, name: str, replacement: str) -> str:
    block = re.compile(rf"# BEGIN {name}.*?# END {name}\n", re.S)
    assert block.search(text), f"deploy/nginx.conf has no '# BEGIN {name}' block"
    return block.sub(replacement, text)


def site_for(port: int, varnish_port: int, directory: Path) -> str:
    """deploy/nginx.conf as it runs here: plain HTTP on a test port (the TLS
    proxy's part is the same), logs in the test's directory."""
    site = SITE.read_text()
    site = replace_block(site, "plain HTTP", "")
    site = replace_block(site, "listen", f"listen 127.0.0.1:{port};\n")
    logs = (
        f"access_log {directory}/access.log therapies_path_only;\n"
        f"error_log {directory}/error.log info;\n"
    )
    site = replace_block(site, "logs", logs)
    assert "server 127.0.0.1:6081;" in site
    return site.replace("server 127.0.0.1:6081;", f"server 127.0.0.1:{varnish_port};")


class Nginx:
    def __init__(self, varnish_port: int, directory: Path):
        self.port = free_port()
        self.directory = directory
        directory.mkdir()
        (directory / "site.conf").write_text(site_for(self.port, varnish_port, directory))
        (directory / "nginx.conf").write_text(MAIN.format(dir=directory))
        with open(directory / "output.log", "wb") as output:
            self.process = subprocess.Popen(
                [need_nginx(), "-p", f"{directory}/", "-c", str(directory / "nginx.conf"),
                 "-e", str(directory / "error.log")],
                stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited:\n{self.log()}")
            try:
                if Browser(self.port).get("/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"nginx did not answer within 30 s:\n{self.log()}")

    def log(self) -> str:
        parts = []
        for name in ["output.log", "error.log"]:
            path = self.directory / name
            if path.exists():
                parts.append(path.read_text(errors="replace")[-3000:])
        return "\n".join(parts)

    def access_log(self) -> str:
        return (self.directory / "access.log").read_text(errors="replace")

    def stop(self) -> None:
        stop(self.process)


@pytest.fixture
def nginx_varnish_and_two_servers(transactional_db, collected_static, tmp_path, monkeypatch):
    call_command("load_starter_content", verbosity=0)
    # The app servers believe nginx's X-Forwarded-For, passed on by Varnish.
    with VarnishAndServers(
        collected_static, tmp_path, monkeypatch, DJANGO_TRUSTED_PROXIES="127.0.0.1"
    ) as site:
        nginx = Nginx(site.port, tmp_path / "nginx")
        try:
            yield nginx
        finally:
            nginx.stop()
            print(f"--- nginx log ---\n{nginx.log()}")


class SlowPost(threading.Thread):
    """A client sending a report one byte a second, as long as the test runs."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.body = b"page=%2F&message=" + b"x" * 60
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        # As a browser sends it through the TLS proxy, with a CSRF cookie, so
        # that the app reads the body (for the token) rather than refusing it
        # from the headers alone.
        self.sock.sendall(
            b"POST /report-a-mistake/ HTTP/1.1\r\n"
            + f"Host: 127.0.0.1:{port}\r\n".encode()
            + b"X-Forwarded-Proto: https\r\n"
            + b"Cookie: csrftoken="
            + b"a" * 32
            + b"\r\n"
            + f"Referer: https://127.0.0.1:{port}/report-a-mistake/\r\n".encode()
            + b"Content-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {len(self.body)}\r\n\r\n".encode()
        )
        self.stopping = threading.Event()

    def run(self) -> None:
        for byte in self.body[:-1]:  # never quite finished
            if self.stopping.wait(1):
                break
            try:
                self.sock.sendall(bytes([byte]))
            except OSError:
                break

    def finish(self) -> None:
        self.stopping.set()
        self.join(timeout=5)
        self.sock.close()


def test_slow_posts_do_not_hold_up_a_readers_page(nginx_varnish_and_two_servers):
    nginx = nginx_varnish_and_two_servers
    reader = Browser(nginx.port)
    slow = [SlowPost(nginx.port) for _ in range(2)]
    for post in slow:
        post.start()
    try:
        time.sleep(3)  # both have been trickling in for a while
        started = time.monotonic()
        result = reader.get("/which-therapy/result/?childhood=yes&severity=severe")
        waited = time.monotonic() - started
    finally:
        for post in slow:
            post.finish()
    assert result.status == 200
    assert "no-store" in result.headers["Cache-Control"]  # never cached: the app answered
    # Through Varnish alone the reader waited for both slow posts to finish.
    assert waited < 5, f"the reader waited {waited:.1f} s"


def test_the_access_log_has_paths_but_never_readers_answers(nginx_varnish_and_two_servers):
    nginx = nginx_varnish_and_two_servers
    reader = Browser(nginx.port)
    assert reader.get("/which-therapy/result/?childhood=yes&severity=severe").status == 200
    assert reader.get("/search/?q=grief").status == 200
    # nginx writes the line just after it has answered.
    log = eventually(nginx.access_log, lambda text: "/search/" in text)[-1]
    assert "/which-therapy/result/" in log and "/search/" in log
    assert "childhood" not in log and "severe" not in log and "grief" not in log


def test_a_body_too_large_is_refused_by_nginx_before_it_is_sent(nginx_varnish_and_two_servers):
    nginx = nginx_varnish_and_two_servers
    with socket.create_connection(("127.0.0.1", nginx.port), timeout=10) as sock:
        sock.sendall(
            b"POST /report-a-mistake/ HTTP/1.1\r\n"
            + f"Host: 127.0.0.1:{nginx.port}\r\n".encode()
            + b"Content-Type: multipart/form-data; boundary=x\r\n"
            + f"Content-Length: {100 * 1024 * 1024}\r\n\r\n".encode()
        )
        answer = sock.recv(4096).decode(errors="replace")
    assert answer.startswith("HTTP/1.1 413"), answer[:300]


def test_a_forged_forwarded_header_gives_no_reader_a_fresh_report_limit(
    nginx_varnish_and_two_servers,
):
    nginx = nginx_varnish_and_two_servers
    reader = Browser(nginx.port)
    reader.get("/report-a-mistake/?page=/therapies/ipt/")
    statuses = []
    for n in range(6):
        form = {
            "page": "/therapies/ipt/",
            "message": f"Report number {n} about the sessions.",
            "csrfmiddlewaretoken": reader.cookies["csrftoken"],
        }
        headers = {
            "X-Forwarded-For": f"198.51.100.{n}",
            # nginx passes Host without the port ($host), as a browser on 443 sends it.
            "Referer": "https://127.0.0.1/report-a-mistake/",
        }
        statuses.append(reader.request("POST", "/report-a-mistake/", form, headers=headers).status)
    # Five an hour from one address, whatever it says it is.
    assert statuses == [302] * 5 + [429]


def test_varnishncsa_set_as_the_readme_says_logs_no_query_string(
    nginx_varnish_and_two_servers, tmp_path
):
    """Debian's varnish package runs varnishncsa, which logs whole request
    lines; README (Production) gives a format with the path only."""
    readme = (SITE.parent.parent / "README.md").read_text()
    found = re.search(r"ExecStart=/usr/bin/varnishncsa .* -F '([^']+)'", readme)
    assert found, "README no longer shows the varnishncsa format"
    log_format = found.group(1).replace("%%", "%")  # systemd's escaping
    varnishncsa = shutil.which("varnishncsa") or "/usr/bin/varnishncsa"
    log = tmp_path / "varnishncsa.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [varnishncsa, "-n", str(tmp_path / "n"), "-F", log_format],
            stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        time.sleep(1)  # attached to Varnish's log
        reader = Browser(nginx_varnish_and_two_servers.port)
        assert reader.get("/which-therapy/result/?childhood=yes&severity=severe").status == 200
        written = eventually(log.read_text, lambda text: "/which-therapy/result/" in text)[-1]
    finally:
        stop(process)
    assert "/which-therapy/result/" in written, written
    assert "childhood" not in written and "severe" not in written
