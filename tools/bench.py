"""`make bench`: requests per second of the key pages, as ratios to /healthz.

Starts the site as `make serve` does (production settings, gunicorn, PostgreSQL
when DATABASE_URL is set, else SQLite), loads it with wrk on loopback and
prints one table with the page cache off (every request rendered) and one
with it on. Timings depend on the machine; ratios to /healthz measured in the
same run are what to compare. Nothing here is asserted by the test suite.
"""

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8900"))
DURATION = os.environ.get("BENCH_DURATION", "5s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "32")
WORKERS = os.environ.get("WEB_CONCURRENCY", "2")
PAGES = [
    "/healthz",
    "/",
    "/therapies/ipt/",
    "/compare/ipt-vs-dit/",
    "/which-therapy/result/?childhood=yes&past=upsetting&sessions=about-8",
    "/articles/ipt-and-dit-are-they-the-same/",
    "STATIC_CSS",
]
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "br, gzip"}


def site_env(page_cache: bool) -> dict:
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_PAGE_CACHE": "1" if page_cache else "0",
    }


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("Installing wrk from Debian's packages...", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL
    )
    return shutil.which("wrk")


def prepare() -> None:
    env = site_env(page_cache=True)
    for command in [
        ["collectstatic", "--noinput", "--verbosity", "0"],
        ["migrate", "--noinput", "--verbosity", "0"],
        ["load_starter_content"],
    ]:
        subprocess.run(
            [PYTHON, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def start_server(page_cache: bool) -> subprocess.Popen:
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", WORKERS, "--worker-class", "sync", "--no-control-socket"],
        cwd=ROOT, env=site_env(page_cache), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("The server did not start")


def fetch(path: str, headers: dict = HEADERS) -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def stylesheet_path() -> str:
    _, body = fetch("/", headers={"X-Forwarded-Proto": "https"})  # uncompressed
    return re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', body).group(1).decode()


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(wrk: str, path: str) -> dict:
    args = [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
    for name, value in HEADERS.items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*args, f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
        "p99": to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def queries_per_page(paths: list[str]) -> dict[str, int]:
    """SQL queries of one uncached request to each page, counted in-process."""
    script = (
        "import json, sys, django; django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client(headers={'X-Forwarded-Proto': 'https', 'Host': 'localhost'})\n"
        "counts = {}\n"
        "for path in sys.argv[1:]:\n"
        "    client.get(path)  # warm connection\n"
        "    with CaptureQueriesContext(connection) as captured:\n"
        "        client.get(path)\n"
        "    counts[path] = len(captured)\n"
        "print(json.dumps(counts))\n"
    )
    env = {**site_env(page_cache=False), "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [PYTHON, "-c", script, *paths],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(wrk: str, page_cache: bool, paths: list[str]) -> dict[str, dict]:
    server = start_server(page_cache)
    try:
        results = {}
        for path in paths:
            status, body = fetch(path)
            fetch(path)  # warm the page cache and the connection pool
            stats = run_wrk(wrk, path)
            stats["bytes"] = len(body)
            stats["status"] = status
            results[path] = stats
        return results
    finally:
        server.terminate()
        server.wait(timeout=10)


def print_table(title: str, results: dict[str, dict], queries: dict[str, int]) -> None:
    base = results["/healthz"]["rps"]
    print(f"\n{title}")
    print(
        f"{'page':<48} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'non2xx':>6} {'bytes':>7} {'SQL':>4}"
    )
    for path, stats in results.items():
        shown = path if len(path) <= 48 else path[:45] + "..."
        print(
            f"{shown:<48} {stats['rps']:>8.0f} {stats['rps'] / base:>6.2f} {stats['p50']:>7.2f} "
            f"{stats['p99']:>7.2f} {stats['non_2xx']:>6} {stats['bytes']:>7} {queries.get(path, 0):>4}"
        )


def main() -> None:
    wrk = ensure_wrk()
    database = (
        "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    )
    print(
        f"Benchmark: gunicorn sync x{WORKERS}, {database}, wrk -c{CONNECTIONS} -d{DURATION}, {os.cpu_count()} cores"
    )
    prepare()
    server = start_server(page_cache=True)
    try:
        paths = [stylesheet_path() if page == "STATIC_CSS" else page for page in PAGES]
    finally:
        server.terminate()
        server.wait(timeout=10)
    queries = queries_per_page([p for p in paths if not p.startswith("/static/")])
    cold = measure(wrk, page_cache=False, paths=paths)
    print_table("Cold: page cache off (every page rendered)", cold, queries)
    warm = measure(wrk, page_cache=True, paths=paths)
    print_table("Warm: page cache on", warm, queries)
    print()
    for label, results in [("cold", cold), ("warm", warm)]:
        base = results["/healthz"]["rps"]
        for path, stats in results.items():
            print(
                f"BENCH mode={label} path={path} rps={stats['rps']:.0f} ratio={stats['rps'] / base:.2f} "
                f"p50_ms={stats['p50']:.2f} p99_ms={stats['p99']:.2f} non2xx={stats['non_2xx']} "
                f"bytes={stats['bytes']} queries={queries.get(path, 0)}"
            )


if __name__ == "__main__":
    main()
