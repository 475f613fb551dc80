"""Whole-page cache for readers, correct across many app servers.

Public pages are the same for every reader, so each app server keeps finished
responses in its own memory (the fastest place) under a key that includes one
shared "content generation" token (history/generation.py, in Redis when
REDIS_URL is set). Any content change replaces the token, so every server's
old pages stop matching at once. The read model that pages render from is
keyed on the same token (history/generation.py: after a change, a server may
answer from the old one for a moment while it loads the new; those answers
are never kept).

Never cached: editors (any request with a session cookie), the admin and
editor endpoints, health checks, anything but GET/HEAD, anything but a 200
(redirects repeat the address they were asked for, query and all), responses
that set a cookie, use a CSP nonce or say private/no-store, and pages that
carry a reader's own input (chooser results, searches, with or without their
trailing slash), which the site promises not to keep anywhere.

Memory: each process keeps at most DJANGO_PAGE_CACHE_MB of pages (least
recently used go first), and a page is stored once whatever query string
decorates its address: only the query parameters some page reads are part of
the key, so "?utm=1", "?x=2"... cannot each add a copy.
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip

from config import varnish
from history.generation import (
    content_version,
    current_generation,
    forget_this_process,
    replace_generation,
)

PAGE_TIMEOUT = 10 * 60
CACHEABLE_STATUSES = {200}
NEVER_CACHED_PREFIXES = (
    "/admin/",
    "/markdownx/",
    "/media/",
    "/healthz",
    "/readyz",
    # These pages contain what a reader typed; keeping them would store it.
    # No trailing slash: "/search?q=…" is answered by a redirect carrying it.
    "/which-therapy/result",
    "/search",
    # A form with a CSRF token, and the report a reader chose to send.
    "/report-a-mistake",
)
# The only query parameters a cached page reads (therapy list filter, article
# list and sitemap pages, the compare form's choices). Any other parameter
# does not change the page, so it is left out of the key.
KEYED_QUERY_PARAMETERS = ("condition", "page", "p", "therapy")
# Each entry also costs Python objects and the key beside the pickled page.
ENTRY_OVERHEAD_BYTES = 500


def new_generation() -> None:
    replace_generation()
    # After the new generation, so Varnish refetches pages that are new.
    if settings.VARNISH_URLS:
        varnish.ban_everything()


def content_changed(**kwargs) -> None:
    """Invalidate every cached page on every server, once the change is committed.

    Waiting for the commit stops a reader caching the old page under the new
    generation in the moment between the two. This process's read model is
    dropped at once (see history/generation.py).
    """
    forget_this_process()
    transaction.on_commit(new_generation)


def page_variant(request) -> tuple[bool, str]:
    """What makes one page differ from another: whether the browser takes
    gzip, and the address with only the query parameters pages read (any
    other parameter does not change a page). The page cache's key and the
    HTTP ETag both come from this, so they can never disagree."""
    # Exactly GZipMiddleware's test, so a page is never stored compressed (or
    # not) under a key that other browsers share ("nogzip" contains "gzip").
    accepts_gzip = bool(re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")))
    query = urlencode(
        [(name, value) for name in KEYED_QUERY_PARAMETERS for value in request.GET.getlist(name)]
    )
    return accepts_gzip, f"{request.scheme}://{request.get_host()}{request.path}?{query}"


def page_key(request, generation: str) -> str:
    accepts_gzip, address = page_variant(request)
    digest = hashlib.sha256(f"{request.method}:{address}".encode()).hexdigest()
    return f"page:{content_version(generation)}:{int(accepts_gzip)}:{digest}"


def request_is_cacheable(request) -> bool:
    return (
        request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(NEVER_CACHED_PREFIXES)
    )


def response_is_cacheable(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code in CACHEABLE_STATUSES
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
        # A nonce is per response; a page that used one cannot be shared.
        and not getattr(request, "_csp_nonce", None)
        # Rendered from the read model as it was before the latest change,
        # while the new one loads (history/generation.py): not to be kept.
        and not getattr(request, "read_model_stale", False)
    )


_sizes: dict[str, dict] = {}


class ByteBoundedLocMemCache(LocMemCache):
    """Django's local-memory cache with a budget in bytes (OPTIONS["MAX_BYTES"]).

    LocMemCache bounds only the number of entries, and one page can be a
    megabyte. Least recently used entries go first; an entry larger than the
    whole budget is not stored. Sizes are of the pickled value, as stored,
    plus an allowance per entry. Like LocMemCache, the store is shared by
    the threads of one process.
    """

    def __init__(self, name, params):
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 64 * 1024 * 1024))
        self._size = _sizes.setdefault(name, {"total": 0, "entries": {}})

    def _forget(self, key) -> None:
        self._size["total"] -= self._size["entries"].pop(key, 0)

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        size = len(key) + len(value) + ENTRY_OVERHEAD_BYTES
        self._delete(key)
        if size > self._max_bytes:
            return
        while self._cache and self._size["total"] + size > self._max_bytes:
            self._delete(next(reversed(self._cache)))  # least recently used
        super()._set(key, value, timeout)
        self._size["entries"][key] = size
        self._size["total"] += size

    def _cull(self):
        # By entry count (MAX_ENTRIES), as LocMemCache does, keeping sizes right.
        for _ in range(max(1, len(self._cache) // (self._cull_frequency or 1))):
            self._delete(next(reversed(self._cache)))

    def _delete(self, key):
        self._forget(key)
        return super()._delete(key)

    def incr(self, key, delta=1, version=None):
        raise NotImplementedError("The page cache stores pages, not counters.")

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._size["entries"].clear()
            self._size["total"] = 0


class PageCacheMiddleware:
    """Placed right after SecurityMiddleware and WhiteNoise: a hit skips
    sessions, authentication, URL resolving, views and templates."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.pages = caches["pages"]

    def __call__(self, request):
        if not request_is_cacheable(request):
            return self.get_response(request)
        try:
            # Read once per request: the HTTP cache middleware may have read it.
            generation = getattr(request, "content_generation", None) or current_generation()
            key = page_key(request, generation)
        except Exception:
            # The shared cache is down: serve uncached rather than fail.
            return self.get_response(request)
        stored = self.pages.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            if settings.PAGE_CACHE_HEADER:
                response.headers["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if response_is_cacheable(request, response):
            headers = list(response.headers.items())
            self.pages.set(key, (response.status_code, headers, response.content), PAGE_TIMEOUT)
            if settings.PAGE_CACHE_HEADER:
                response.headers["X-Page-Cache"] = "miss"
        return response
