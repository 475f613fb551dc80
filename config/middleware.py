import logging
import re

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.shortcuts import render
from django.utils.csp import CSP, build_policy

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """The first middleware, so every response carries the same security headers.

    Responses made by other middleware never pass the ones further in: the
    redirect to HTTPS (SecurityMiddleware), the 400 for a NUL byte, a 400 for
    an unknown host (raised before XFrameOptionsMiddleware). Headers a page
    already has are kept; the CSP fallback has no nonce, as a page that used
    one got its header from Django's CSP middleware. Permissions-Policy: the
    site needs no camera, microphone, location or other powerful feature.
    A response that says nothing about caching is kept by nothing (the page
    cache decides for everything that passes it, config/page_cache.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        headers = response.headers
        if settings.SECURE_CSP:
            # A plain str name: the development server (wsgiref) refuses any
            # other type, and CSP.HEADER_ENFORCE is an enum member.
            headers.setdefault(str(CSP.HEADER_ENFORCE), build_policy(settings.SECURE_CSP))
        headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        headers.setdefault("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY)
        headers.setdefault("Cache-Control", "private, no-store")
        return response


# "gzip;q=0", "gzip; q=0.000": the browser says it will not take gzip.
REFUSES_GZIP = re.compile(r"(?:^|,)\s*gzip\s*;\s*q\s*=\s*0(?:\.0{0,3})?\s*(?:,|$)", re.IGNORECASE)


class CleanRequestMiddleware:
    """Refuses what no page can use, and reads Accept-Encoding properly.

    A body larger than the site ever needs (REQUEST_BODY_MAX_BYTES) is
    answered 413 before anything reads it: Django limits form fields but not
    files, and a 100 MB multipart POST to any form was read to a temporary
    file before the CSRF check refused it. nginx refuses such bodies first
    (deploy/nginx.conf); this is the same limit where no nginx is in front.

    A NUL byte anywhere in the address or a cookie is answered 400: no page,
    filter or search has a use for one, PostgreSQL refuses it in any value
    that reaches a query (DataError, a 500) where SQLite accepts it, and the
    session backend fails on one in its cookie. Checked once here, before the
    page cache, rather than in every view and admin filter. Form fields
    refuse NUL bytes in POST data themselves.

    Django's GZip (and the page cache's key) see "gzip" anywhere in
    Accept-Encoding as a yes, so "gzip;q=0" (a no) is taken out first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body then
        if length > settings.REQUEST_BODY_MAX_BYTES:
            return render(request, "413.html", status=413)
        if (
            "\x00" in request.path
            or any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()
            )
            or any("\x00" in name + value for name, value in request.COOKIES.items())
        ):
            return render(request, "400.html", status=400)
        accept_encoding = request.META.get("HTTP_ACCEPT_ENCODING", "")
        if REFUSES_GZIP.search(accept_encoding):
            request.META["HTTP_ACCEPT_ENCODING"] = REFUSES_GZIP.sub(",", accept_encoding)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Turns "the database is down" into a friendly 503 page instead of a 500.

    The connection that failed is closed so the next request opens a new one:
    when the database comes back the site recovers with no restart.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable while serving %s: %s", request.path, exception)
        for connection in connections.all(initialized_only=True):
            connection.close()
        response = render(request, "503.html", status=503)
        response.headers["Retry-After"] = "30"
        return response
