import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.shortcuts import render

logger = logging.getLogger(__name__)


class PermissionsPolicyMiddleware:
    """Adds a Permissions-Policy header: the site needs no camera, microphone,
    location or other powerful browser feature, so it asks for none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
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
