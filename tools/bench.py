"""`make bench`: requests per second of the key pages, as ratios to /healthz.

Starts the site exactly as `make serve` does (deploy/serve: gunicorn, sync
workers; production settings; PostgreSQL when DATABASE_URL is set, else
SQLite), loads it with wrk on loopback and prints one table with the page
cache off (every request rendered from the read model), one with it on (what
readers get), and the same pages through Varnish (deploy/varnish.vcl). With
REDIS_URL it also times the first request after an edit against an ordinary
one. Timings depend on the machine; ratios to /healthz measured in the same
run are what to compare. Nothing here is asserted by the test suite.

BENCH_VARNISH=0 skips the Varnish rows.
"""

import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from varnish_vcl import vcl_for

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8900"))
VARNISH_PORT = PORT + 1
DURATION = os.environ.get("BENCH_DURATION", "5s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "32")
WORKERS = os.environ.get("WEB_CONCURRENCY", "2")
CHOOSER_RESULT = (
    "/which-therapy/result/?help-with=depression&severity=less-severe"
    "&childhood=yes&past=upsetting&sessions=about-8"
)
PAGES = [
    "/healthz",
    "/",
    "/therapies/ipt/",
    "/conditions/depression/",
    "/compare/ipt-vs-dit/",
    CHOOSER_RESULT,
    "/articles/ipt-and-dit-are-they-the-same/",
    "STATIC_CSS",
]
AFTER_EDIT_PAGES = ["/therapies/ipt/", "/compare/ipt-vs-dit/", CHOOSER_RESULT]
AFTER_EDIT_TRIALS = 15
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "br, gzip"}
SERVER_LOG = Path(tempfile.gettempdir()) / f"bench-server-{os.getpid()}.log"


def site_env(page_cache: bool) -> dict:
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_PAGE_CACHE": "1" if page_cache else "0",
        "DJANGO_PAGE_CACHE_HEADER": "1",
    }


def ensure_wrk() -> str:
    if not shutil.which("wrk"):
        print("Installing wrk from Debian's packages...", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return shutil.which("wrk") or "wrk"


def prepare() -> None:
    for command in [["collectstatic", "--noinput"], ["migrate", "--noinput"], ["load_starter_content"]]:  # fmt: skip
        subprocess.run([PYTHON, "manage.py", *command, "--verbosity", "0"], cwd=ROOT,
                       env=site_env(page_cache=True), check=True)  # fmt: skip


def wait_for(port: int, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    process.kill()
    log = SERVER_LOG.read_text(errors="replace")[-3000:] if SERVER_LOG.exists() else ""
    raise SystemExit(f"{what} did not start:\n{log}")


def start_server(page_cache: bool) -> subprocess.Popen:
    env = {**site_env(page_cache), "HOST": "127.0.0.1", "PORT": str(PORT),
           "WEB_CONCURRENCY": WORKERS, "BIN": str(Path(PYTHON).parent)}  # fmt: skip
    with open(SERVER_LOG, "wb") as log:
        # Its own process group, so stop() ends the workers too.
        server = subprocess.Popen([str(ROOT / "deploy" / "serve")], cwd=ROOT, env=env,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    wait_for(PORT, server, "deploy/serve")
    return server


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        print("A server took over 40 s to stop; killed.", flush=True)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=15)


def start_varnish(workdir: Path) -> subprocess.Popen:
    vcl = workdir / "varnish.vcl"
    vcl.write_text(vcl_for([PORT]))
    varnish = subprocess.Popen(
        [shutil.which("varnishd") or "/usr/sbin/varnishd", "-F", "-n", str(workdir / "n"),
         "-a", f"127.0.0.1:{VARNISH_PORT}", "-f", str(vcl), "-s", "malloc,128m", "-j", "none"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_for(VARNISH_PORT, varnish, "varnishd")
    return varnish


def fetch(path: str, port: int = PORT, headers: dict = HEADERS) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read(), dict(response.headers)


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(wrk: str, path: str, port: int) -> dict:
    args = [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
    for name, value in HEADERS.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run([*args, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True).stdout  # fmt: skip
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        "p99": to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def queries_per_page(paths: list[str]) -> dict[str, int]:
    """SQL queries of one request to each page with the page cache off, in-process."""
    script = (
        "import json, sys, django; django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client(headers={'X-Forwarded-Proto': 'https', 'Host': 'localhost'})\n"
        "counts = {}\n"
        "for path in sys.argv[1:]:\n"
        "    client.get(path)  # the read model, loaded once\n"
        "    with CaptureQueriesContext(connection) as captured:\n"
        "        client.get(path)\n"
        "    counts[path] = len(captured)\n"
        "print(json.dumps(counts))\n"
    )
    env = {**site_env(page_cache=False), "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([PYTHON, "-c", script, *paths], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(wrk: str, paths: list[str], port: int = PORT) -> dict[str, dict]:
    results = {}
    for path in paths:
        _, body, _ = fetch(path, port)
        fetch(path, port)  # warm the caches and the connection pool
        results[path] = run_wrk(wrk, path, port) | {"bytes": len(body)}
    return results


def timed_fetch(path: str) -> tuple[float, str]:
    """Milliseconds for one request alone on its connection, and X-Page-Cache."""
    started = time.perf_counter()
    _, _, headers = fetch(path)
    return (time.perf_counter() - started) * 1000, headers.get("X-Page-Cache", "")


def measure_after_edit(paths: list[str]) -> dict[str, dict]:
    """One request at a time, page cache on, as readers meet it: an ordinary
    request, and the first one after a content change (a new content
    generation, exactly what an editor's save does once it commits). The
    first loads the read model again and renders the page; the next is kept."""
    import redis

    sys.path.insert(0, str(ROOT))
    from history.generation import REDIS_GENERATION_KEY

    shared = redis.Redis.from_url(os.environ["REDIS_URL"])
    server = start_server(page_cache=True)
    results = {}
    try:
        for path in paths:
            for _ in range(10):
                timed_fetch(path)  # both workers warm
            ordinary = statistics.median(timed_fetch(path)[0] for _ in range(AFTER_EDIT_TRIALS))
            first = []
            for _ in range(AFTER_EDIT_TRIALS):
                shared.set(REDIS_GENERATION_KEY, uuid.uuid4().hex)
                first.append(timed_fetch(path)[0])
            results[path] = {"ordinary": ordinary, "first": statistics.median(first)}
    finally:
        stop(server)
    return results


def print_table(title: str, results: dict[str, dict], queries: dict[str, int]) -> None:
    base = results["/healthz"]["rps"]
    print(f"\n{title}")
    print(f"{'page':<48} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'non2xx':>6} {'bytes':>7} {'SQL':>4}")  # fmt: skip
    for path, stats in results.items():
        shown = path if len(path) <= 48 else path[:45] + "..."
        print(
            f"{shown:<48} {stats['rps']:>8.0f} {stats['rps'] / base:>6.2f} {stats['p50']:>7.2f} "
            f"{stats['p99']:>7.2f} {stats['non_2xx']:>6} {stats['bytes']:>7} {queries.get(path, 0):>4}"
        )


def main() -> None:
    wrk = ensure_wrk()
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"  # fmt: skip
    varnishd = shutil.which("varnishd") or os.path.exists("/usr/sbin/varnishd")
    use_varnish = os.environ.get("BENCH_VARNISH", "1") != "0" and varnishd
    print(
        f"Benchmark: deploy/serve (gunicorn sync, {WORKERS} workers); {database}; wrk "
        f"-c{CONNECTIONS} -d{DURATION}; {os.cpu_count()} cores; load average before "
        f"{' '.join(f'{n:.2f}' for n in os.getloadavg())}"
    )
    prepare()
    server = start_server(page_cache=True)
    try:
        _, home, _ = fetch("/", headers={"X-Forwarded-Proto": "https"})
    finally:
        stop(server)
    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', home).group(1).decode()  # type: ignore[union-attr]
    paths = [stylesheet if page == "STATIC_CSS" else page for page in PAGES]
    queries = queries_per_page([path for path in paths if not path.startswith("/static/")])
    runs = {}
    for mode, page_cache in [("cold", False), ("warm", True)]:
        server = start_server(page_cache)
        try:
            runs[mode] = measure(wrk, paths)
        finally:
            stop(server)
    print_table("Cold: page cache off (every page rendered from the read model)", runs["cold"], queries)  # fmt: skip
    print_table("Warm: page cache on (what readers get)", runs["warm"], queries)
    if use_varnish:
        server = start_server(page_cache=True)
        try:
            with tempfile.TemporaryDirectory(prefix="bench-varnish-") as workdir:
                varnish = start_varnish(Path(workdir))
                try:
                    through = measure(wrk, paths[:-1], port=VARNISH_PORT)
                    # The ratio's base: /healthz straight from the app server, same run.
                    through["/healthz"] |= run_wrk(wrk, "/healthz", PORT)
                finally:
                    stop(varnish)
        finally:
            stop(server)
        runs["varnish"] = through
        print_table("Through Varnish (ratio to the app's own /healthz; the chooser result passes)", through, queries)  # fmt: skip
    if os.environ.get("REDIS_URL"):
        after_edit = measure_after_edit(AFTER_EDIT_PAGES)
        print(f"\nFirst request after an edit (one at a time, page cache on; medians of {AFTER_EDIT_TRIALS} edits)")  # fmt: skip
        print(f"{'page':<48} {'ordinary ms':>11} {'first ms':>9} {'ratio':>6}")
        for path, stats in after_edit.items():
            print(f"{path[:48]:<48} {stats['ordinary']:>11.2f} {stats['first']:>9.2f} {stats['first'] / stats['ordinary']:>6.2f}")  # fmt: skip
    else:
        print("\nFirst request after an edit: needs REDIS_URL (the generation the bench changes)")
    print(f"\nLoad average after: {' '.join(f'{n:.2f}' for n in os.getloadavg())}\n")
    for mode, results in runs.items():
        base = results["/healthz"]["rps"]
        for path, stats in results.items():
            print(f"BENCH mode={mode} path={path} rps={stats['rps']:.0f} ratio={stats['rps'] / base:.2f} "
                  f"p99_ms={stats['p99']:.2f} bytes={stats['bytes']} queries={queries.get(path, 0)}")  # fmt: skip


if __name__ == "__main__":
    main()
