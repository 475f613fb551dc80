"""Failed sign-in limits for the admin: per account and address, per address,
and a much higher ceiling per account across all addresses.

- One account from one address: 10 failures lock that account *from that
  address*. An attacker elsewhere cannot lock an editor out of their own.
- One address, any accounts: 30 failures lock that address.
- One account, all addresses together: 100 failures (counted over a day) lock
  the account everywhere except from addresses it has signed in from in the
  last 90 days, against slow guessing spread over many addresses.

Each lock lasts until 15 minutes (a day for the account ceiling) after the
*last* failure, so guessing on through a lock keeps it closed. While locked,
even the right password is refused. Failures count against the account the
form would sign in to: the username as Django normalises it (NFKC, so
"ｅｄｉｔｈ" is "edith"), trimmed and case-folded. Counts live in the default
cache (shared Redis in production, so the limits hold across app servers).
An administrator unlocks an account from the Users list ("Unlock sign-in")
or with `python manage.py unlock_login USERNAME`. See SECURITY.md.
"""

import logging
import unicodedata
import uuid

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from redis.exceptions import RedisError

from common.http import client_address, keyed_digest

ACCOUNT_ADDRESS_LIMIT = 10
ADDRESS_LIMIT = 30
ACCOUNT_LIMIT = 100
LOCK_SECONDS = 15 * 60
ACCOUNT_WINDOW_SECONDS = 24 * 60 * 60
KNOWN_ADDRESS_SECONDS = 90 * 24 * 60 * 60
logger = logging.getLogger("therapies.security")


def identity(username: str) -> str:
    """The account a typed username signs in to, as the login form sees it.

    Django's form strips the username and normalises it (NFKC) before
    authenticating, so every look-alike spelling must count as one account.
    Case-folded too: stricter, never looser, than the lookup itself.
    """
    return unicodedata.normalize("NFKC", (username or "").strip()).strip().casefold()


def account_key(username: str) -> str:
    return f"login-failures:account:{keyed_digest(identity(username))}"


def address_key(address: str) -> str:
    return f"login-failures:address:{keyed_digest(address)}"


def epoch_key(username: str) -> str:
    return f"login-epoch:{keyed_digest(identity(username))}"


def pair_key(username: str, address: str) -> str:
    # The account's epoch changes when an administrator unlocks it, which
    # clears its per-address counts without knowing the addresses.
    epoch = cache.get(epoch_key(username), "0")
    return f"login-failures:pair:{epoch}:{keyed_digest(identity(username))}:{keyed_digest(address)}"


def known_key(username: str, address: str) -> str:
    return f"login-known:{keyed_digest(identity(username))}:{keyed_digest(address)}"


def failures(key: str) -> int:
    return cache.get(key, 0)


def add_failure(key: str, seconds: int) -> None:
    if cache.add(key, 1, timeout=seconds):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        return
    # The window runs from the latest failure, not the first.
    cache.touch(key, seconds)


def is_locked(username: str, address: str) -> bool:
    return (
        failures(pair_key(username, address)) >= ACCOUNT_ADDRESS_LIMIT
        or failures(address_key(address)) >= ADDRESS_LIMIT
        or (
            failures(account_key(username)) >= ACCOUNT_LIMIT
            and not cache.get(known_key(username, address))
        )
    )


def record_failure(username: str, address: str) -> None:
    add_failure(pair_key(username, address), LOCK_SECONDS)
    add_failure(address_key(address), LOCK_SECONDS)
    add_failure(account_key(username), ACCOUNT_WINDOW_SECONDS)


def record_success(username: str, address: str) -> None:
    # The account-wide count is left to expire: one success from the editor's
    # own address must not reset a slow guesser working elsewhere.
    cache.delete(pair_key(username, address))
    cache.set(known_key(username, address), True, timeout=KNOWN_ADDRESS_SECONDS)


def unlock(username: str) -> None:
    cache.delete(account_key(username))
    cache.set(epoch_key(username), uuid.uuid4().hex, timeout=None)


class LockoutAdminAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "locked": (
            "Too many failed sign-ins. For your safety, signing in to this account from here "
            "is paused until 15 minutes after the last failed attempt. "
            "If you need to sign in sooner, ask an administrator to unlock it."
        ),
        "unavailable": (
            "Signing in is not possible just now: part of the site that checks sign-ins "
            "is not answering. Nothing is wrong with your account. Please try again in "
            "a few minutes."
        ),
    }

    def clean(self):
        try:
            return self.clean_with_limits()
        except RedisError as error:
            # Without the shared cache the limits cannot be checked, so nobody
            # signs in (EditorsAdminSite.login answers 503); pages keep working.
            logger.error("Sign-in unavailable: the shared cache cannot be reached: %s", error)
            raise ValidationError(self.error_messages["unavailable"], code="unavailable") from None

    def clean_with_limits(self):
        username = self.data.get("username", "")
        account = identity(username)
        address = client_address(self.request) if self.request else "unknown"
        if is_locked(username, address):
            logger.warning("Sign-in refused while locked: account=%r address=%s", account, address)
            raise ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except ValidationError:
            record_failure(username, address)
            logger.warning("Failed sign-in: account=%r address=%s", account, address)
            raise
        # Django's clean() only authenticates when both fields are filled in:
        # a form with an empty password passes it without signing anyone in,
        # and must not clear the failures or mark the address as known.
        if self.user_cache is not None:
            record_success(username, address)
            logger.info("Signed in: account=%r address=%s", account, address)
        return cleaned
