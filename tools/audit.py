"""`make audit`: Lighthouse scores of the main pages.

Starts the site as `make serve` does, runs Lighthouse (npm package, driving
Debian's Chromium) against each page as if through the HTTPS proxy, and
prints the four category scores. Targets: accessibility, best practices and
SEO 100; performance 95 or more. Lists every failed audit by page, and retries
a page once when Lighthouse itself fails, printing Lighthouse's own error if
the retry fails too.
"""

import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("AUDIT_PORT", "8910"))
PAGES = [
    "/",
    "/therapies/ipt/",
    "/compare/ipt-vs-dit/",
    "/which-therapy/",
    "/which-therapy/result/?childhood=yes&past=upsetting",
    "/articles/ipt-and-dit-are-they-the-same/",
]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
    "--disable-background-networking --disable-component-update --disable-sync "
    "--no-first-run --disable-quic"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def main() -> int:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Lighthouse fetches robots.txt itself, without the proxy header, and
        # there is no TLS here to be redirected to.
        "DJANGO_SSL_REDIRECT": "0",
    }
    for command in [
        ["collectstatic", "--noinput", "-v0"],
        ["migrate", "--noinput", "-v0"],
        ["load_starter_content"],
    ]:
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    # The server's log is kept, to show with Lighthouse's error when a page fails.
    server_log = tempfile.NamedTemporaryFile("w+", prefix="audit-server-", suffix=".log")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", "2", "--no-control-socket"],
        cwd=ROOT, env=env, stdout=server_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        print(f"{'page':<52} " + " ".join(f"{c[:13]:>14}" for c in CATEGORIES))
        misses, failures, broken = 0, {}, []
        for path in PAGES:
            result = lighthouse_with_retry(f"http://127.0.0.1:{PORT}{path}")
            if result is None:
                server_log.seek(0)
                print("The server's log ends:\n" + server_log.read()[-3000:], file=sys.stderr)
                broken.append(path)
                print(f"{path[:52]:<52} Lighthouse failed twice (its error is above)")
                continue
            scores, failed = result
            misses += sum(scores[c] < TARGETS[c] for c in CATEGORIES)
            failures[path] = failed
            print(f"{path[:52]:<52} " + " ".join(f"{scores[c]:>14}" for c in CATEGORIES))
        print(f"\nTargets: performance >= 95, others 100. Scores below target: {misses}.")
        for path, (failed, unweighted) in failures.items():
            for line in failed:
                print(f"  failed on {path}: {line}")
            for line in unweighted:
                print(f"  listed, not scored, on {path}: {line}")
        if not any(failed for failed, _ in failures.values()):
            print("No failed audits that count towards a score.")
        return 1 if broken else 0
    finally:
        server.terminate()
        server.wait(timeout=10)
        server_log.close()


class LighthouseError(Exception):
    pass


def lighthouse_with_retry(url: str):
    """Lighthouse now and then exits 1 for reasons of its own: try once more."""
    for attempt in (1, 2):
        try:
            return lighthouse(url)
        except LighthouseError as error:
            if attempt == 2:
                print(f"Lighthouse failed on {url}:\n{error}", file=sys.stderr)
            else:
                print(f"Lighthouse failed on {url}; trying once more.", file=sys.stderr)
    return None


def lighthouse(url: str) -> tuple[dict[str, int], tuple[list[str], list[str]]]:
    """The four category scores, and the audits that failed, as 'id: title':
    those that count towards a score, and those Lighthouse lists with weight 0
    (its performance "insights")."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        run = subprocess.run(
            [
                str(ROOT / "node_modules" / ".bin" / "lighthouse"), url, "--quiet",
                "--output=json", f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}",
                '--extra-headers={"X-Forwarded-Proto": "https"}',
                "--only-categories=" + ",".join(CATEGORIES),
            ],
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            capture_output=True, text=True,
        )  # fmt: skip
        if run.returncode != 0 or not report.exists():
            output = (run.stderr or run.stdout or "(no output)").strip()
            raise LighthouseError(f"exit status {run.returncode}\n" + output[-3000:])
        data = json.loads(report.read_text())
    # A category whose audits could not run has no score; show it as 0.
    scores = {c: round((data["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    weights = {
        ref["id"]: ref["weight"] for c in CATEGORIES for ref in data["categories"][c]["auditRefs"]
    }
    # Lighthouse's own report counts an audit as passed from a score of 0.9.
    failed = sorted(
        audit_id
        for audit_id, audit in data["audits"].items()
        if audit_id in weights
        and audit["scoreDisplayMode"] in {"binary", "numeric"}
        and audit["score"] is not None
        and audit["score"] < 0.9
    )
    title = {audit_id: f"{audit_id}: {data['audits'][audit_id]['title']}" for audit_id in failed}
    return scores, (
        [title[a] for a in failed if weights[a] > 0],
        [title[a] for a in failed if weights[a] == 0],
    )


if __name__ == "__main__":
    sys.exit(main())
