"""HTTP caching headers, so browsers and a CDN or Varnish can carry the readers.

Public pages (the same for every reader) get a strong ETag made from the
content generation (config/page_cache.py) and the page, and
"Cache-Control: public, max-age=0, s-maxage=N, stale-while-revalidate=M":
browsers revalidate every time (a 304 costs no rendering), shared caches keep
a page for N seconds and may serve it M seconds longer while they refetch.

Everything else is "private, no-store" (added to what the view said): the admin and previews, signed-in
editors, pages holding what a reader typed (chooser results, searches with a
query, the report form), POSTs, errors and redirects, and any request
carrying the session or CSRF cookie.

A conditional request is answered here, before the page cache, sessions,
URLs and views: the ETag is known from the request alone, because any
content change replaces the generation and so every ETag at once.

No Last-Modified: the generation has no trustworthy time. Dates have
one-second resolution (two edits in one second would leave the second
unseen) and app servers' clocks differ; If-None-Match takes precedence
wherever both are sent, so the ETag alone is exact.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from config.page_cache import (
    content_version,
    current_generation,
    page_variant,
    request_is_cacheable,
    response_is_cacheable,
)

# The search page with no query at all is the same for everyone; with one it
# holds what the reader typed (and the page cache never keeps any of /search).
EMPTY_SEARCH_PATH = "/search/"


def public_cache_control() -> str:
    return (
        f"public, max-age=0, s-maxage={settings.CDN_MAX_AGE}, "
        f"stale-while-revalidate={settings.CDN_STALE_SECONDS}"
    )


def request_is_public(request) -> bool:
    if settings.CSRF_COOKIE_NAME in request.COOKIES:
        # Someone who used a form; their pages are not kept anywhere.
        return False
    if request.path == EMPTY_SEARCH_PATH and not request.META.get("QUERY_STRING"):
        return (
            request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
    return request_is_cacheable(request)


def etag_for(request, generation: str) -> str:
    """Strong: one per generation and day, address and encoding (gzip or not).

    It varies exactly as the page cache's key does. GET and HEAD share an ETag.
    The day is in it so that a browser or Varnish revalidating after midnight
    gets a page whose review has just become overdue, not a 304.
    """
    accepts_gzip, address = page_variant(request)
    address = f"{content_version(generation)}|{int(accepts_gzip)}|{address}"
    return '"' + hashlib.sha256(address.encode()).hexdigest()[:32] + '"'


class HttpCacheMiddleware:
    """Placed before the page cache, so a 304 costs neither cache nor view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        etag = None
        if request_is_public(request):
            try:
                # Kept for the page cache, which keys pages on the same token
                # (one round trip to Redis per request, not two).
                request.content_generation = current_generation()
                etag = etag_for(request, request.content_generation)
            except Exception:
                # The shared cache is down: no validator, the page is rendered.
                etag = None
        if etag and etag_matches(request, etag):
            response = HttpResponseNotModified()
            self.mark_public(response, etag)
            return response
        response = self.get_response(request)
        if settings.PAGE_CACHE_HEADER and getattr(request, "read_model_stale", False):
            # For the test suite and `make bench`: answered from the read
            # model as it was before the latest change (history/generation.py).
            response.headers["X-Read-Model"] = "old"
        # Feeds set one from their newest item, which an edit does not change.
        del response["Last-Modified"]
        if etag and response_is_cacheable(request, response):
            self.mark_public(response, etag)
        else:
            # Added to what the view said (never_cache's no-cache stays).
            patch_cache_control(response, private=True, no_store=True)
            del response["ETag"]
        return response

    @staticmethod
    def mark_public(response, etag: str) -> None:
        response.headers["ETag"] = etag
        response.headers["Cache-Control"] = public_cache_control()
        patch_vary_headers(response, ("Accept-Encoding",))


def etag_matches(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    candidates = parse_etags(header)
    # "*" would match any stored page; a reader's cache only ever holds ours.
    return etag in candidates or f"W/{etag}" in candidates
