"""`make audit`: Lighthouse scores of the main pages.

Starts the site as `make serve` does, runs Lighthouse (npm package, driving
Debian's Chromium) against each page as if through the HTTPS proxy, and
prints the four category scores. Targets: accessibility, best practices and
SEO 100; performance 95 or more.
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
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", "2", "--no-control-socket"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        print(f"{'page':<52} " + " ".join(f"{c[:13]:>14}" for c in CATEGORIES))
        misses = 0
        for path in PAGES:
            scores = lighthouse(f"http://127.0.0.1:{PORT}{path}")
            misses += sum(scores[c] < TARGETS[c] for c in CATEGORIES)
            print(f"{path[:52]:<52} " + " ".join(f"{scores[c]:>14}" for c in CATEGORIES))
        print(f"\nTargets: performance >= 95, others 100. Scores below target: {misses}.")
        return 0
    finally:
        server.terminate()
        server.wait(timeout=10)


def lighthouse(url: str) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                str(ROOT / "node_modules" / ".bin" / "lighthouse"), url, "--quiet",
                "--output=json", f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}",
                '--extra-headers={"X-Forwarded-Proto": "https"}',
                "--only-categories=" + ",".join(CATEGORIES),
            ],
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        data = json.loads(report.read_text())
    # A category whose audits could not run has no score; show it as 0.
    return {c: round((data["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}


if __name__ == "__main__":
    sys.exit(main())
