"""Failed sign-in limits for the admin, per account and per address.

Counts live in the default cache (shared Redis in production, so the limit
holds across app servers). While locked, even the right password is refused.
An administrator unlocks an account from the Users list ("Unlock sign-in")
or with `python manage.py unlock_login USERNAME`.
"""

import logging

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

ACCOUNT_LIMIT = 10
ADDRESS_LIMIT = 30
LOCK_SECONDS = 15 * 60
logger = logging.getLogger("therapies.security")


def account_key(username: str) -> str:
    return f"login-failures:account:{username.strip().lower()}"


def address_key(address: str) -> str:
    return f"login-failures:address:{address}"


def failures(key: str) -> int:
    return cache.get(key, 0)


def add_failure(key: str) -> None:
    if not cache.add(key, 1, timeout=LOCK_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=LOCK_SECONDS)


def client_address(request) -> str:
    """The address the sign-in came from.

    Behind the load balancer REMOTE_ADDR is the balancer's own address, so one
    attacker would lock out every editor; the balancer appends the real client
    to X-Forwarded-For, and only the last entry is its (a client can forge the
    earlier ones, not that one).
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[-1].strip()[:64]
    return request.META.get("REMOTE_ADDR", "unknown")


def unlock(username: str) -> None:
    cache.delete(account_key(username))


class LockoutAdminAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "locked": (
            "Too many failed sign-ins. For your safety this account is locked for 15 minutes. "
            "If you need to sign in sooner, ask an administrator to unlock it."
        ),
    }

    def clean(self):
        username = self.data.get("username", "")
        address = client_address(self.request) if self.request else "unknown"
        if (
            failures(account_key(username)) >= ACCOUNT_LIMIT
            or failures(address_key(address)) >= ADDRESS_LIMIT
        ):
            logger.warning("Sign-in refused while locked: account=%r address=%s", username, address)
            raise ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except ValidationError:
            add_failure(account_key(username))
            add_failure(address_key(address))
            logger.warning("Failed sign-in: account=%r address=%s", username, address)
            raise
        cache.delete(account_key(username))
        logger.info("Signed in: account=%r address=%s", username, address)
        return cleaned
