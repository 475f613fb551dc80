"""Helpers for requests that every app may use."""

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
