"""`make bench`: requests per second of the key pages, as ratios to /healthz.

Starts the site as `make serve` does (production settings, PostgreSQL when
DATABASE_URL is set, else SQLite), loads it with wrk on loopback and prints,
for each application server in BENCH_SERVERS, one table with the page cache
off (every request rendered) and one with it on, then the same pages through
Varnish (deploy/varnish.vcl) in front of the first server, a summary
comparing the servers, and (with REDIS_URL) how long the first request after
an edit takes against an ordinary rendered one. Timings depend on the machine; ratios to /healthz
measured in the same run are what to compare. Nothing here is asserted by the
test suite.

BENCH_SERVERS: comma-separated, any of gunicorn-sync, gunicorn-gthread,
granian (default: all three; gunicorn-sync is run by deploy/serve, exactly as
`make serve` runs it; the first is the one Varnish and the after-edit rows use).
BENCH_THREADS: threads per worker for gunicorn-gthread and granian's
--blocking-threads (default 4, the DATABASE_POOL_MAX default, so no request
waits for a pooled connection).
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
import threading
import time
import urllib.request
import uuid
from pathlib import Path

from varnish_vcl import vcl_for

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8900"))
DURATION = os.environ.get("BENCH_DURATION", "5s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "32")
WORKERS = os.environ.get("WEB_CONCURRENCY", "2")
THREADS = os.environ.get("BENCH_THREADS", "4")
SERVERS = [
    name.strip()
    for name in os.environ.get("BENCH_SERVERS", "gunicorn-sync,gunicorn-gthread,granian").split(",")
    if name.strip()
]
VARNISH_PORT = PORT + 1
PAGES = [
    "/healthz",
    "/",
    "/therapies/ipt/",
    "/compare/ipt-vs-dit/",
    "/which-therapy/result/?childhood=yes&past=upsetting&sessions=about-8",
    "/articles/ipt-and-dit-are-they-the-same/",
    "STATIC_CSS",
]
# What a CDN would carry: the same pages (the chooser result shows a pass);
# static files are whitenoise's, not Varnish's, business.
VARNISH_PAGES = [page for page in PAGES if page != "STATIC_CSS"]
# The pages whose first request after an edit is timed (needs REDIS_URL, where
# the content generation is shared with the bench).
AFTER_EDIT_PAGES = PAGES[2:5]
AFTER_EDIT_TRIALS = 15
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


def server_command(kind: str) -> list[str]:
    gunicorn = [PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{PORT}",
                "--workers", WORKERS, "--no-control-socket"]  # fmt: skip
    if kind == "gunicorn-sync":
        # Exactly what `make serve` runs.
        return [str(ROOT / "deploy" / "serve")]
    if kind == "gunicorn-gthread":
        return [*gunicorn, "--worker-class", "gthread", "--threads", THREADS]
    if kind == "granian":
        # The settings it ran with when it was `make serve`'s server (deploy/serve
        # says why it no longer is).
        return [str(Path(PYTHON).parent / "granian"), "--interface", "wsgi", "config.wsgi:application",
                "--host", "127.0.0.1", "--port", str(PORT), "--workers", WORKERS,
                "--blocking-threads", THREADS, "--no-ws", "--no-access-log", "--log-level", "warning"]  # fmt: skip
    raise SystemExit(f"Unknown server {kind!r} in BENCH_SERVERS")


def wait_for(port: int, process: subprocess.Popen, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    process.kill()
    output = log.read_text(errors="replace")[-3000:] if log else ""
    raise SystemExit(f"{what} did not start:\n{output}")


# Each server's output, shown if it fails to start or stop.
SERVER_LOG = Path(tempfile.gettempdir()) / f"bench-server-{os.getpid()}.log"


def start_server(kind: str, page_cache: bool) -> subprocess.Popen:
    env = {
        **site_env(page_cache),
        "HOST": "127.0.0.1",
        "PORT": str(PORT),
        "WEB_CONCURRENCY": WORKERS,
        "WEB_THREADS": THREADS,
        "BIN": str(Path(PYTHON).parent),
    }
    with open(SERVER_LOG, "wb") as log:
        server = subprocess.Popen(
            server_command(kind), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            # Its own process group, so stop() can end workers a dead master left.
            start_new_session=True,
        )  # fmt: skip
    wait_for(PORT, server, kind, SERVER_LOG)
    return server


def stop(process: subprocess.Popen) -> None:
    """Stop a server and every process it started, so the next can bind the port."""
    process.terminate()
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        print(f"A server took over 40 s to stop; killed. Its log:\n{log_tail()}", flush=True)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=15)


def log_tail() -> str:
    return SERVER_LOG.read_text(errors="replace")[-3000:] if SERVER_LOG.exists() else ""


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


class ConnectionCounter:
    """The most PostgreSQL connections open to the site's database while running."""

    def __init__(self):
        self.url = os.environ.get("DATABASE_URL", "")
        self.most = None
        self._stop = threading.Event()

    def __enter__(self):
        if self.url.startswith("postgres"):
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()
        return self

    def _sample(self):
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            while not self._stop.is_set():
                count = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchone()[0]
                self.most = max(self.most or 0, count)
                self._stop.wait(0.25)

    def __exit__(self, *exc):
        self._stop.set()
        if self.url.startswith("postgres"):
            self._thread.join(timeout=5)


def fetch(path: str, headers: dict = HEADERS, port: int = PORT) -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def stylesheet_path() -> str:
    _, body = fetch("/", headers={"X-Forwarded-Proto": "https"})  # uncompressed
    return re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', body).group(1).decode()


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(wrk: str, path: str, port: int = PORT) -> dict:
    args = [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
    for name, value in HEADERS.items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*args, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True
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


def measure(wrk: str, paths: list[str], port: int = PORT) -> dict[str, dict]:
    results = {}
    for path in paths:
        status, body = fetch(path, port=port)
        fetch(path, port=port)  # warm the caches and the connection pool
        with ConnectionCounter() as connections:
            stats = run_wrk(wrk, path, port=port)
        stats["bytes"] = len(body)
        stats["status"] = status
        stats["connections"] = connections.most
        results[path] = stats
    return results


def measure_server(wrk: str, kind: str, page_cache: bool, paths: list[str]) -> dict[str, dict]:
    server = start_server(kind, page_cache)
    try:
        return measure(wrk, paths)
    finally:
        stop(server)


def measure_varnish(wrk: str, kind: str, paths: list[str]) -> dict[str, dict]:
    server = start_server(kind, page_cache=True)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-varnish-") as workdir:
            varnish = start_varnish(Path(workdir))
            try:
                results = measure(wrk, paths, port=VARNISH_PORT)
                # The ratio's base: /healthz straight from the app server, same run.
                results["/healthz"] = run_wrk(wrk, "/healthz") | {
                    "bytes": results["/healthz"]["bytes"],
                    "connections": results["/healthz"]["connections"],
                }
                return results
            finally:
                stop(varnish)
    finally:
        stop(server)


def timed_fetch(path: str) -> tuple[float, bool]:
    """Milliseconds for one request, alone on its connection, and whether the
    page came from the current read model (one answered from the old one
    while the new one loads says X-Read-Model: old)."""
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=HEADERS)
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()
        fresh = response.headers.get("X-Read-Model") != "old"
    return (time.perf_counter() - started) * 1000, fresh


def measure_after_edit(kind: str, paths: list[str], background: bool) -> dict[str, dict]:
    """One request at a time, page cache off: an ordinary rendered request,
    and the first request after a content change (a new content generation,
    exactly what an editor's save does once it commits). With the refresh in
    the background (the default), also how long until every request is
    answered from the new read model, and the slowest request meanwhile."""
    import redis

    sys.path.insert(0, str(ROOT))
    from history.generation import REDIS_GENERATION_KEY

    shared = redis.Redis.from_url(os.environ["REDIS_URL"])
    os.environ["DJANGO_READ_MODEL_REFRESH_IN_BACKGROUND"] = "1" if background else "0"
    os.environ["DJANGO_PAGE_CACHE_HEADER"] = "1"  # and X-Read-Model
    try:
        server = start_server(kind, page_cache=False)
    finally:
        del os.environ["DJANGO_READ_MODEL_REFRESH_IN_BACKGROUND"]
        del os.environ["DJANGO_PAGE_CACHE_HEADER"]
    results = {}
    try:
        for path in paths:
            for _ in range(10):
                timed_fetch(path)  # both workers warm
            ordinary = statistics.median(timed_fetch(path)[0] for _ in range(AFTER_EDIT_TRIALS))
            first, until_fresh, slowest = [], [], []
            for _ in range(AFTER_EDIT_TRIALS):
                shared.set(REDIS_GENERATION_KEY, uuid.uuid4().hex)
                changed = time.perf_counter()
                took, fresh = timed_fetch(path)
                first.append(took)
                # Until three answers in a row (both workers) are from the new model.
                times, in_a_row = [took], int(fresh)
                while in_a_row < 3 and time.perf_counter() - changed < 10:
                    took, fresh = timed_fetch(path)
                    times.append(took)
                    in_a_row = in_a_row + 1 if fresh else 0
                until_fresh.append((time.perf_counter() - changed) * 1000)
                slowest.append(max(times))
            results[path] = {
                "ordinary": ordinary,
                "after_edit": statistics.median(first),
                "until_fresh": statistics.median(until_fresh),
                "slowest": statistics.median(slowest),
            }
    finally:
        stop(server)
    return results


def print_after_edit(kind: str, background: bool, results: dict[str, dict]) -> None:
    how = "in the background" if background else "in the request (background refresh off)"
    print(
        f"\nFirst request after an edit ({kind}, read model refreshed {how}; page cache off, "
        f"one request at a time; medians of {AFTER_EDIT_TRIALS} edits)"
    )
    print(
        f"{'page':<48} {'ordinary ms':>11} {'first ms':>9} {'ratio':>6} "
        f"{'all new after ms':>16} {'slowest ms':>10}"
    )
    for path, stats in results.items():
        shown = path if len(path) <= 48 else path[:45] + "..."
        print(
            f"{shown:<48} {stats['ordinary']:>11.2f} {stats['after_edit']:>9.2f} "
            f"{stats['after_edit'] / stats['ordinary']:>6.2f} {stats['until_fresh']:>16.1f} "
            f"{stats['slowest']:>10.2f}"
        )


def print_table(title: str, results: dict[str, dict], queries: dict[str, int]) -> None:
    base = results["/healthz"]["rps"]
    print(f"\n{title}")
    print(
        f"{'page':<48} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'non2xx':>6} "
        f"{'bytes':>7} {'SQL':>4} {'PG conns':>8}"
    )
    for path, stats in results.items():
        shown = path if len(path) <= 48 else path[:45] + "..."
        conns = "-" if stats.get("connections") is None else str(stats["connections"])
        print(
            f"{shown:<48} {stats['rps']:>8.0f} {stats['rps'] / base:>6.2f} {stats['p50']:>7.2f} "
            f"{stats['p99']:>7.2f} {stats['non_2xx']:>6} {stats['bytes']:>7} "
            f"{queries.get(path, 0):>4} {conns:>8}"
        )


def print_summary(runs: dict[tuple[str, str], dict[str, dict]]) -> None:
    """One line per server and mode: rendered and cached pages side by side."""
    print(
        "\nServers compared (req/s; ratio to that server's /healthz; worst p99; most PG connections)"
    )
    print(
        f"{'server':<18} {'mode':<5} {'healthz':>8} {'/':>13} {'profile':>13} {'compare':>13} "
        f"{'chooser':>13} {'article':>13} {'p99 ms':>7} {'PG conns':>8} {'non2xx':>6}"
    )
    for (kind, mode), results in runs.items():
        base = results["/healthz"]["rps"]
        cells = []
        for path in PAGES[1:6]:
            stats = results[path]
            cells.append(f"{stats['rps']:>6.0f} {stats['rps'] / base:>5.2f}x")
        conns = [s["connections"] for s in results.values() if s.get("connections") is not None]
        p99 = max(s["p99"] for s in results.values())
        non_2xx = sum(s["non_2xx"] for s in results.values())
        print(
            f"{kind:<18} {mode:<5} {base:>8.0f} {' '.join(f'{c:>13}' for c in cells)} "
            f"{p99:>7.1f} {max(conns) if conns else '-':>8} {non_2xx:>6}"
        )


def main() -> None:
    wrk = ensure_wrk()
    database = (
        "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    )
    servers = [kind for kind in SERVERS if kind != "granian" or granian_installed()]
    if servers != SERVERS:
        print("granian is not installed (make .venv/.installed installs it): left out")
    use_varnish = os.environ.get("BENCH_VARNISH", "1") != "0" and varnishd_installed()
    print(
        f"Benchmark: {', '.join(servers)}; {WORKERS} workers, {THREADS} threads where threaded; "
        f"{database}, wrk -c{CONNECTIONS} -d{DURATION}, {os.cpu_count()} cores, "
        f"load average before {' '.join(f'{n:.2f}' for n in os.getloadavg())}"
    )
    prepare()
    server = start_server(servers[0], page_cache=True)
    try:
        paths = [stylesheet_path() if page == "STATIC_CSS" else page for page in PAGES]
    finally:
        stop(server)
    queries = queries_per_page([p for p in paths if not p.startswith("/static/")])
    runs = {}
    for kind in servers:
        runs[kind, "cold"] = measure_server(wrk, kind, page_cache=False, paths=paths)
        print_table(
            f"{kind}, cold: page cache off (every page rendered)", runs[kind, "cold"], queries
        )
        runs[kind, "warm"] = measure_server(wrk, kind, page_cache=True, paths=paths)
        print_table(f"{kind}, warm: page cache on", runs[kind, "warm"], queries)
    if use_varnish:
        varnish_paths = [*VARNISH_PAGES, paths[-1]]
        through = measure_varnish(wrk, servers[0], varnish_paths)
        print_table(
            f"Through Varnish in front of {servers[0]} (ratio to the app's own /healthz; "
            "the chooser result passes)",
            through,
            queries,
        )
    print_summary(runs)
    after_edit = {}
    if os.environ.get("REDIS_URL"):
        for background in [True, False]:
            results = measure_after_edit(servers[0], AFTER_EDIT_PAGES, background)
            print_after_edit(servers[0], background, results)
            after_edit.update({(path, background): stats for path, stats in results.items()})
    else:
        print("\nFirst request after an edit: needs REDIS_URL (the generation the bench changes)")
    print(f"\nLoad average after: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    print()
    all_runs = {f"{kind}:{mode}": results for (kind, mode), results in runs.items()}
    if use_varnish:
        all_runs[f"varnish+{servers[0]}:warm"] = through
    for label, results in all_runs.items():
        base = results["/healthz"]["rps"]
        for path, stats in results.items():
            print(
                f"BENCH mode={label} path={path} rps={stats['rps']:.0f} ratio={stats['rps'] / base:.2f} "
                f"p50_ms={stats['p50']:.2f} p99_ms={stats['p99']:.2f} non2xx={stats['non_2xx']} "
                f"bytes={stats['bytes']} queries={queries.get(path, 0)} "
                f"pg_connections={stats.get('connections')}"
            )
    for (path, background), stats in after_edit.items():
        mode = "after-edit" if background else "after-edit-waiting"
        print(
            f"BENCH mode={mode} path={path} ordinary_ms={stats['ordinary']:.2f} "
            f"after_edit_ms={stats['after_edit']:.2f} "
            f"ratio={stats['after_edit'] / stats['ordinary']:.2f} "
            f"all_new_after_ms={stats['until_fresh']:.1f} slowest_ms={stats['slowest']:.2f}"
        )


def granian_installed() -> bool:
    return (Path(PYTHON).parent / "granian").exists()


def varnishd_installed() -> bool:
    if shutil.which("varnishd") or os.path.exists("/usr/sbin/varnishd"):
        return True
    print("varnishd is not installed (apt-get install varnish): no Varnish rows")
    return False


if __name__ == "__main__":
    main()
