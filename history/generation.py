"""The content generation: one token that changes whenever content changes.

Kept in Redis when REDIS_URL is set (shared by every app server), else in the
default cache. Everything built from content and kept between requests (the
whole-page cache, the read model that public pages render from) is keyed on
it, so one new token makes all of it stale at once, on every server.

`per_generation` keeps one value per process for the current generation: the
first request after a change builds it again, every other request reuses it.
A new day counts as a change too: pages say when a review is overdue.
"""

import functools
import logging
import threading
import uuid
from collections.abc import Callable

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

logger = logging.getLogger(__name__)

GENERATION_KEY = "content-generation"
# In Redis, beside the Django cache's own keys (which it prefixes "therapies:1:").
REDIS_GENERATION_KEY = "therapies:content-generation"


@functools.cache
def shared_redis() -> redis.Redis:
    """A plain Redis client for the generation token, one per process.

    Every cached page and every rendered page reads the token, so it skips
    Django's cache layer (key validation, pickling): measured here, 99 µs a
    read instead of 189 µs.
    """
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, health_check_interval=30)


def current_generation() -> str:
    if settings.REDIS_URL:
        generation = shared_redis().get(REDIS_GENERATION_KEY)
        if generation is None:
            shared_redis().set(REDIS_GENERATION_KEY, uuid.uuid4().hex, nx=True)
            generation = shared_redis().get(REDIS_GENERATION_KEY)
        return generation.decode()  # type: ignore[union-attr]  # the Redis client returns bytes
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def content_version(generation: str) -> str:
    """What every kept copy of a page depends on: the content generation and
    the day, because pages say when a review became overdue. The page cache's
    keys and the ETags browsers and Varnish revalidate with are built on it."""
    return f"{generation}:{timezone.localdate().isoformat()}"


def replace_generation() -> None:
    if settings.REDIS_URL:
        shared_redis().set(REDIS_GENERATION_KEY, uuid.uuid4().hex)
    else:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def readable_generation() -> str | None:
    """The current generation, or None when the shared cache cannot be read."""
    try:
        return current_generation()
    except Exception:
        return None


def generation_of(request) -> str | None:
    """The generation a request reads, once: the HTTP cache and the page
    cache may have read it already, and one page must not mix two."""
    if getattr(request, "content_generation", None) is None:
        request.content_generation = readable_generation()
    return request.content_generation


_per_generation: list["PerGeneration"] = []


class PerGeneration:
    """One value per process, built by `build()` for the current generation.

    The first value in a process is built while requests wait (the lock
    makes a crowd wait for one build, not each build its own). After that,
    a new generation is handled without making anyone wait: the request that
    notices it starts `refresh(old value)` in a background thread and is
    answered from the old value, marked `request.read_model_stale` so that
    its response is kept by no cache (config/page_cache.py); when the new
    value is ready it replaces the old one. So after an edit, readers may
    see the content as it was for as long as one refresh takes (about
    20-100 ms measured, `make bench`), and nobody waits for it. Without a
    request to mark (sitemaps, feeds), the caller waits for the new value.
    """

    def __init__(self, build: Callable, refresh: Callable | None = None):
        self.build = build
        self.refresh = refresh or (lambda old: build())
        # (key, value) in one attribute, so a reader never sees one of them
        # new and the other old.
        self.current: tuple[tuple, object] | None = None
        self.refreshing: tuple | None = None
        self.lock = threading.Lock()
        functools.update_wrapper(self, build)

    def __call__(self, request=None):
        """The value for the generation this request reads (or, without a
        request, the current one); built afresh when it cannot be read."""
        generation = generation_of(request) if request is not None else readable_generation()
        if generation is None:
            # The shared cache is down: nothing says whether content
            # changed, so build from the database every time.
            return self.build()
        key = (generation, timezone.localdate())
        current = self.current
        if current is not None and current[0] == key:
            return current[1]
        if (
            current is not None
            and request is not None
            and settings.READ_MODEL_REFRESH_IN_BACKGROUND
        ):
            self.refresh_in_background(key, current[1])
            request.read_model_stale = True
            return current[1]
        with self.lock:
            if self.current is None or self.current[0] != key:
                self.current = (key, self.build())
            return self.current[1]

    def refresh_in_background(self, key: tuple, old) -> None:
        with self.lock:
            if self.refreshing == key:
                return
            self.refreshing = key
        start_in_background(self._refresh, key, old)

    def _refresh(self, key: tuple, old) -> None:
        try:
            value = self.refresh(old)
            with self.lock:
                self.current = (key, value)
        except Exception:
            # Readers keep the old value; the next request tries again.
            logger.exception("Could not refresh the read model")
        finally:
            with self.lock:
                if self.refreshing == key:
                    self.refreshing = None

    def forget(self) -> None:
        with self.lock:
            self.current = None


def start_in_background(work: Callable, *args) -> None:
    def run():
        try:
            work(*args)
        finally:
            # This thread's database connections, which nothing else closes.
            connections.close_all()

    threading.Thread(target=run, name="read-model-refresh", daemon=True).start()


def per_generation(refresh: Callable | None = None) -> Callable[[Callable], PerGeneration]:
    """Decorator: `build` becomes a PerGeneration (`refresh(old)` builds its successor)."""

    def decorate(build: Callable) -> PerGeneration:
        kept = PerGeneration(build, refresh)
        _per_generation.append(kept)
        return kept

    return decorate


def forget_this_process() -> None:
    """Drop what this process built, at once.

    Called on every content change, before the commit: the process that made
    the change must not keep a value it may have built from the uncommitted
    change (or from just before it) under the old generation. Other
    processes learn of the change from the new generation after the commit.
    """
    for kept in _per_generation:
        kept.forget()
