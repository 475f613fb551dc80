import logging

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
        return response


class RejectNulBytesMiddleware:
    """Answers 400 to a request with a NUL byte anywhere in its address.

    No page, filter or search has a use for one, and PostgreSQL refuses it in
    any value that reaches a query (DataError, a 500) where SQLite accepts it.
    Checked once here, before the page cache, rather than in every view and
    admin filter. Form fields refuse NUL bytes in POST data themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return render(request, "400.html", status=400)
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
