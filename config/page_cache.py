"""Who may keep a page, and the whole-page cache for the pages anyone may keep.

Each view declares how it may be cached, beside the view (common/caching.py).
This middleware reads the declaration of the view a request is for and:

- public, and the request is a reader's GET or HEAD with no session or CSRF
  cookie: the finished page (compressed, when the browser takes gzip) is
  kept in this process's memory under a key of the content generation
  (history/generation.py, shared by every app server), the day (pages say
  when a review is overdue), the address and the query parameters the view
  reads; the view sees no other parameter. The response says
  "public, max-age=0, s-maxage=N, stale-while-revalidate=M", so browsers
  revalidate every time and Varnish or a CDN keeps it N seconds;
- anything else, including every view without a declaration, every error,
  redirect and POST: "private, no-store", no ETag, kept by nothing.

ETags come from the page's bytes (Django's ConditionalGetMiddleware, inside
this one); a browser revalidating a kept page is answered 304 from here.
Any content change replaces the generation once committed, so every server's
kept pages stop matching at once, and bans Varnish (config/varnish.py).
"""

import hashlib
import pickle
import threading
import time
from collections import OrderedDict
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.middleware.gzip import re_accepts_gzip
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from common.caching import PRIVATE, CachePolicy, policy_of
from config import varnish
from history.generation import forget_this_process, generation_of, replace_generation

PAGE_TIMEOUT = 10 * 60


def new_generation() -> None:
    replace_generation()
    # After the new generation, so Varnish refetches pages that are new.
    if settings.VARNISH_URLS:
        varnish.ban_everything()


def content_changed(**kwargs) -> None:
    """Every kept page on every server is stale once the change is committed.

    Waiting for the commit stops a reader keeping the old page under the new
    generation in the moment between the two. This process's read model is
    dropped at once (history/generation.py).
    """
    forget_this_process()
    transaction.on_commit(new_generation)


def policy_for(request) -> CachePolicy:
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return PRIVATE
    return policy_of(view) or PRIVATE


def served_publicly(request, policy: CachePolicy) -> bool:
    return (
        policy.public
        and request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        # A reader who used a form: their pages are kept nowhere.
        and settings.CSRF_COOKIE_NAME not in request.COOKIES
    )


def only_parameters_read(request, policy: CachePolicy) -> None:
    """The view sees only the query parameters it declared: any other cannot
    change a kept page, so "?utm=1", "?x=2"... share its one copy."""
    kept = QueryDict(mutable=True)
    for name in sorted(policy.reads & request.GET.keys()):
        kept.setlist(name, request.GET.getlist(name))
    kept._mutable = False
    request.GET = kept


def page_key(request) -> str | None:
    """None when the content generation cannot be read (Redis down): then
    nothing is kept or served from memory."""
    generation = generation_of(request)
    if generation is None:
        return None
    accepts_gzip = bool(re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")))
    address = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(request.GET, doseq=True)}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{generation}:{timezone.localdate().isoformat()}:{int(accepts_gzip)}:{digest}"


def can_be_kept(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "ETag" in response
        and "no-store" not in response.get("Cache-Control", "")
        # A nonce is per response; a page that used one cannot be shared.
        and not getattr(request, "_csp_nonce", None)
    )


def public_cache_control() -> str:
    return (
        f"public, max-age=0, s-maxage={settings.CDN_MAX_AGE}, "
        f"stale-while-revalidate={settings.CDN_STALE_SECONDS}"
    )


def mark_public(response) -> None:
    response.headers["Cache-Control"] = public_cache_control()
    patch_vary_headers(response, ("Accept-Encoding",))
    # Feeds set one from their newest item, which an edit does not change;
    # the ETag is exact, and one-second dates could hide a second edit.
    del response["Last-Modified"]


def mark_private(response) -> None:
    patch_cache_control(response, private=True, no_store=True)
    del response["ETag"]


class PageCacheMiddleware:
    """Placed after SecurityMiddleware and WhiteNoise, before GZip: a kept page
    skips sessions, authentication, views and templates, and is stored
    already compressed."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.pages = caches["pages"]

    def __call__(self, request):
        policy = policy_for(request)
        if not served_publicly(request, policy):
            # Validators are only for pages every reader shares.
            request.META.pop("HTTP_IF_NONE_MATCH", None)
            request.META.pop("HTTP_IF_MODIFIED_SINCE", None)
            response = self.get_response(request)
            mark_private(response)
            return response
        only_parameters_read(request, policy)
        key = page_key(request)
        stored = self.pages.get(key) if key and settings.PAGE_CACHE else None
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            self.say(response, "hit")
            return get_conditional_response(request, etag=response["ETag"], response=response)
        response = self.get_response(request)
        if response.status_code == 304:
            # Rendered again (not kept here yet) and found the same as the
            # browser's copy by Django's ConditionalGetMiddleware.
            mark_public(response)
            return response
        if not can_be_kept(request, response):
            mark_private(response)
            return response
        mark_public(response)
        if key and settings.PAGE_CACHE:
            headers = list(response.headers.items())
            self.pages.set(key, (response.status_code, headers, response.content), PAGE_TIMEOUT)
            self.say(response, "miss")
        return response

    @staticmethod
    def say(response, what: str) -> None:
        # For the test suite and `make bench` only (DJANGO_PAGE_CACHE_HEADER).
        if settings.PAGE_CACHE_HEADER:
            response.headers["X-Page-Cache"] = what


class BoundedMemoryCache(BaseCache):
    """A per-process cache bounded in bytes (OPTIONS["MAX_BYTES"]), least
    recently used out first. Django's LocMemCache bounds only the number of
    entries, and one page can be a megabyte. Values are pickled, as
    LocMemCache stores them, and an entry's size is its pickle's. Like
    LocMemCache, every thread's instance of one LOCATION shares one store."""

    ENTRY_OVERHEAD_BYTES = 500  # the key, the expiry, the dict's own slot

    def __init__(self, location, params):
        super().__init__(params)
        max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 64 * 1024 * 1024))
        with _stores_lock:
            self.store = _stores.setdefault(location, _Store(max_bytes))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        pickled = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        self.store.put(key, pickled, self.get_backend_timeout(timeout))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.has_key(key, version):
            return False
        self.set(key, value, timeout, version)
        return True

    def get(self, key, default=None, version=None):
        pickled = self.store.get(self.make_and_validate_key(key, version=version))
        return default if pickled is None else pickle.loads(pickled)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        pickled = self.store.get(key)
        if pickled is None:
            return False
        self.store.put(key, pickled, self.get_backend_timeout(timeout))
        return True

    def delete(self, key, version=None):
        return self.store.drop(self.make_and_validate_key(key, version=version))

    def has_key(self, key, version=None):
        return self.store.get(self.make_and_validate_key(key, version=version)) is not None

    def clear(self):
        self.store.clear()


class _Store:
    """Entries in least-recently-used order, with their total size."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.entries: OrderedDict[str, tuple[float | None, bytes]] = OrderedDict()
        self.total_bytes = 0
        self.lock = threading.Lock()

    @staticmethod
    def size(key: str, pickled: bytes) -> int:
        return len(key) + len(pickled) + BoundedMemoryCache.ENTRY_OVERHEAD_BYTES

    def put(self, key: str, pickled: bytes, expires: float | None) -> None:
        size = self.size(key, pickled)
        with self.lock:
            self._drop(key)
            if size > self.max_bytes:
                return
            while self.entries and self.total_bytes + size > self.max_bytes:
                self._drop(next(iter(self.entries)))
            self.entries[key] = (expires, pickled)
            self.total_bytes += size

    def get(self, key: str) -> bytes | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            expires, pickled = entry
            if expires is not None and expires <= time.time():
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return pickled

    def drop(self, key: str) -> bool:
        with self.lock:
            return self._drop(key)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.total_bytes = 0

    def _drop(self, key: str) -> bool:
        entry = self.entries.pop(key, None)
        if entry is not None:
            self.total_bytes -= self.size(key, entry[1])
        return entry is not None


_stores: dict[str, _Store] = {}
_stores_lock = threading.Lock()
