"""Helpers for requests that every app may use."""

import ipaddress

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.utils.crypto import salted_hmac


def client_address(request: HttpRequest) -> str:
    """The address a request came from (sign-in limits, report limits).

    REMOTE_ADDR first: only when it is one of the proxies in front
    (DJANGO_TRUSTED_PROXIES) is X-Forwarded-For read at all, and then the
    client is its right-most entry that is not one of them. Each proxy
    appends the address it was reached from, so the entries left of the
    first proxy's are whatever the client sent: never trusted, or anyone could
    take a fresh address per request, or spend another reader's limits.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if not is_trusted_proxy(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        entry = entry.strip()
        if entry and not is_trusted_proxy(entry):
            return entry[:64]
    # Every hop was a proxy of ours (a health check, or the app's own BAN).
    return remote


def is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    # An IPv6 socket shows an IPv4 client as ::ffff:a.b.c.d.
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def keyed_digest(text: str) -> str:
    """A fixed-length stand-in for a client's address (or a login name) in a
    cache key, so the shared cache never holds them in plain text.

    Keyed with SECRET_KEY: a plain hash of an IPv4 address is undone by
    hashing all four billion of them.
    """
    return salted_hmac("common.http.keyed_digest", text, algorithm="sha256").hexdigest()[:32]


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
