"""The site's URLs plus views that fail, to test what readers see when things break."""

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("secret internal detail: /srv/app/settings.py line 42")


def forbidden(request):
    raise PermissionDenied("secret internal reason")


def database_down(request):
    raise OperationalError("connection to server at 10.0.0.5 port 5432 failed")


urlpatterns = [
    path("test-broken/", broken),
    path("test-forbidden/", forbidden),
    path("test-database-down/", database_down),
    *site_urlpatterns,
]
