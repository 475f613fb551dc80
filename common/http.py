"""Helpers for requests that every app may use."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address a request came from (sign-in limits, report limits).

    Behind the load balancer REMOTE_ADDR is the balancer's own address, so one
    attacker would lock out every editor; the balancer appends the real client
    to X-Forwarded-For, and only the last entry is its (a client can forge the
    earlier ones, not that one).
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[-1].strip()[:64]
    return request.META.get("REMOTE_ADDR", "unknown")


def absolute_url(request: HttpRequest, path: str) -> str:
    """The full address of a path on this site: on DJANGO_SITE_URL when it
    is set (canonical links name the public address whatever host a proxy
    passed on), else on the host the request came to.

    Empty for a request with a host the site does not serve: the 400 page
    for such a request must still render.
    """
    if settings.SITE_URL:
        return settings.SITE_URL + path
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        return ""
