"""Tell Varnish to drop its pages after every content change (VARNISH_URL).

Called right after the content generation is replaced (config/page_cache.py,
once the change is committed), so Varnish refetches pages that are already
new. The first attempt is made at once, so the next request through Varnish
goes to an app server (which shows the change once its read model is loaded
again, history/generation.py); it waits at most
BAN_TIMEOUT. A failure never fails the editor's save: it is logged and
retried a few times by a background thread. Many changes while a retry is
pending (an import saving thousands of records) become one more ban.

The thread is not a daemon, so a management command (import_content) waits
for its retries before exiting; they end within about ten seconds.
"""

import logging
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

BAN_TIMEOUT = 2
RETRY_DELAYS = (0.5, 1, 2, 4)

_lock = threading.Lock()
_retry_pending = False
_retrier: threading.Thread | None = None


def send_ban(url: str) -> None:
    """One BAN; raises on failure. Varnish's VCL (deploy/varnish.vcl) bans everything."""
    request = urllib.request.Request(url, method="BAN")
    with urllib.request.urlopen(request, timeout=BAN_TIMEOUT) as response:
        if response.status != 200:
            raise urllib.error.HTTPError(
                url, response.status, response.reason, response.headers, None
            )


def ban_everything() -> None:
    failed = []
    for url in settings.VARNISH_URLS:
        try:
            send_ban(url)
        except Exception as error:
            logger.warning("Varnish ban to %s failed (%s); retrying in the background", url, error)
            failed.append(url)
    if failed:
        retry_in_background()


def retry_in_background() -> None:
    global _retry_pending, _retrier
    with _lock:
        _retry_pending = True
        if _retrier is None or not _retrier.is_alive():
            _retrier = threading.Thread(target=_retry_pending_bans, name="varnish-ban")
            _retrier.start()


def _retry_pending_bans() -> None:
    global _retry_pending, _retrier
    while True:
        with _lock:
            if not _retry_pending:
                _retrier = None
                return
            _retry_pending = False
        # Every address again: a ban is cheap, and a partial success is rare.
        for url in settings.VARNISH_URLS:
            _ban_with_retries(url)


def _ban_with_retries(url: str) -> None:
    for delay in RETRY_DELAYS:
        time.sleep(delay)
        try:
            send_ban(url)
        except Exception as error:
            logger.warning("Varnish ban to %s failed again (%s)", url, error)
        else:
            return
    logger.error(
        "Varnish ban to %s failed %d times; its pages stay until they expire "
        "(DJANGO_CDN_MAX_AGE seconds)",
        url,
        len(RETRY_DELAYS) + 1,
    )
